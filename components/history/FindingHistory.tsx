"use client";

import Link from "next/link";
import { useT } from "@/components/i18n/I18nProvider";
import { localTime, useHydrated, useNow } from "@/components/live/time";
import { Badge } from "@/components/ui/Badge";
import { Panel } from "@/components/ui/Panel";
import type { FindingHistoryModel, HistoryBlock } from "@/lib/history/pages";
import { formatDuration } from "./duration";
import { HistoryUnavailable } from "./HistoryUnavailable";

const DAY_MS = 86_400_000;

/**
 * A finding's past, as far as history goes back: when it first opened, how often (more than
 * once: flapping), how long it was open in all, and since when it is open now. Read on the
 * server when the page loads; the open time keeps counting while it is open.
 */
export function FindingHistory({ block }: { block: HistoryBlock<FindingHistoryModel> }) {
  const t = useT();
  const hydrated = useHydrated();
  const now = useNow();
  const h = block.state === "ok" ? block.model : null;
  const timeline = h && (
    <Link
      href={`/timeline?${h.timeline}`}
      className="ml-auto text-xs font-normal text-accent hover:underline"
      data-testid="history-timeline-link"
    >
      {t("history.onTimeline")}
    </Link>
  );
  const days = h ? Math.round(h.retentionMs / DAY_MS) : 0;
  return (
    <Panel title={t("history.heading")} action={timeline} testId="finding-history">
      {block.state !== "ok" ? (
        <HistoryUnavailable block={block} />
      ) : h!.openings === 0 ? (
        <p className="px-3 py-2 text-muted" data-testid="history-none">
          {t("history.noOpenings", { days })}
        </p>
      ) : (
        <div className="space-y-1 p-3">
          <dl className="grid grid-cols-[10rem_1fr] gap-x-3 gap-y-1.5">
            <dt className="text-muted">{t("history.firstOpened")}</dt>
            <dd
              data-testid="history-first-opened"
              data-at={h!.firstOpenedAt!}
              data-before-history={h!.openBeforeHistory || undefined}
            >
              {h!.openBeforeHistory
                ? t("history.openBefore", { at: localTime(h!.firstOpenedAt!, hydrated, true) })
                : localTime(h!.firstOpenedAt!, hydrated, true)}
            </dd>
            <dt className="text-muted">{t("history.openings")}</dt>
            <dd
              className="flex items-center gap-2"
              data-testid="history-openings"
              data-openings={h!.openings}
            >
              {h!.openings}
              {h!.openings > 1 && (
                <Badge
                  icon="↻"
                  label={t("history.flapping")}
                  className="border-degraded text-degraded"
                  data-flapping="true"
                />
              )}
            </dd>
            <dt className="text-muted">{t("history.openTotal")}</dt>
            <dd data-testid="history-open-total">
              {formatDuration(
                t,
                h!.openMs + (h!.openNow && now !== null ? Math.max(0, now - h!.at) : 0),
              )}
            </dd>
            <dt className="text-muted">{t("history.openSince")}</dt>
            <dd data-testid="history-open-since" data-open={h!.openNow}>
              {h!.openNow ? localTime(h!.lastOpenedAt!, hydrated, true) : t("history.notOpenNow")}
            </dd>
          </dl>
          <p className="text-xs text-muted">
            {t("history.retention", { days })}
            {h!.truncated && ` ${t("history.truncated")}`}
          </p>
        </div>
      )}
    </Panel>
  );
}
