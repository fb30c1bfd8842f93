import { notFound } from "next/navigation";
import { FindingDetail } from "@/components/findings/FindingDetail";
import { requireRole } from "@/lib/auth/server";
import { currentSnapshot, refreshIntervalMs } from "@/lib/collect";
import { findingHistoryModel, historyBlock } from "@/lib/history/pages";
import { FINDING_ID, findingModel } from "@/lib/views/finding";

export const dynamic = "force-dynamic";

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("viewer");
  const id = decodeURIComponent((await params).id);
  if (!FINDING_ID.test(id)) notFound();
  const [model, history] = await Promise.all([
    currentSnapshot().then((s) => findingModel(s, id)),
    historyBlock((store, cloud, retentionMs, now) =>
      findingHistoryModel(store, cloud, id, retentionMs, now),
    ),
  ]);
  return (
    <FindingDetail id={id} initial={model} history={history} refreshMs={refreshIntervalMs()} />
  );
}
