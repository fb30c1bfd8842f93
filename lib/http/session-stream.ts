/**
 * Event streams that end with their session. withRole checks the session once, when a stream
 * opens; a stream then stays open for hours (/api/live) or for a whole recovery run. Here its
 * session is checked again, in the store, before every event and every SESSION_RECHECK_MS:
 * signed out (here or elsewhere, or ended by a password change), expired, its user removed,
 * or the role the route needs taken away — the stream sends `event: end` with the reason
 * (`data: {"reason":"signed-out"}`) and closes, and the page goes to /login
 * (components/live/stream-end.ts).
 */
import type { Role } from "@/lib/auth/roles";
import { hasRole } from "@/lib/auth/roles";
import type { SessionUser } from "@/lib/auth/server";
import { hashSessionId, readCookie, SESSION_COOKIE, sessionExpired } from "@/lib/auth/session";
import { getStore, type Store } from "@/lib/store";
import { eventStream, type SendEvent } from "./event-stream";

/**
 * How often an idle stream re-checks its session. 5 s: what a signed-out or removed user can
 * still receive is at most that long — the same as the pages' default refresh
 * (OVNSCOPE_REFRESH_MS), whose next poll answers 401 anyway; and it costs one primary-key read
 * per open stream per 5 s (one /api/live per browser, shared by its tabs, plus any run being
 * watched): nothing for SQLite or PostgreSQL, unlike a check per second for every NOC screen.
 */
export const SESSION_RECHECK_MS = 5000;

export type StreamEndReason = "signed-out" | "expired" | "user-removed" | "forbidden";

/**
 * Why the session behind an open stream no longer lets it go on, or null. It reads, never
 * touches, the session: an open stream alone must not keep a session from idling out.
 */
export async function streamEndReason(
  store: Pick<Store, "sessions" | "users">,
  cookieValue: string | undefined,
  username: string,
  role: Role,
  now = Date.now(),
): Promise<StreamEndReason | null> {
  const session = cookieValue ? await store.sessions.get(hashSessionId(cookieValue)) : null;
  // No session any more (sessions of a removed user go with it; the store joins the user).
  if (!session || session.username !== username)
    return (await store.users.get(username)) ? "signed-out" : "user-removed";
  if (sessionExpired(session, now)) return "expired";
  if (!hasRole(session.role, role)) return "forbidden";
  return null;
}

/**
 * eventStream for a handler wrapped in withRole(role, …): the same `start`, the session it
 * was opened with checked again before every event and every `recheckMs`. A check that cannot
 * read the store closes the stream without a reason: EventSource reconnects, and withRole
 * decides on that request.
 */
export function sessionEventStream(
  request: Request,
  session: SessionUser,
  role: Role,
  start: (send: SendEvent, close: () => void) => () => void,
  recheckMs = SESSION_RECHECK_MS,
): Response {
  const cookie = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  return eventStream(request, start, {
    everyMs: recheckMs,
    check: async () => streamEndReason(await getStore(), cookie, session.name, role),
  });
}
