import { withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { snapshotView } from "@/lib/http/snapshot-response";
import { clustersModel } from "@/lib/views/clusters";

export const dynamic = "force-dynamic";

/** NB's and SB's clusters: their members side by side and their elections. */
export const GET = withRole("viewer", async (request) =>
  snapshotView(request, await currentSnapshot(), "clusters", clustersModel),
);
