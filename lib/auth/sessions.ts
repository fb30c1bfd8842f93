import type { SessionWithRole, Store } from "@/lib/store";
import { randomToken } from "./csrf";
import { hashSessionId, newSessionId, SESSION_POLICY, sessionExpired } from "./session";

/** Starts a session: returns the cookie value (never stored) and its CSRF token. */
export async function startSession(
  store: Store,
  username: string,
  meta: { ip: string | null; userAgent: string | null },
  now = Date.now(),
): Promise<{ id: string; csrfToken: string }> {
  const id = newSessionId();
  const csrfToken = randomToken();
  await store.sessions.create({
    idHash: hashSessionId(id),
    username,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 256) ?? null,
  });
  return { id, csrfToken };
}

/** The live session for a cookie value, or null; an expired one is deleted on sight. */
export async function resolveSession(
  store: Store,
  id: string | undefined,
  now = Date.now(),
): Promise<SessionWithRole | null> {
  if (!id || id.length > 128) return null;
  const idHash = hashSessionId(id);
  const session = await store.sessions.get(idHash);
  if (!session) return null;
  if (sessionExpired(session, now)) {
    await store.sessions.remove(idHash);
    return null;
  }
  if (now - session.lastSeenAt >= SESSION_POLICY.touchEveryMs) {
    await store.sessions.touch(idHash, now);
    session.lastSeenAt = now;
  }
  return session;
}

export async function endSession(store: Store, id: string): Promise<void> {
  await store.sessions.remove(hashSessionId(id));
}

/** Drops every expired session (called at login: cheap, and keeps the table small). */
export function purgeExpired(store: Store, now = Date.now()): Promise<number> {
  return store.sessions.purge(now - SESSION_POLICY.absoluteMs, now - SESSION_POLICY.idleMs);
}
