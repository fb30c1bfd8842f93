import { withRole } from "@/lib/auth/server";
import { getCollector } from "@/lib/collect";
import { NODE_NAME } from "@/lib/inventory/schema";
import { nodeModel } from "@/lib/views/node";

export const dynamic = "force-dynamic";

/** One node in full: units, sockets, processes, config, journal, endpoint checks. */
export const GET = withRole<{ params: Promise<{ name: string }> }>(
  "viewer",
  async (_request, { params }) => {
    const { name } = await params;
    if (!NODE_NAME.test(name)) return Response.json({ error: "not a node name" }, { status: 400 });
    const model = nodeModel(await getCollector().snapshot(), name);
    if (!model)
      return Response.json({ error: `no node named ${name} in the inventory` }, { status: 404 });
    return Response.json(model, { headers: { "Cache-Control": "no-store" } });
  },
);
