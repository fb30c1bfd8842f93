import { withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { snapshotView } from "@/lib/http/snapshot-response";
import { NODE_NAME } from "@/lib/inventory/schema";
import { nodeModel } from "@/lib/views/node";

export const dynamic = "force-dynamic";

/** One node in full: units, sockets, processes, config, journal, endpoint checks. */
export const GET = withRole<{ params: Promise<{ name: string }> }>(
  "viewer",
  async (request, { params }) => {
    const { name } = await params;
    if (!NODE_NAME.test(name)) return Response.json({ error: "not a node name" }, { status: 400 });
    const snapshot = await currentSnapshot();
    if (!snapshot.nodes.some((n) => n.name === name))
      return Response.json({ error: `no node named ${name} in the inventory` }, { status: 404 });
    return snapshotView(request, snapshot, `node:${name}`, (s) => nodeModel(s, name));
  },
);
