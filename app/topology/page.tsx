import { TopologyView } from "@/components/topology/TopologyView";
import { requireRole } from "@/lib/auth/server";
import { currentSnapshot, refreshIntervalMs } from "@/lib/collect";
import { topologyModel } from "@/lib/views/topology";
import { withLayout } from "@/lib/views/topology-layout";
import { expandParam } from "./groups";

export const dynamic = "force-dynamic";

export default async function TopologyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireRole("viewer");
  const snapshot = await currentSnapshot();
  const asked = (await searchParams).expand;
  const expand = expandParam(snapshot, typeof asked === "string" ? asked : undefined);
  return (
    <TopologyView
      initial={await withLayout(topologyModel(snapshot, { expand }))}
      refreshMs={refreshIntervalMs()}
      expandInAddress
    />
  );
}
