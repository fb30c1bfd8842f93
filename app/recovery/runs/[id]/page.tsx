import { notFound } from "next/navigation";
import { RunView } from "@/components/recovery/RunView";
import { TopologyView } from "@/components/topology/TopologyView";
import { requireRole } from "@/lib/auth/server";
import { getCollector, refreshIntervalMs } from "@/lib/collect";
import { getExecutor } from "@/lib/recovery";
import { topologyModel } from "@/lib/views/topology";
import { withLayout } from "@/lib/views/topology-layout";

export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("viewer");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const run = await (await getExecutor()).get(id);
  if (!run) notFound();
  // When the run has ended, the page shows the live topology under its result.
  return (
    <RunView
      initial={run}
      after={
        <TopologyView
          initial={await withLayout(topologyModel(await getCollector().snapshot()))}
          refreshMs={refreshIntervalMs()}
        />
      }
    />
  );
}
