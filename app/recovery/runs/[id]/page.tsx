import { notFound } from "next/navigation";
import { RunView } from "@/components/recovery/RunView";
import { requireRole } from "@/lib/auth/server";
import { refreshIntervalMs } from "@/lib/collect";
import { getExecutor } from "@/lib/recovery";

export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("viewer");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const run = await (await getExecutor()).get(id);
  if (!run) notFound();
  return <RunView initial={run} refreshMs={refreshIntervalMs()} />;
}
