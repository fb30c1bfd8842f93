import { NextResponse, type NextRequest } from "next/server";
import { PATH_HEADER, PUBLIC_PATHS } from "@/lib/auth/paths";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from "@/lib/http/security-headers";

const CSP = "Content-Security-Policy";

/** The security headers on a response of ours, with this request's policy. */
function secured(response: NextResponse, csp: string): NextResponse {
  response.headers.set(CSP, csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

/** Prometheus' scrape path (app/metrics/route.ts). */
const METRICS_PATH = "/metrics";

/**
 * A scraper has no session: /metrics with `Authorization: Bearer …` goes on to its handler,
 * which compares the token (lib/metrics/token.ts); without one it gets 401 like an API call.
 */
function scrapeWithToken(pathname: string, request: NextRequest): boolean {
  return pathname === METRICS_PATH && /^Bearer\s/i.test(request.headers.get("authorization") ?? "");
}

/**
 * The cheap first gate: no session cookie → pages go to /login?next=…, API calls (and
 * /metrics without a bearer token) get 401.
 * It does not read the store; every page and handler verifies the session itself
 * (lib/auth/server.ts). It also tells pages their own path, for that redirect, and gives
 * every response its security headers: a Content-Security-Policy with a nonce of its own,
 * which Next.js reads back from the request to mark the scripts it renders
 * (lib/http/security-headers.ts). Every page is rendered per request (the root layout reads
 * the session), so no page is served with another response's nonce.
 *
 * A GET of a polled snapshot view (/api/snapshot, overview, topology, routers, clusters) never
 * reaches here: lib/http/fast-reads.ts answers it first, with the same session check and headers.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const csp = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === "development");
  if (
    !PUBLIC_PATHS.includes(pathname) &&
    !request.cookies.get(SESSION_COOKIE)?.value &&
    !scrapeWithToken(pathname, request)
  ) {
    if (pathname.startsWith("/api/") || pathname === METRICS_PATH)
      return secured(
        NextResponse.json(
          { error: "unauthenticated" },
          { status: 401, headers: { "Cache-Control": "no-store" } },
        ),
        csp,
      );
    const login = new URL("/login", request.url);
    login.searchParams.set("next", pathname + search);
    return secured(NextResponse.redirect(login), csp);
  }
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, pathname + search); // overwrites anything the client sent
  headers.set(CSP, csp); // where Next.js looks for the nonce (overwrites a client's)
  return secured(NextResponse.next({ request: { headers } }), csp);
}

export const config = {
  // Everything but Next's static build output (its headers: next.config.js).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|favicon.svg).*)"],
};
