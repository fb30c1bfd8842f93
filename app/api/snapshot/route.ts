import { withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { snapshotView } from "@/lib/http/snapshot-response";

export const dynamic = "force-dynamic";

/** The whole typed Snapshot (lib/model/snapshot.ts) as JSON, at most one refresh interval old. */
export const GET = withRole("viewer", async (request) =>
  snapshotView(request, await currentSnapshot(), "snapshot", (s) => s),
);
