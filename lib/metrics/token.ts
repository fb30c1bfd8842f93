/**
 * The scrape token: Prometheus has no session, so GET /metrics also accepts
 * `Authorization: Bearer <OVNSCOPE_METRICS_TOKEN>`. Compared in constant time (both sides
 * hashed to the same length first, so neither the content nor the length leaks by timing).
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** Shorter tokens are refused as if none were configured: a guessable token is no guard. */
export const MIN_TOKEN_LENGTH = 16;

/** The configured token, or null (unset, empty or too short: then only sessions pass). */
export function metricsToken(env: Record<string, string | undefined> = process.env): string | null {
  const token = env.OVNSCOPE_METRICS_TOKEN?.trim() ?? "";
  return token.length >= MIN_TOKEN_LENGTH ? token : null;
}

/** The token of an `Authorization: Bearer …` header, or null when it has none. */
export function bearerOf(authorization: string | null): string | null {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "");
  return m ? m[1]! : null;
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Whether `given` is the configured token (false when none is configured). */
export function tokenMatches(given: string | null, configured: string | null): boolean {
  if (given === null || configured === null) return false;
  return timingSafeEqual(digest(given), digest(configured));
}
