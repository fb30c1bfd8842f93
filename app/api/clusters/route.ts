import { snapshotViewRoute } from "@/lib/http/view-route";

export const dynamic = "force-dynamic";

/** NB's and SB's clusters: their members side by side and their elections. */
export const GET = snapshotViewRoute("/api/clusters");
