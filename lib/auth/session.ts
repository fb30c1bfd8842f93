/** Session ids, cookies and expiry, pure. The store keeps only the id's hash. */
import { createHash, randomBytes } from "node:crypto";
import type { SessionRecord } from "@/lib/store/types";

export const SESSION_COOKIE = "ovnscope-session";
/** Pre-login double-submit cookie: login has no session yet to bind a token to. */
export const LOGIN_CSRF_COOKIE = "ovnscope-login-csrf";

export const SESSION_POLICY = {
  /** Signed out after this long without a request (open pages poll, so they stay in). */
  idleMs: 60 * 60_000,
  /** Signed out this long after login, whatever happens: a shift. */
  absoluteMs: 12 * 60 * 60_000,
  /** last_seen_at is written at most this often, not on every poll. */
  touchEveryMs: 60_000,
};

export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionId(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}

export function sessionExpired(
  s: Pick<SessionRecord, "createdAt" | "lastSeenAt">,
  now: number,
  policy = SESSION_POLICY,
): boolean {
  return now - s.lastSeenAt > policy.idleMs || now - s.createdAt > policy.absoluteMs;
}

export interface CookieOptions {
  secure: boolean;
  path?: string;
  maxAgeSeconds?: number;
}

/** A Set-Cookie value: HttpOnly and SameSite=Strict always, Secure whenever the request was https. */
export function cookieHeader(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${o.path ?? "/"}`, "HttpOnly", "SameSite=Strict"];
  if (o.maxAgeSeconds !== undefined) parts.push(`Max-Age=${o.maxAgeSeconds}`);
  if (o.secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearCookieHeader(name: string, o: Omit<CookieOptions, "maxAgeSeconds">): string {
  return cookieHeader(name, "", { ...o, maxAgeSeconds: 0 });
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
