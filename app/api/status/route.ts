import { withRole } from "@/lib/auth/server";
import { getCollector } from "@/lib/collect";

export const dynamic = "force-dynamic";

/** The header's "last updated" area: when the snapshot was taken. */
export const GET = withRole("viewer", async () => {
  const { generation, finishedAt } = await getCollector().snapshot();
  return Response.json({ generation, finishedAt }, { headers: { "Cache-Control": "no-store" } });
});
