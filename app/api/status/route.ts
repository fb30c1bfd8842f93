import { withRole } from "@/lib/auth/server";
import { getSnapshots } from "@/lib/collect";

export const dynamic = "force-dynamic";

/**
 * The header's "last updated" area: when the snapshot was taken, and which instance collected
 * it (with several instances on one PostgreSQL, only the lease's holder reads the nodes).
 */
export const GET = withRole("viewer", async () => {
  const snapshots = await getSnapshots();
  const { generation, finishedAt } = await snapshots.snapshot();
  return Response.json(
    { generation, finishedAt, collection: snapshots.collection() },
    { headers: { "Cache-Control": "no-store" } },
  );
});
