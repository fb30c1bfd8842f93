import { TopologyView } from "@/components/topology/TopologyView";
import { getCollector, refreshIntervalMs } from "@/lib/collect";
import { topologyModel } from "@/lib/views/topology";

export const dynamic = "force-dynamic";

export default async function TopologyPage() {
  return (
    <TopologyView
      initial={topologyModel(await getCollector().snapshot())}
      refreshMs={refreshIntervalMs()}
    />
  );
}
