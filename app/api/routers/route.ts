import { getCollector } from "@/lib/collect";
import { routersModel } from "@/lib/views/routers";

export const dynamic = "force-dynamic";

/** Every router's gateway chain. */
export async function GET() {
  return Response.json(routersModel(await getCollector().snapshot()), {
    headers: { "Cache-Control": "no-store" },
  });
}
