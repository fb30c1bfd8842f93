import { withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { snapshotView } from "@/lib/http/snapshot-response";
import { overviewModel } from "@/lib/views/overview";

export const dynamic = "force-dynamic";

/** What the overview page shows: per node its services' health, and the routers. */
export const GET = withRole("viewer", async (request) =>
  snapshotView(request, await currentSnapshot(), "overview", overviewModel),
);
