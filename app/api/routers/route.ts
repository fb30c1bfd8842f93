import { withRole } from "@/lib/auth/server";
import { getCollector } from "@/lib/collect";
import { routersModel } from "@/lib/views/routers";

export const dynamic = "force-dynamic";

/** Every router's gateway chain. */
export const GET = withRole("viewer", async () => {
  return Response.json(routersModel(await getCollector().snapshot()), {
    headers: { "Cache-Control": "no-store" },
  });
});
