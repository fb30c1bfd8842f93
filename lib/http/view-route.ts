import { withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { snapshotView } from "./snapshot-response";
import { viewOf, type SnapshotViewPath } from "./snapshot-views";

/**
 * The route handler of a polled snapshot view. A GET is answered before Next by the fast reads
 * (fast-reads.ts, installed at start by instrumentation.ts); this answers the same view to what
 * does reach Next: HEAD (Next runs GET for it and sends no body).
 */
export function snapshotViewRoute(path: SnapshotViewPath) {
  return withRole("viewer", async (request) => {
    const snapshot = await currentSnapshot();
    const { key, build } = viewOf(path, snapshot, new URL(request.url).searchParams);
    return snapshotView(request, snapshot, key, build);
  });
}
