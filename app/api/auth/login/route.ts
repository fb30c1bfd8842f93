import { z } from "zod";
import { CSRF_HEADER, originAllowed, ownOrigins, randomToken, tokensMatch } from "@/lib/auth/csrf";
import { login } from "@/lib/auth/login";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { clientIp, isHttps, transportAllowed } from "@/lib/auth/request";
import { jsonError } from "@/lib/auth/server";
import {
  clearCookieHeader,
  cookieHeader,
  LOGIN_CSRF_COOKIE,
  readCookie,
  SESSION_COOKIE,
  SESSION_POLICY,
} from "@/lib/auth/session";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

const LOGIN_PATH = "/api/auth/login";

/** A login CSRF token (double submit: the cookie and the header must match). */
export async function GET(request: Request) {
  const token = randomToken();
  return Response.json(
    { csrf: token },
    {
      headers: {
        "Cache-Control": "no-store",
        "Set-Cookie": cookieHeader(LOGIN_CSRF_COOKIE, token, {
          secure: isHttps(request.headers),
          path: LOGIN_PATH,
          maxAgeSeconds: 600,
        }),
      },
    },
  );
}

const Body = z.object({
  username: z.string().min(1).max(64),
  password: z
    .string()
    .min(1)
    .max(PASSWORD_MAX * 4),
});

/** Signs in: same origin, login CSRF token, throttled; sets the session cookie. */
export async function POST(request: Request) {
  const h = request.headers;
  if (!originAllowed(h.get("origin"), ownOrigins(h))) return jsonError(403, "cross-origin");
  if (!transportAllowed(h)) return jsonError(400, "https-required");
  if (!tokensMatch(h.get(CSRF_HEADER), readCookie(h.get("cookie"), LOGIN_CSRF_COOKIE)))
    return jsonError(403, "csrf");
  const parsed = Body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return jsonError(400, "bad-request");

  const result = await login(await getStore(), {
    ...parsed.data,
    ip: clientIp(h),
    userAgent: h.get("user-agent"),
  });
  if (result.kind === "throttled") {
    const seconds = Math.ceil(result.retryAfterMs / 1000);
    const response = jsonError(429, "throttled", { retryAfterSeconds: seconds });
    response.headers.set("Retry-After", String(seconds));
    return response;
  }
  if (result.kind === "wrong") return jsonError(401, "wrong-credentials");

  const secure = isHttps(h);
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append(
    "Set-Cookie",
    cookieHeader(SESSION_COOKIE, result.sessionId, {
      secure,
      maxAgeSeconds: Math.floor(SESSION_POLICY.absoluteMs / 1000),
    }),
  );
  headers.append("Set-Cookie", clearCookieHeader(LOGIN_CSRF_COOKIE, { secure, path: LOGIN_PATH }));
  return Response.json({ user: result.user, csrf: result.csrfToken }, { headers });
}
