import { jsonError, withRole } from "@/lib/auth/server";
import { getExecutor } from "@/lib/recovery";

export const dynamic = "force-dynamic";

const RUN_ID = /^[0-9a-f-]{36}$/;

/** One run as it is now (a run whose server died is reported interrupted). */
export const GET = withRole<{ params: Promise<{ id: string }> }>(
  "viewer",
  async (_request, { params }) => {
    const { id } = await params;
    if (!RUN_ID.test(id)) return jsonError(400, "not-a-run-id");
    const run = await (await getExecutor()).get(id);
    if (!run) return jsonError(404, "no-such-run");
    return Response.json({ run }, { headers: { "Cache-Control": "no-store" } });
  },
);
