import { snapshotViewRoute } from "@/lib/http/view-route";

export const dynamic = "force-dynamic";

/**
 * Nodes, services, routers, physical networks and their edges, with health and findings
 * (`?expand=`: lib/http/snapshot-views.ts).
 */
export const GET = snapshotViewRoute("/api/topology");
