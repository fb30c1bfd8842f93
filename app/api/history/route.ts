import { withRole } from "@/lib/auth/server";
import { parseTimelineQuery } from "@/lib/history/range";
import { timelineModel } from "@/lib/history/read";
import { getInventory } from "@/lib/inventory";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * What changed over a range (`range=1h|6h|24h|7d|30d`, or `from`/`to`), filtered by node,
 * service, router, rule and kind: the events oldest first and the open findings by severity
 * over the range. A bad parameter is a 400 that says which.
 */
export const GET = withRole("viewer", async (request) => {
  const q = parseTimelineQuery(new URL(request.url).searchParams, Date.now());
  if ("error" in q) return Response.json({ error: q.error }, { status: 400 });
  const model = await timelineModel(await getStore(), getInventory().cloud.name, q);
  return Response.json(model, { headers: { "Cache-Control": "no-store" } });
});
