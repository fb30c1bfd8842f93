import { withRole } from "@/lib/auth/server";
import { getCollector } from "@/lib/collect";
import { snapshotView } from "@/lib/http/snapshot-response";
import { topologyModel } from "@/lib/views/topology";
import { withLayout } from "@/lib/views/topology-layout";

export const dynamic = "force-dynamic";

/** Nodes, services, routers, physical networks and their edges, with health and findings. */
export const GET = withRole("viewer", async (request) =>
  snapshotView(request, await getCollector().snapshot(), "topology", (s) =>
    withLayout(topologyModel(s)),
  ),
);
