import { notFound } from "next/navigation";
import { RouterDrillDown } from "@/components/routers/RouterDrillDown";
import { requireRole } from "@/lib/auth/server";
import { getCollector, refreshIntervalMs } from "@/lib/collect";
import { ROUTER_ID, routerModel } from "@/lib/views/routers";

export const dynamic = "force-dynamic";

export default async function RouterPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("viewer");
  const { id } = await params;
  if (!ROUTER_ID.test(id)) notFound();
  return (
    <RouterDrillDown
      id={id}
      initial={routerModel(await getCollector().snapshot(), id)}
      refreshMs={refreshIntervalMs()}
    />
  );
}
