/**
 * A login attempt: throttle, check the password, count the failure or start the session,
 * audit the outcome. The typed name is audited only when such a user exists, since people
 * do type passwords into the name field.
 */
import { audit } from "@/lib/audit";
import type { Store } from "@/lib/store";
import { dummyHash, verifyPassword } from "./password";
import type { Role } from "./roles";
import { purgeExpired, startSession } from "./sessions";
import { IP_POLICY, ipKey, retryAfterMs, USER_POLICY, userKey } from "./throttle";

export const UNKNOWN_ACTOR = "(unknown)";

export type LoginResult =
  | { kind: "ok"; user: { name: string; role: Role }; sessionId: string; csrfToken: string }
  | { kind: "throttled"; retryAfterMs: number }
  | { kind: "wrong" };

export async function login(
  store: Store,
  input: { username: string; password: string; ip: string; userAgent: string | null },
  now = Date.now(),
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const uKey = userKey(username);
  const iKey = ipKey(input.ip);
  const [records, user] = await Promise.all([
    store.attempts.get([uKey, iKey]),
    store.users.get(username),
  ]);
  const actor = user ? user.name : UNKNOWN_ACTOR;
  const wait = Math.max(
    retryAfterMs(
      records.find((r) => r.key === uKey),
      USER_POLICY,
      now,
    ),
    retryAfterMs(
      records.find((r) => r.key === iKey),
      IP_POLICY,
      now,
    ),
  );
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
    const [uRec] = await Promise.all([
      store.attempts.recordFailure(uKey, now, now - USER_POLICY.forgetAfterMs),
      store.attempts.recordFailure(iKey, now, now - IP_POLICY.forgetAfterMs),
    ]);
    await audit(
      {
        actor,
        ip: input.ip,
        event: "login.failed",
        outcome: "failed",
        detail: { reason: user ? "wrong password" : "unknown user", failures: uRec.failures },
        at: now,
      },
      store,
    );
    return { kind: "wrong" };
  }

  await store.attempts.clear(uKey);
  await purgeExpired(store, now);
  const { id, csrfToken } = await startSession(
    store,
    user.name,
    { ip: input.ip, userAgent: input.userAgent },
    now,
  );
  await audit({ actor: user.name, ip: input.ip, event: "login", at: now }, store);
  return { kind: "ok", user: { name: user.name, role: user.role }, sessionId: id, csrfToken };
}
