/**
 * What a request says about its client and transport. Forwarded headers (X-Forwarded-For,
 * -Proto, -Host) are believed only from a reverse proxy listed in OVNSCOPE_TRUSTED_PROXIES
 * (default: none): anyone else could write them, e.g. a new X-Forwarded-For per attempt to
 * escape the per-address sign-in throttle. The direct peer's address comes from the socket:
 * `lib/auth/peer-mark.ts`, installed at server start, stamps it on every request (PEER_HEADER,
 * with a per-process nonce a client cannot forge) and drops forwarded headers an untrusted peer
 * sent, before Next sees the request (Next then fills in its own, from the socket).
 */
import { BlockList, isIP } from "node:net";

interface HeaderLike {
  get(name: string): string | null;
}

export const TRUSTED_PROXIES_ENV = "OVNSCOPE_TRUSTED_PROXIES";
/** The direct peer's address, as `<nonce> <address>`; set by the server, never by a client. */
export const PEER_HEADER = "x-ovnscope-peer";
/** What only a trusted proxy may tell; dropped from anyone else's request. */
export const FORWARDED_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-port",
  "forwarded",
  "x-real-ip",
] as const;

export class TrustedProxiesError extends Error {}

export interface TrustedProxies {
  /** The entries as configured (for the start-up log). */
  readonly entries: string[];
  /** Is this address (IPv4, IPv6 or IPv4-mapped IPv6) one of them? */
  has(address: string): boolean;
}

/** `::ffff:192.0.2.1` → `192.0.2.1`; `[2001:db8::1]` → `2001:db8::1`; anything else as it is. */
export function normalizeAddress(address: string): string {
  const a = address.trim().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return (mapped ? mapped[1]! : a).slice(0, 64);
}

/**
 * OVNSCOPE_TRUSTED_PROXIES: comma-separated addresses and CIDR ranges, IPv4 or IPv6
 * (`127.0.0.1, 10.0.0.0/8, ::1, fd00::/8`); an IPv4 entry also matches its IPv4-mapped IPv6
 * form and the other way round. Empty or unset: none. A bad entry throws, naming it.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const entries = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const list = new BlockList();
  for (const entry of entries) {
    const m = /^([^/]+?)(?:\/(\d{1,3}))?$/.exec(entry);
    const address = m ? normalizeAddress(m[1]!) : "";
    const family = isIP(address);
    const bad = (why: string) =>
      new TrustedProxiesError(
        `${TRUSTED_PROXIES_ENV}: ${JSON.stringify(entry)} ${why}; expected comma-separated IPv4/IPv6 addresses or CIDR ranges, e.g. "127.0.0.1, 10.0.0.0/8, ::1"`,
      );
    if (!m || family === 0 || address.includes("%")) throw bad("is not an IP address or range");
    const type = family === 4 ? "ipv4" : "ipv6";
    if (m[2] === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(m[2]);
      if (prefix > (family === 4 ? 32 : 128))
        throw bad(`has a prefix longer than ${family === 4 ? 32 : 128} bits`);
      list.addSubnet(address, prefix, type);
    }
  }
  return {
    entries,
    has(address) {
      const a = normalizeAddress(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

let cached: { value: string | undefined; proxies: TrustedProxies } | undefined;
/** The configured proxies (validated at server start, so this does not throw while serving). */
export function trustedProxies(env: Record<string, string | undefined> = process.env) {
  const value = env[TRUSTED_PROXIES_ENV];
  if (!cached || cached.value !== value) cached = { value, proxies: parseTrustedProxies(value) };
  return cached.proxies;
}

const NONCE = Symbol.for("ovnscope.peerNonce");
type WithNonce = typeof globalThis & { [NONCE]?: string };

/** The nonce the server's peer marking uses (lib/auth/peer-mark.ts sets it once). */
export function peerNonce(): string | undefined {
  return (globalThis as WithNonce)[NONCE];
}
export function setPeerNonce(nonce: string) {
  (globalThis as WithNonce)[NONCE] ??= nonce;
  return (globalThis as WithNonce)[NONCE]!;
}

/**
 * What the server does to a request's headers as it arrives (pure, on node's header object):
 * stamps the socket's peer address, and drops the forwarded headers unless that peer is a
 * trusted proxy. Any PEER_HEADER the client sent is overwritten.
 */
export function markPeer(
  headers: Record<string, string | string[] | undefined>,
  peer: string | undefined,
  trusted: TrustedProxies,
  nonce: string,
): void {
  const address = peer ? normalizeAddress(peer) : "";
  headers[PEER_HEADER] = `${nonce} ${address || "unknown"}`;
  if (!address || !trusted.has(address)) for (const h of FORWARDED_HEADERS) delete headers[h];
}

/** The direct peer as the server stamped it, or null (no stamp, or one a client forged). */
export function peerOf(
  headers: HeaderLike,
  trusted: TrustedProxies = trustedProxies(),
  nonce: string | undefined = peerNonce(),
): { address: string; trusted: boolean } | null {
  const [stamp, address] = (headers.get(PEER_HEADER) ?? "").split(" ");
  if (!nonce || stamp !== nonce || !address || address === "unknown") return null;
  return { address, trusted: trusted.has(address) };
}

/**
 * The client's address: the direct peer's; behind trusted proxies, the right-most address in
 * X-Forwarded-For that is not one of them (each proxy appends the address it saw; what is
 * left of the nearest untrusted hop, the client wrote itself). "unknown" when the server did
 * not stamp the peer (only before start-up has installed the marking).
 */
export function clientIp(headers: HeaderLike, trusted: TrustedProxies = trustedProxies()): string {
  const peer = peerOf(headers, trusted);
  if (!peer) return "unknown";
  if (!peer.trusted) return peer.address;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map(normalizeAddress)
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer.address;
}

/**
 * Was the request made over https? Only a trusted proxy can say so (X-Forwarded-Proto):
 * ovnscope itself (`next start`) serves plain http.
 */
export function isHttps(headers: HeaderLike, trusted: TrustedProxies = trustedProxies()): boolean {
  if (!peerOf(headers, trusted)?.trusted) return false;
  return (headers.get("x-forwarded-proto") ?? "").split(",")[0]!.trim() === "https";
}

/** The Host the client asked for: a trusted proxy's X-Forwarded-Host, else the Host header. */
export function requestHost(
  headers: HeaderLike,
  trusted: TrustedProxies = trustedProxies(),
): string | null {
  const forwarded = peerOf(headers, trusted)?.trusted ? headers.get("x-forwarded-host") : null;
  return forwarded?.split(",")[0]!.trim() || headers.get("host");
}

/** Is the Host a loopback name or address (the lab and the demo)? */
export function isLoopbackHost(host: string | null): boolean {
  if (!host) return false;
  const name = host
    .replace(/:\d+$/, "")
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
  return name === "localhost" || name === "::1" || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** Plain http is allowed only on loopback, or when OVNSCOPE_ALLOW_HTTP=1 says so (a closed lab). */
export function transportAllowed(
  headers: HeaderLike,
  env: Record<string, string | undefined> = process.env,
): boolean {
  const trusted = trustedProxies(env);
  return (
    isHttps(headers, trusted) ||
    isLoopbackHost(requestHost(headers, trusted)) ||
    env.OVNSCOPE_ALLOW_HTTP === "1"
  );
}

/** A `next` target after login: a path on this site only, never another host. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f]/.test(next) || next.startsWith("/login")) return "/";
  return next;
}
