import { NextResponse, type NextRequest } from "next/server";
import { PATH_HEADER, PUBLIC_PATHS } from "@/lib/auth/paths";
import { SESSION_COOKIE } from "@/lib/auth/session";

/**
 * The cheap first gate: no session cookie → pages go to /login?next=…, API calls get 401.
 * It does not read the store; every page and handler verifies the session itself
 * (lib/auth/server.ts). It also tells pages their own path, for that redirect.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!PUBLIC_PATHS.includes(pathname) && !request.cookies.get(SESSION_COOKIE)?.value) {
    if (pathname.startsWith("/api/"))
      return NextResponse.json(
        { error: "unauthenticated" },
        { status: 401, headers: { "Cache-Control": "no-store" } },
      );
    const login = new URL("/login", request.url);
    login.searchParams.set("next", pathname + search);
    return NextResponse.redirect(login);
  }
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, pathname + search); // overwrites anything the client sent
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything but Next's static build output.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|favicon.svg).*)"],
};
