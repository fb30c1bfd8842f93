import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Passwords: scrypt from node:crypto (memory-hard, no native dependency), stored as a PHC
 * string `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`: each hash names its own cost, so older, cheaper
 * hashes still verify and are replaced at the next sign-in (`needsRehash`). N=2^17, r=8, p=1
 * is OWASP's minimum for scrypt: 128 MiB and a few hundred ms per hash on a small server (node
 * runs at most 4 at once, on libuv's thread pool: 512 MiB at the peak).
 */
export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}
export const SCRYPT_PARAMS: ScryptParams = { logN: 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 1024;

function derive(password: string, salt: Buffer, { logN, r, p }: ScryptParams): Promise<Buffer> {
  const N = 2 ** logN;
  // scrypt needs 128·N·r bytes (128 MiB at N=2^17, r=8); node refuses anything above 32 MiB
  // unless maxmem says more: allow twice the need.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(
  password: string,
  params: ScryptParams = SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

const PHC =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

export function parseHash(
  stored: string,
): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const m = PHC.exec(stored);
  if (!m) return null;
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.logN < 10 || params.logN > 22 || params.r < 1 || params.p < 1) return null;
  return { params, salt: Buffer.from(m[4]!, "base64"), key: Buffer.from(m[5]!, "base64") };
}

/** Constant-time compare of the derived key; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length !== KEY_LENGTH) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/**
 * Was this stored hash made cheaper than SCRYPT_PARAMS in any of N, r or p? Then it is replaced
 * at the next sign-in, when the password is at hand. A malformed hash is not: it never matches.
 */
export function needsRehash(stored: string, params: ScryptParams = SCRYPT_PARAMS): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const { logN, r, p } = parsed.params;
  return logN < params.logN || r < params.r || p < params.p;
}

let dummy: Promise<string> | undefined;
/** A hash to verify against when the user does not exist, so timing does not tell. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}

/** Why a new password is refused, or null. Length is what matters; no composition rules. */
export function passwordProblem(password: string): "tooShort" | "tooLong" | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return "tooShort";
  if (length > PASSWORD_MAX) return "tooLong";
  return null;
}

/** A random password for generated accounts (demo): 20 base64url characters, 120 bits. */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}
