import { z } from "zod";
import { userErrorResponse } from "@/lib/auth/http";
import { clientIp } from "@/lib/auth/request";
import { jsonError, withRole } from "@/lib/auth/server";
import { removeUser, setPassword, setRole } from "@/lib/auth/users";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ name: string }> };

const Patch = z.union([
  z.object({ role: z.string() }).strict(),
  z.object({ password: z.string() }).strict(),
]);

/** Change one thing: the role, or the password (which ends the user's sessions). */
export const PATCH = withRole<Context>("admin", async (request, { params }, session) => {
  const { name } = await params;
  const parsed = Patch.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return jsonError(400, "bad-request");
  const actor = { name: session.name, ip: clientIp(request.headers) };
  const store = await getStore();
  try {
    if ("role" in parsed.data) await setRole(store, actor, name, parsed.data.role);
    else await setPassword(store, actor, name, parsed.data.password);
    return Response.json({ ok: true });
  } catch (err) {
    return userErrorResponse(err);
  }
});

export const DELETE = withRole<Context>("admin", async (request, { params }, session) => {
  const { name } = await params;
  try {
    await removeUser(await getStore(), { name: session.name, ip: clientIp(request.headers) }, name);
    return Response.json({ ok: true });
  } catch (err) {
    return userErrorResponse(err);
  }
});
