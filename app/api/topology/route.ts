import { withRole } from "@/lib/auth/server";
import { getCollector } from "@/lib/collect";
import { topologyModel } from "@/lib/views/topology";
import { withLayout } from "@/lib/views/topology-layout";

export const dynamic = "force-dynamic";

/** Nodes, services, routers, physical networks and their edges, with health and findings. */
export const GET = withRole("viewer", async () => {
  return Response.json(await withLayout(topologyModel(await getCollector().snapshot())), {
    headers: { "Cache-Control": "no-store" },
  });
});
