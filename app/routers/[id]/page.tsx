import { notFound } from "next/navigation";
import { RouterDrillDown } from "@/components/routers/RouterDrillDown";
import { requireRole } from "@/lib/auth/server";
import { currentSnapshot, refreshIntervalMs } from "@/lib/collect";
import { gatewayHistoryModel, historyBlock } from "@/lib/history/pages";
import { ROUTER_ID, routerModel } from "@/lib/views/routers";

export const dynamic = "force-dynamic";

export default async function RouterPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("viewer");
  const { id } = await params;
  if (!ROUTER_ID.test(id)) notFound();
  const [initial, gatewayHistory] = await Promise.all([
    currentSnapshot().then((s) => routerModel(s, id)),
    historyBlock((store, cloud, _retention, now) => gatewayHistoryModel(store, cloud, id, now)),
  ]);
  return (
    <RouterDrillDown
      id={id}
      initial={initial}
      gatewayHistory={gatewayHistory}
      refreshMs={refreshIntervalMs()}
    />
  );
}
