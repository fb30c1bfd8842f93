import { snapshotViewRoute } from "@/lib/http/view-route";

export const dynamic = "force-dynamic";

/** What the overview page shows: per node its services' health, and the routers. */
export const GET = snapshotViewRoute("/api/overview");
