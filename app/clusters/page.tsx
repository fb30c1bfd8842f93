import { ClustersLive } from "@/components/clusters/ClustersLive";
import { requireRole } from "@/lib/auth/server";
import { currentSnapshot, refreshIntervalMs } from "@/lib/collect";
import { getI18n } from "@/lib/i18n/server";
import { clustersModel } from "@/lib/views/clusters";

export const dynamic = "force-dynamic";

export default async function ClustersPage() {
  await requireRole("viewer");
  const { t } = await getI18n();
  const model = clustersModel(await currentSnapshot());
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">{t("clusters.title")}</h1>
      <ClustersLive initial={model} refreshMs={refreshIntervalMs()} />
    </div>
  );
}
