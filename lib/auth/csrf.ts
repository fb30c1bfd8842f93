/**
 * Cross-site request checks, pure. Every state-changing request must come from our own
 * origin (the Origin header, which browsers always send on POST/PUT/PATCH/DELETE; a missing
 * one is refused) and carry the session's CSRF token (header or form field).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export { CSRF_HEADER } from "./csrf-header";
export const CSRF_FIELD = "csrf";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Constant-time equality of two tokens of any length (hashes compared, not the strings). */
export function tokensMatch(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

interface HeaderLike {
  get(name: string): string | null;
}

/**
 * The origins this server answers as: OVNSCOPE_ORIGIN (comma-separated) when set, which is
 * the safe choice behind a reverse proxy; else the request's own scheme and host, as Next
 * and any proxy in front report them in x-forwarded-proto / x-forwarded-host.
 */
export function ownOrigins(
  headers: HeaderLike,
  configured = process.env.OVNSCOPE_ORIGIN,
): string[] {
  if (configured)
    return configured
      .split(",")
      .map((o) => o.trim().replace(/\/+$/, ""))
      .filter(Boolean);
  const proto = (headers.get("x-forwarded-proto") ?? "http").split(",")[0]!.trim();
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]!.trim();
  return host ? [`${proto}://${host}`] : [];
}

export function originAllowed(origin: string | null, own: string[]): boolean {
  if (!origin || origin === "null") return false;
  return own.some((o) => o.toLowerCase() === origin.toLowerCase());
}
