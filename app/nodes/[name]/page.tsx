import { notFound } from "next/navigation";
import { NodeLive } from "@/components/node/NodeLive";
import { requireRole } from "@/lib/auth/server";
import { currentSnapshot, refreshIntervalMs } from "@/lib/collect";
import { NODE_NAME } from "@/lib/inventory/schema";
import { nodeModel } from "@/lib/views/node";

export const dynamic = "force-dynamic";

export default async function NodePage({ params }: { params: Promise<{ name: string }> }) {
  await requireRole("viewer");
  const { name } = await params;
  if (!NODE_NAME.test(name)) notFound();
  const model = nodeModel(await currentSnapshot(), name);
  if (!model) notFound();
  return <NodeLive name={name} initial={model} refreshMs={refreshIntervalMs()} />;
}
