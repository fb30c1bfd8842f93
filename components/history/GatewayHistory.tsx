"use client";

import Link from "next/link";
import { useT } from "@/components/i18n/I18nProvider";
import { localTime, useHydrated } from "@/components/live/time";
import { Panel } from "@/components/ui/Panel";
import type { GatewayHistoryModel, HistoryBlock } from "@/lib/history/pages";
import type { ChassisSpan } from "@/lib/history/timeline";
import { formatDuration } from "./duration";
import { HistoryUnavailable } from "./HistoryUnavailable";

/** Chassis in the order they first host the gateway get these; nobody is always the down colour. */
const PALETTE = ["bg-accent/40", "bg-accent/15", "bg-unknown/35", "bg-accent/70"];
const NOBODY = "bg-down/70 text-white";
const DAY_MS = 86_400_000;
/** The newest spans are listed under the bar; a flapping gateway's hundreds stay in the bar. */
const LISTED = 6;

function colours(spans: ChassisSpan[]): (s: ChassisSpan) => string {
  const order = [...new Set(spans.map((s) => s.chassis).filter((c) => c !== null))];
  return (s) => (s.chassis === null ? NOBODY : PALETTE[order.indexOf(s.chassis) % PALETTE.length]!);
}

/**
 * The chassis hosting a router's gateway over the last hours, as one bar of spans (nobody: the
 * down colour), each labelled; the widths are set in the browser (the CSP allows no style
 * attribute in the server's HTML), the spans are listed below as well.
 */
export function GatewayHistory({
  block,
  routerId,
}: {
  block: HistoryBlock<GatewayHistoryModel>;
  routerId: string;
}) {
  const t = useT();
  const hydrated = useHydrated();
  const m = block.state === "ok" ? block.model : null;
  const hours = m ? Math.round((m.to - m.from) / 3_600_000) : 24;
  const name = (s: ChassisSpan) => s.chassis ?? t("history.nobody");
  // With the date when it is more than half a day back (decided on the model's own times, so the
  // server's HTML and the browser's render agree).
  const when = (ms: number) => localTime(ms, hydrated, m !== null && m.to - ms > DAY_MS / 2);
  const title = (s: ChassisSpan) =>
    t("history.span", {
      chassis: name(s),
      from: when(s.from),
      to: when(s.to),
      duration: formatDuration(t, s.to - s.from),
    });
  const link = (
    <Link
      href={`/timeline?router=${encodeURIComponent(routerId)}&range=24h`}
      className="ml-auto text-xs font-normal text-accent hover:underline"
      data-testid="gateway-history-timeline-link"
    >
      {t("history.onTimeline")}
    </Link>
  );
  if (block.state !== "ok")
    return (
      <Panel title={t("history.gatewayHeading", { hours })} action={link} testId="gateway-history">
        <HistoryUnavailable block={block} />
      </Panel>
    );
  const { spans, from, to, begin } = m!;
  const colour = colours(spans);
  const width = (a: number, b: number) => `${((b - a) / (to - from)) * 100}%`;
  return (
    <Panel title={t("history.gatewayHeading", { hours })} action={link} testId="gateway-history">
      {spans.length === 0 ? (
        <p className="px-3 py-2 text-muted" data-testid="gateway-history-none">
          {t("history.gatewayNone")}
        </p>
      ) : (
        <div className="space-y-1 p-3">
          <div
            className="flex h-7 w-full overflow-hidden rounded border border-line text-xs"
            data-testid="gateway-bar"
            role="img"
            aria-label={spans.map(title).join("; ")}
          >
            {hydrated && begin > from && (
              <div
                className="flex items-center overflow-hidden px-1 whitespace-nowrap text-muted"
                style={{ width: width(from, begin) }}
                title={t("history.before")}
                data-testid="gateway-span-unknown"
              >
                <span className="truncate">{t("history.before")}</span>
              </div>
            )}
            {hydrated &&
              spans.map((s) => (
                <div
                  key={s.from}
                  className={`flex min-w-px items-center overflow-hidden border-r border-canvas/60 px-1 whitespace-nowrap last:border-r-0 ${colour(s)}`}
                  style={{ width: width(s.from, s.to) }}
                  title={title(s)}
                  data-testid="gateway-span"
                  data-chassis={s.chassis ?? ""}
                >
                  <span className="truncate font-mono">{name(s)}</span>
                </div>
              ))}
          </div>
          <div className="flex justify-between text-xs text-muted">
            <span>{t("history.axisStart", { hours })}</span>
            <span>{t("history.axisNow")}</span>
          </div>
          <ol className="flex flex-wrap gap-x-4 gap-y-0.5 text-xs" data-testid="gateway-spans">
            {spans.length > LISTED && (
              <li className="text-muted">
                {t("history.earlierSpans", { n: spans.length - LISTED })}
              </li>
            )}
            {spans.slice(-LISTED).map((s) => (
              <li key={s.from} className="flex items-center gap-1.5" data-chassis={s.chassis ?? ""}>
                <span
                  aria-hidden="true"
                  className={`inline-block h-2.5 w-2.5 rounded-sm border border-line ${colour(s)}`}
                />
                <span className={s.chassis === null ? "font-medium text-down" : "font-mono"}>
                  {name(s)}
                </span>
                <span className="text-muted">
                  {when(s.from)} – {when(s.to)} ({formatDuration(t, s.to - s.from)})
                </span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </Panel>
  );
}
