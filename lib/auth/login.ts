/**
 * A login attempt: throttle (the attempt is counted before the password is checked, in one
 * step with the check, and taken back on success), check the password, start the session,
 * audit the outcome. A throttled attempt runs no scrypt. A hash made with cheaper scrypt
 * parameters than today's is replaced on success. The typed name is audited only when such a
 * user exists, since people do type passwords into the name field.
 */
import { audit } from "@/lib/audit";
import type { Store } from "@/lib/store";
import { dummyHash, hashPassword, needsRehash, parseHash, verifyPassword } from "./password";
import type { Role } from "./roles";
import { purgeExpired, startSession } from "./sessions";
import { FORGET_AFTER_MS, IP_POLICY, ipKey, USER_POLICY, userKey, waitMs } from "./throttle";

export const UNKNOWN_ACTOR = "(unknown)";

export type LoginResult =
  | { kind: "ok"; user: { name: string; role: Role }; sessionId: string; csrfToken: string }
  | { kind: "throttled"; retryAfterMs: number }
  | { kind: "wrong" };

/** Old attempt records are deleted at most this often per store (by the sign-ins themselves). */
export const PRUNE_EVERY_MS = 60_000;
const lastPrune = new WeakMap<Store, number>();

/** Forgets keys quiet for longer than every policy remembers, once a minute at most. */
async function pruneAttempts(store: Store, now: number) {
  const last = lastPrune.get(store);
  if (last !== undefined && Math.abs(now - last) < PRUNE_EVERY_MS) return;
  lastPrune.set(store, now);
  await store.attempts.prune(now - FORGET_AFTER_MS);
}

const paramsText = (hash: string) => {
  const p = parseHash(hash)?.params;
  return p ? `ln=${p.logN},r=${p.r},p=${p.p}` : "unknown";
};

export async function login(
  store: Store,
  input: { username: string; password: string; ip: string; userAgent: string | null },
  now = Date.now(),
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const uKey = userKey(username);
  const iKey = ipKey(input.ip);
  const keys = [
    { key: uKey, policy: USER_POLICY },
    { key: iKey, policy: IP_POLICY },
  ];
  await pruneAttempts(store, now);
  const [reservation, user] = await Promise.all([
    store.attempts.reserve(
      keys.map(({ key, policy }) => ({ key, forgetBefore: now - policy.forgetAfterMs })),
      now,
      (records) => waitMs(keys, records, now),
    ),
    store.users.get(username),
  ]);
  const actor = user ? user.name : UNKNOWN_ACTOR;
  const wait = reservation.waitMs;
  if (wait > 0) {
    await audit(
      {
        actor,
        ip: input.ip,
        event: "login.throttled",
        outcome: "denied",
        detail: { retryAfterMs: wait },
        at: now,
      },
      store,
    );
    return { kind: "throttled", retryAfterMs: wait };
  }

  // Verify against a dummy hash for unknown names so the answer takes as long either way.
  const matches = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !matches) {
    // Already counted by the reservation.
    const uRec = reservation.records.find((r) => r.key === uKey);
    await audit(
      {
        actor,
        ip: input.ip,
        event: "login.failed",
        outcome: "failed",
        detail: { reason: user ? "wrong password" : "unknown user", failures: uRec?.failures },
        at: now,
      },
      store,
    );
    return { kind: "wrong" };
  }

  await Promise.all([store.attempts.clear(uKey), store.attempts.release(iKey)]);
  let rehashed: { from: string; to: string } | undefined;
  if (needsRehash(user.passwordHash)) {
    const next = await hashPassword(input.password);
    if (await store.users.replaceHash(user.name, user.passwordHash, next))
      rehashed = { from: paramsText(user.passwordHash), to: paramsText(next) };
  }
  await purgeExpired(store, now);
  const { id, csrfToken } = await startSession(
    store,
    user.name,
    { ip: input.ip, userAgent: input.userAgent },
    now,
  );
  await audit(
    {
      actor: user.name,
      ip: input.ip,
      event: "login",
      at: now,
      detail: rehashed ? { rehashed } : null,
    },
    store,
  );
  return { kind: "ok", user: { name: user.name, role: user.role }, sessionId: id, csrfToken };
}
