import { expandParam } from "@/app/topology/groups";
import { withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { snapshotView } from "@/lib/http/snapshot-response";
import { topologyModel } from "@/lib/views/topology";
import { withLayout } from "@/lib/views/topology-layout";

export const dynamic = "force-dynamic";

/**
 * Nodes, services, routers, physical networks and their edges, with health and findings. On a
 * large cloud the compute hosts are grouped; `?expand=a,b` draws those groups' hosts on their
 * own (unknown or malformed keys are ignored).
 */
export const GET = withRole("viewer", async (request) => {
  const snapshot = await currentSnapshot();
  const expand = expandParam(snapshot, new URL(request.url).searchParams.get("expand"));
  const key = expand.length ? `topology?expand=${expand.join(",")}` : "topology";
  return snapshotView(request, snapshot, key, (s) => withLayout(topologyModel(s, { expand })));
});
