import { withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { snapshotView } from "@/lib/http/snapshot-response";
import { routersModel } from "@/lib/views/routers";

export const dynamic = "force-dynamic";

/** Every router's gateway chain. */
export const GET = withRole("viewer", async (request) =>
  snapshotView(request, await currentSnapshot(), "routers", routersModel),
);
