import { snapshotViewRoute } from "@/lib/http/view-route";

export const dynamic = "force-dynamic";

/** Every router's gateway chain. */
export const GET = snapshotViewRoute("/api/routers");
