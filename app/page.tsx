import { OverviewLive } from "@/components/overview/OverviewLive";
import { requireRole } from "@/lib/auth/server";
import { currentSnapshot, refreshIntervalMs } from "@/lib/collect";
import { getI18n } from "@/lib/i18n/server";
import { overviewModel } from "@/lib/views/overview";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  await requireRole("viewer");
  const { t } = await getI18n();
  const model = overviewModel(await currentSnapshot());
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">{t("overview.title")}</h1>
      <OverviewLive initial={model} refreshMs={refreshIntervalMs()} />
    </div>
  );
}
