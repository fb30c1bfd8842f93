"use client";

import { memo, useState } from "react";
import { useT } from "@/components/i18n/I18nProvider";
import { localTime, useHydrated } from "@/components/live/time";
import { TableFrame } from "@/components/ui/Table";
import type { HistoryEvent } from "@/lib/history/types";
import { EventChange, EventSubject } from "./EventCells";
import { KindBadge } from "./KindBadge";
import { SeverityBadge } from "@/components/findings/SeverityBadge";

/**
 * The range's events oldest first, as the store returns them: an incident reads downwards in
 * the order it happened (the cause before its consequences, the chart's left to right), as a
 * journal does.
 */
export function EventList({ events, withDate }: { events: HistoryEvent[]; withDate: boolean }) {
  const t = useT();
  // A day of a flapping gateway is thousands of rows: drawn a page at a time, on demand.
  const [shown, setShown] = useState(PAGE);
  const left = events.length - shown;
  return (
    <>
      <TableFrame
        testId="timeline-list"
        head={[
          t("timeline.col.time"),
          t("timeline.col.kind"),
          t("timeline.col.subject"),
          t("timeline.col.change"),
          t("timeline.col.severity"),
        ]}
      >
        {events.slice(0, shown).map((e) => (
          <EventRow key={e.id} event={e} withDate={withDate} />
        ))}
      </TableFrame>
      {left > 0 && (
        <button
          type="button"
          data-testid="timeline-more"
          onClick={() => setShown((n) => n + PAGE)}
          className="m-3 rounded border border-accent/60 bg-accent/15 px-2 py-0.5 text-accent hover:bg-accent/25"
        >
          {t("timeline.showMore", { n: Math.min(PAGE, left), left })}
        </button>
      )}
    </>
  );
}

const PAGE = 300;

// An event never changes once recorded: a refresh re-renders only rows it has not drawn yet.
const EventRow = memo(
  function EventRow({ event: e, withDate }: { event: HistoryEvent; withDate: boolean }) {
    const hydrated = useHydrated();
    return (
      <tr
        className="border-t border-line align-top"
        data-event={e.id}
        data-kind={e.kind}
        data-subject={e.subject}
      >
        <td className="px-3 py-1 font-mono text-xs whitespace-nowrap text-muted">
          <time dateTime={new Date(e.at).toISOString()}>{localTime(e.at, hydrated, withDate)}</time>
        </td>
        <td className="px-3 py-1">
          <KindBadge kind={e.kind} />
        </td>
        <td className="px-3 py-1 break-words">
          <EventSubject event={e} />
        </td>
        <td className="px-3 py-1 break-words">
          <EventChange event={e} />
        </td>
        <td className="px-3 py-1">{e.severity && <SeverityBadge severity={e.severity} />}</td>
      </tr>
    );
  },
  (a, b) => a.event.id === b.event.id && a.withDate === b.withDate,
);
