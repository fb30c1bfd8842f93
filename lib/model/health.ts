/**
 * Health of any element on screen. "unknown", "stale" and "unreachable" are first-class:
 * none of them is ever shown as ok, and unreachable is never shown as down.
 */
export const HEALTH_STATES = ["down", "unreachable", "degraded", "stale", "unknown", "ok"] as const;
export type Health = (typeof HEALTH_STATES)[number];

/** Worst first: the order lists are sorted in. */
export function healthRank(h: Health): number {
  return HEALTH_STATES.indexOf(h);
}

export function worstHealth(states: Iterable<Health>): Health {
  let worst: Health = "ok";
  for (const s of states) if (healthRank(s) < healthRank(worst)) worst = s;
  return worst;
}
