import { TimelineControls } from "@/components/timeline/TimelineControls";
import { TimelineLive } from "@/components/timeline/TimelineLive";
import { requireRole } from "@/lib/auth/server";
import { currentSnapshot, refreshIntervalMs } from "@/lib/collect";
import { parseTimelineQuery, timelineParams } from "@/lib/history/range";
import { timelineModel } from "@/lib/history/read";
import { getI18n } from "@/lib/i18n/server";
import { getInventory } from "@/lib/inventory";
import { getStore } from "@/lib/store";
import { timelineOptions } from "@/lib/views/timeline-options";

export const dynamic = "force-dynamic";

/** The query as of this request: a preset range ends now. */
const queryNow = (params: URLSearchParams) => parseTimelineQuery(params, Date.now());

/**
 * What changed over a range: the URL is the range and filters (a deep link), read by
 * lib/history/range as /api/history reads them; a bad parameter is said, never replaced.
 */
export default async function TimelinePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireRole("viewer");
  const { t } = await getI18n();
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams))
    for (const v of typeof value === "string" ? [value] : (value ?? [])) params.append(key, v);
  const q = queryNow(params);
  const options = timelineOptions(await currentSnapshot());
  return (
    <div className="space-y-4" data-testid="timeline-page">
      <h1 className="text-lg font-semibold">{t("timeline.title")}</h1>
      <TimelineControls t={t} params={params} query={"error" in q ? null : q} options={options} />
      {"error" in q ? (
        <p
          role="alert"
          data-testid="timeline-error"
          className="rounded border border-down/50 bg-down/10 px-3 py-2 text-down"
        >
          {t("timeline.badQuery", { error: q.error })}
        </p>
      ) : (
        <TimelineLive
          initial={await timelineModel(await getStore(), getInventory().cloud.name, q)}
          query={timelineParams(q).toString()}
          refreshMs={refreshIntervalMs()}
        />
      )}
    </div>
  );
}
