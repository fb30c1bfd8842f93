import { RoutersLive } from "@/components/routers/RoutersLive";
import { requireRole } from "@/lib/auth/server";
import { currentSnapshot, refreshIntervalMs } from "@/lib/collect";
import { getI18n } from "@/lib/i18n/server";
import { routersModel } from "@/lib/views/routers";

export const dynamic = "force-dynamic";

export default async function RoutersPage() {
  await requireRole("viewer");
  const { t } = await getI18n();
  const model = routersModel(await currentSnapshot());
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">{t("routers.title")}</h1>
      <RoutersLive initial={model} refreshMs={refreshIntervalMs()} />
    </div>
  );
}
