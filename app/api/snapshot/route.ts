import { snapshotViewRoute } from "@/lib/http/view-route";

export const dynamic = "force-dynamic";

/** The whole typed Snapshot (lib/model/snapshot.ts) as JSON, at most one refresh interval old. */
export const GET = snapshotViewRoute("/api/snapshot");
