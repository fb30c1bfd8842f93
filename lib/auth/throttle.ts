/**
 * Login throttling, pure: failures per key (one per username, one per client IP) lock the key
 * for a time that doubles with every further failure. Attempts while locked are refused
 * without checking the password and are not counted, so a lock ends on its own; an admin's new
 * password for the user ends it at once (lib/auth/users.ts). An attempt is counted before its
 * password is checked (the store's `attempts.reserve`: check and count in one step) and a
 * success takes it back, so parallel attempts cannot all pass a check that none has counted.
 */
import type { AttemptRecord } from "@/lib/store/types";

export interface ThrottlePolicy {
  /** Failures allowed before the first lock. */
  freeFailures: number;
  /** The first lock; each further failure doubles it. */
  baseLockMs: number;
  maxLockMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMs: number;
}

export const USER_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

// An address may hold several operators (a NOC behind NAT): more room, same growth.
export const IP_POLICY: ThrottlePolicy = { ...USER_POLICY, freeFailures: 20 };

/** After this long without a failure every key is as good as new: its record can go. */
export const FORGET_AFTER_MS = Math.max(USER_POLICY.forgetAfterMs, IP_POLICY.forgetAfterMs);

export const userKey = (username: string) => `user:${username.toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** How long a key is locked after `failures` consecutive failures. */
export function lockMs(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.baseLockMs * 2 ** doublings, policy.maxLockMs);
}

/** Milliseconds until the key may try again (0: now). */
export function retryAfterMs(
  record: AttemptRecord | undefined,
  policy: ThrottlePolicy,
  now: number,
): number {
  if (!record || now - record.lastFailureAt > policy.forgetAfterMs) return 0;
  return Math.max(0, record.lastFailureAt + lockMs(record.failures, policy) - now);
}

/** How long the longest of several keys' locks still runs (0: none is locked). */
export function waitMs(
  keys: { key: string; policy: ThrottlePolicy }[],
  records: AttemptRecord[],
  now: number,
): number {
  return Math.max(
    0,
    ...keys.map(({ key, policy }) =>
      retryAfterMs(
        records.find((r) => r.key === key),
        policy,
        now,
      ),
    ),
  );
}
