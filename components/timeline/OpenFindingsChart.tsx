"use client";

import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useT } from "@/components/i18n/I18nProvider";
import type { Severity } from "@/lib/diagnose/types";
import type { TimelineRun } from "@/lib/history/read";
import type { OpenCountPoint } from "@/lib/history/timeline";
import { timeTicks } from "./ticks";

/** The severities' colours everywhere else (SeverityBadge: critical down, warning degraded, info unknown). */
const COLOUR: Record<Severity, string> = {
  critical: "var(--down)",
  warning: "var(--degraded)",
  info: "var(--unknown)",
};
/** Bottom to top: critical on the axis, where its count reads directly. */
const ORDER: Severity[] = ["critical", "warning", "info"];

function when(ms: number, withDate: boolean, seconds = false): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds && { second: "2-digit" }),
  });
  return withDate
    ? `${d.toLocaleDateString([], { month: "short", day: "numeric" })} ${time}`
    : time;
}

/**
 * Open findings by severity over the range as stacked steps (a count holds until the next
 * event). Rendered in the browser only (see TimelineLive). Default export for next/dynamic.
 */
export default function OpenFindingsChart({
  series,
  runs,
  from,
  to,
  withDate,
}: {
  series: OpenCountPoint[];
  /** Shaded behind the steps: what an operator did while the counts moved. */
  runs: TimelineRun[];
  from: number;
  to: number;
  withDate: boolean;
}) {
  const t = useT();
  const most = (s: Severity) => Math.max(0, ...series.map((p) => p[s]));
  const ticks = timeTicks(from, to);
  // Ticks under a minute apart (a picked range of minutes) say their seconds.
  const seconds = ticks.length > 1 && ticks[1]! - ticks[0]! < 60_000;
  return (
    <figure
      role="img"
      aria-label={t("timeline.chartLabel", {
        critical: most("critical"),
        warning: most("warning"),
        info: most("info"),
      })}
      data-testid="open-findings-chart"
      data-points={series.length}
      className="h-56"
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={series} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={[from, to]}
            ticks={ticks}
            tickFormatter={(ms: number) => when(ms, withDate, seconds)}
            stroke="var(--muted)"
            tick={{ fill: "var(--muted)", fontSize: 11 }}
          />
          <YAxis
            allowDecimals={false}
            width={32}
            stroke="var(--muted)"
            tick={{ fill: "var(--muted)", fontSize: 11 }}
          />
          <Tooltip
            labelFormatter={(ms) => when(Number(ms), true, true)}
            contentStyle={{
              background: "var(--panel)",
              border: "1px solid var(--line)",
              fontSize: 12,
            }}
            labelStyle={{ color: "var(--ink)" }}
          />
          {/* In ORDER, not sorted by name. */}
          <Legend itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
          {runs.map((r) => (
            <ReferenceArea
              key={r.id}
              x1={Math.max(from, r.startedAt)}
              x2={Math.min(to, r.endedAt ?? to)}
              fill="var(--accent)"
              fillOpacity={0.12}
              label={{
                value: t("timeline.runsShaded"),
                position: "insideTop",
                fill: "var(--accent)",
                fontSize: 11,
              }}
              ifOverflow="hidden"
            />
          ))}
          {ORDER.map((s) => (
            <Area
              key={s}
              type="stepAfter"
              dataKey={s}
              name={t(`severity.${s}`)}
              stackId="open"
              // Filled blocks, no outline: a zero-height band's outline would draw over the
              // band below it in the wrong colour.
              stroke="none"
              fill={COLOUR[s]}
              fillOpacity={0.6}
              legendType="square"
              isAnimationActive={false}
              className={`severity-${s}`}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}
