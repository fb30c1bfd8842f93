"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useT } from "@/components/i18n/I18nProvider";
import { RunsTable } from "@/components/recovery/RunsTable";
import { useLive } from "@/components/live/useLive";
import { localTime, useHydrated } from "@/components/live/time";
import { Panel } from "@/components/ui/Panel";
import { timelineParams } from "@/lib/history/range";
import type { TimelineModel } from "@/lib/history/read";
import { EventList } from "./EventList";
import { ChartPlaceholder } from "./ChartPlaceholder";

// The chart library is loaded in the browser only, and only by this page: its SVG sets style
// attributes, which the CSP refuses in server-rendered HTML but not through the CSSOM.
const loadChart = () => import("./OpenFindingsChart");
// Fetched as soon as this module runs in the browser, not after the page has hydrated.
if (typeof window !== "undefined") void loadChart();
const OpenFindingsChart = dynamic(loadChart, {
  ssr: false,
  loading: () => <ChartPlaceholder />,
});

/** The same filters over the part of the range before the first event listed (the list holds the newest). */
function earlierHref(data: TimelineModel): string {
  const to = data.events[0] ? data.events[0].at - 1 : data.to;
  return `/timeline?${timelineParams({ preset: null, filter: { ...data.filter, to } })}`;
}

/** The range's chart and events, kept fresh at the refresh interval (a preset range slides with now). */
export function TimelineLive({
  initial,
  query,
  refreshMs,
}: {
  initial: TimelineModel;
  /** The range and filters as query parameters (lib/history/range timelineParams). */
  query: string;
  refreshMs: number;
}) {
  const t = useT();
  const hydrated = useHydrated();
  const { data, error } = useLive<TimelineModel>(`/api/history?${query}`, initial, refreshMs);
  // Dates beside times once the range leaves one (UTC) day: the same choice on server and browser.
  const withDate =
    new Date(data.from).toISOString().slice(0, 10) !== new Date(data.to).toISOString().slice(0, 10);
  const from = localTime(data.from, hydrated, withDate);
  const filtered = Boolean(
    data.filter.node ||
    data.filter.service ||
    data.filter.router ||
    data.filter.rule ||
    data.filter.kinds,
  );
  return (
    <div className="space-y-4" data-testid="timeline" data-events={data.events.length}>
      <p className="text-xs text-muted" data-testid="timeline-span">
        {data.preset
          ? t("timeline.spanLive", { from })
          : t("timeline.span", { from, to: localTime(data.to, hydrated, withDate) })}
        {error && (
          <span role="status" className="ml-2 text-degraded">
            ◷ {t("timeline.refreshFailed", { error: error.message })}
          </span>
        )}
      </p>
      <Panel title={t("timeline.chartHeading")} testId="timeline-chart">
        <div className="p-3">
          <OpenFindingsChart
            series={data.series}
            runs={data.runs}
            from={data.from}
            to={data.to}
            withDate={withDate}
          />
        </div>
      </Panel>
      {data.runs.length > 0 && (
        <Panel title={t("timeline.runsHeading")} testId="timeline-runs-panel">
          <RunsTable runs={data.runs} testId="timeline-runs" withEnded withDate={withDate} />
        </Panel>
      )}
      <Panel title={t("timeline.eventsHeading")} testId="timeline-events">
        {data.truncated && (
          <p
            role="status"
            data-testid="timeline-truncated"
            className="border-b border-line px-3 py-2 text-degraded"
          >
            {t("timeline.truncated", { n: data.events.length, total: data.total })}{" "}
            <Link
              href={earlierHref(data)}
              className="text-accent underline"
              data-testid="timeline-earlier"
            >
              {t("timeline.earlier")}
            </Link>
          </p>
        )}
        {data.events.length === 0 ? (
          <p data-testid="timeline-empty" className="px-3 py-4 text-muted">
            {t(filtered ? "timeline.emptyFiltered" : "timeline.empty")}
          </p>
        ) : (
          <>
            <p className="px-3 pt-2 text-xs text-muted">
              {t("timeline.shown", { n: data.events.length })}
            </p>
            <EventList events={data.events} withDate={withDate} />
          </>
        )}
      </Panel>
    </div>
  );
}
