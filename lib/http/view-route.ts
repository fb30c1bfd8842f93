import { withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { snapshotView } from "./snapshot-response";
import { viewOf, type SnapshotViewPath } from "./snapshot-views";

/**
 * The route handler of a polled snapshot view. A GET is normally answered before Next by the
 * fast reads (fast-reads.ts); this answers the same view to what reaches Next (HEAD, and a
 * server started without instrumentation).
 */
export function snapshotViewRoute(path: SnapshotViewPath) {
  return withRole("viewer", async (request) => {
    const snapshot = await currentSnapshot();
    const { key, build } = viewOf(path, snapshot, new URL(request.url).searchParams);
    return snapshotView(request, snapshot, key, build);
  });
}
