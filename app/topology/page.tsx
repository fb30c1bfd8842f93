import { TopologyView } from "@/components/topology/TopologyView";
import { requireRole } from "@/lib/auth/server";
import { getCollector, refreshIntervalMs } from "@/lib/collect";
import { topologyModel } from "@/lib/views/topology";
import { withLayout } from "@/lib/views/topology-layout";

export const dynamic = "force-dynamic";

export default async function TopologyPage() {
  await requireRole("viewer");
  return (
    <TopologyView
      initial={await withLayout(topologyModel(await getCollector().snapshot()))}
      refreshMs={refreshIntervalMs()}
    />
  );
}
