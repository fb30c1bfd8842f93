import { createHash, createHmac } from "node:crypto";

/** The SHA256 fingerprint as OpenSSH prints it: "SHA256:" + unpadded base64 of the key blob. */
export function fingerprintOf(keyBlob: Buffer): string {
  return "SHA256:" + createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "");
}

/** How a host appears in known_hosts: "addr" on port 22, "[addr]:port" otherwise. */
function hostPattern(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

function matchesHost(field: string, pattern: string): boolean {
  if (field.startsWith("|1|")) {
    // Hashed entry: |1|base64(salt)|base64(HMAC-SHA1(salt, host)).
    const [, , salt, hash] = field.split("|");
    if (!salt || !hash) return false;
    const mac = createHmac("sha1", Buffer.from(salt, "base64")).update(pattern).digest("base64");
    return mac === hash;
  }
  return field.split(",").includes(pattern);
}

/**
 * Fingerprints of the keys that a known_hosts text pins for a host. Revoked and CA lines
 * (@revoked, @cert-authority) are not host pins and are ignored.
 */
export function fingerprintsFromKnownHosts(text: string, address: string, port: number): string[] {
  const pattern = hostPattern(address, port);
  const found: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith("@")) continue;
    const [hosts, , key] = line.split(/\s+/);
    if (!hosts || !key || !matchesHost(hosts, pattern)) continue;
    found.push(fingerprintOf(Buffer.from(key, "base64")));
  }
  return found;
}
