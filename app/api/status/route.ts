import { getCollector } from "@/lib/collect";

export const dynamic = "force-dynamic";

/** The header's "last updated" area: when the snapshot was taken. */
export async function GET() {
  const { generation, finishedAt } = await getCollector().snapshot();
  return Response.json({ generation, finishedAt }, { headers: { "Cache-Control": "no-store" } });
}
