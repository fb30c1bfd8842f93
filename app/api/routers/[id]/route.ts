import { withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { snapshotView } from "@/lib/http/snapshot-response";
import { ROUTER_ID, routerModel } from "@/lib/views/routers";

export const dynamic = "force-dynamic";

/** One router's gateway chain and the findings about it. */
export const GET = withRole<{ params: Promise<{ id: string }> }>(
  "viewer",
  async (request, { params }) => {
    const { id } = await params;
    if (!ROUTER_ID.test(id)) return Response.json({ error: "not a router id" }, { status: 400 });
    return snapshotView(request, await currentSnapshot(), `router:${id}`, (s) =>
      routerModel(s, id),
    );
  },
);
