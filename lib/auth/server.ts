import "server-only";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { audit } from "@/lib/audit";
import { getStore } from "@/lib/store";
import {
  CSRF_FIELD,
  CSRF_HEADER,
  isStateChanging,
  originAllowed,
  ownOrigins,
  tokensMatch,
} from "./csrf";
import { PATH_HEADER } from "./paths";
import { clientIp, safeNext } from "./request";
import { hasRole, type Role } from "./roles";
import { readCookie, SESSION_COOKIE } from "./session";
import { resolveSession } from "./sessions";

/**
 * The server-side role check every page and route handler calls. The proxy (proxy.ts) only
 * turns away requests without a session cookie; this verifies the session in the store.
 */
export interface SessionUser {
  name: string;
  role: Role;
  csrfToken: string;
}

async function sessionFor(cookieValue: string | undefined): Promise<SessionUser | null> {
  const session = await resolveSession(await getStore(), cookieValue);
  return session
    ? { name: session.username, role: session.role, csrfToken: session.csrfToken }
    : null;
}

/** The signed-in user of this request, or null (one store lookup per request). */
export const getSession = cache(async (): Promise<SessionUser | null> =>
  sessionFor((await cookies()).get(SESSION_COOKIE)?.value),
);

/** For pages: not signed in → /login?next=…; signed in without the role → 403. */
export async function requireRole(role: Role): Promise<SessionUser> {
  const session = await getSession();
  if (!session) {
    const path = safeNext((await headers()).get(PATH_HEADER));
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  if (!hasRole(session.role, role)) forbidden();
  return session;
}

const NO_STORE = { "Cache-Control": "no-store" };
export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}) {
  return Response.json({ error, ...extra }, { status, headers: NO_STORE });
}

async function csrfFrom(request: Request): Promise<string | null> {
  const header = request.headers.get(CSRF_HEADER);
  if (header) return header;
  const type = request.headers.get("content-type") ?? "";
  if (
    !type.startsWith("application/x-www-form-urlencoded") &&
    !type.startsWith("multipart/form-data")
  )
    return null;
  const value = (await request.clone().formData()).get(CSRF_FIELD);
  return typeof value === "string" ? value : null;
}

/** Why a state-changing request is refused (origin, then CSRF token), or null. */
export async function mutationRefusal(
  request: Request,
  session: SessionUser,
): Promise<"cross-origin" | "csrf" | null> {
  if (!originAllowed(request.headers.get("origin"), ownOrigins(request.headers)))
    return "cross-origin";
  if (!tokensMatch(await csrfFrom(request), session.csrfToken)) return "csrf";
  return null;
}

type Handler<C> = (
  request: Request,
  context: C,
  session: SessionUser,
) => Promise<Response> | Response;

/**
 * Wraps a route handler: 401 without a live session; for POST/PUT/PATCH/DELETE the Origin
 * and the CSRF token are checked first (403); then the role (403). Refused state-changing
 * requests are audited.
 */
export function withRole<C = unknown>(role: Role, handler: Handler<C>) {
  return async (request: Request, context: C): Promise<Response> => {
    const session = await sessionFor(readCookie(request.headers.get("cookie"), SESSION_COOKIE));
    if (!session) return jsonError(401, "unauthenticated");
    let refusal: string | null = null;
    if (isStateChanging(request.method)) refusal = await mutationRefusal(request, session);
    if (!refusal && !hasRole(session.role, role)) refusal = "forbidden";
    if (refusal) {
      if (isStateChanging(request.method))
        await audit({
          actor: session.name,
          ip: clientIp(request.headers),
          event: "request.denied",
          outcome: "denied",
          target: new URL(request.url).pathname,
          detail: { method: request.method, reason: refusal, need: role },
        });
      return jsonError(403, refusal, refusal === "forbidden" ? { need: role } : {});
    }
    return handler(request, context, session);
  };
}
