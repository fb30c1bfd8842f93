import { withRole } from "@/lib/auth/server";
import { getCollector } from "@/lib/collect";

export const dynamic = "force-dynamic";

/** The whole typed Snapshot (lib/model/snapshot.ts) as JSON, at most one refresh interval old. */
export const GET = withRole("viewer", async () => {
  const snapshot = await getCollector().snapshot();
  return Response.json(snapshot, { headers: { "Cache-Control": "no-store" } });
});
