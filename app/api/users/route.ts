import { z } from "zod";
import { userErrorResponse } from "@/lib/auth/http";
import { clientIp } from "@/lib/auth/request";
import { jsonError, withRole } from "@/lib/auth/server";
import { addUser, listUsers } from "@/lib/auth/users";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/** Every user (name, role, times; never a hash). */
export const GET = withRole("admin", async () =>
  Response.json(
    { users: await listUsers(await getStore()) },
    { headers: { "Cache-Control": "no-store" } },
  ),
);

const Body = z.object({ name: z.string(), role: z.string(), password: z.string() });

export const POST = withRole("admin", async (request, _context, session) => {
  const parsed = Body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return jsonError(400, "bad-request");
  try {
    const user = await addUser(
      await getStore(),
      { name: session.name, ip: clientIp(request.headers) },
      parsed.data,
    );
    return Response.json({ user }, { status: 201 });
  } catch (err) {
    return userErrorResponse(err);
  }
});
