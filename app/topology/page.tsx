import { TopologyView } from "@/components/topology/TopologyView";
import { requireRole } from "@/lib/auth/server";
import { getCollector, refreshIntervalMs } from "@/lib/collect";
import { topologyModel } from "@/lib/views/topology";

export const dynamic = "force-dynamic";

export default async function TopologyPage() {
  await requireRole("viewer");
  return (
    <TopologyView
      initial={topologyModel(await getCollector().snapshot())}
      refreshMs={refreshIntervalMs()}
    />
  );
}
