import { notFound } from "next/navigation";
import { FindingDetail } from "@/components/findings/FindingDetail";
import { requireRole } from "@/lib/auth/server";
import { getCollector, refreshIntervalMs } from "@/lib/collect";
import { FINDING_ID, findingModel } from "@/lib/views/finding";

export const dynamic = "force-dynamic";

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("viewer");
  const id = decodeURIComponent((await params).id);
  if (!FINDING_ID.test(id)) notFound();
  const model = findingModel(await getCollector().snapshot(), id);
  return <FindingDetail id={id} initial={model} refreshMs={refreshIntervalMs()} />;
}
