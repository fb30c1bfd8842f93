import { withRole } from "@/lib/auth/server";
import { getCollector } from "@/lib/collect";
import { overviewModel } from "@/lib/views/overview";

export const dynamic = "force-dynamic";

/** What the overview page shows: per node its services' health, and the routers. */
export const GET = withRole("viewer", async () => {
  const model = overviewModel(await getCollector().snapshot());
  return Response.json(model, { headers: { "Cache-Control": "no-store" } });
});
