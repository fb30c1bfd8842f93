import { audit } from "@/lib/audit";
import { clientIp, isHttps } from "@/lib/auth/request";
import { withRole } from "@/lib/auth/server";
import { clearCookieHeader, readCookie, SESSION_COOKIE } from "@/lib/auth/session";
import { endSession } from "@/lib/auth/sessions";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/** Ends this session in the store (not only the cookie) and clears the cookie. */
export const POST = withRole("viewer", async (request, _context, session) => {
  const id = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  if (id) await endSession(await getStore(), id);
  await audit({ actor: session.name, ip: clientIp(request.headers), event: "logout" });
  return Response.json(
    { ok: true },
    {
      headers: {
        "Cache-Control": "no-store",
        "Set-Cookie": clearCookieHeader(SESSION_COOKIE, { secure: isHttps(request.headers) }),
      },
    },
  );
});
