"use client";

import Link from "next/link";
import { useT } from "@/components/i18n/I18nProvider";
import { localTime, useHydrated } from "@/components/live/time";
import { Table } from "@/components/ui/Table";
import type { RunRecord } from "@/lib/recovery/types";
import { RunStatusBadge } from "./badges";

/** What a list of runs shows of each: the recovery page's record or the Timeline's summary. */
type RunRow = Pick<
  RunRecord,
  "id" | "runbook" | "target" | "operator" | "status" | "startedAt" | "endedAt"
>;

/**
 * Runs, each linked to its own record. The Timeline adds when each ended and leaves dates out
 * when its range is one day.
 */
export function RunsTable({
  runs,
  testId = "runs",
  withEnded = false,
  withDate = true,
}: {
  runs: RunRow[];
  testId?: string;
  withEnded?: boolean;
  withDate?: boolean;
}) {
  const t = useT();
  const hydrated = useHydrated();
  if (runs.length === 0) return <p className="px-3 py-2 text-muted">{t("recovery.noRuns")}</p>;
  const time = (at: number) => localTime(at, hydrated, withDate);
  return (
    <Table
      testId={testId}
      head={[
        t("recovery.col.started"),
        ...(withEnded ? [t("timeline.col.ended")] : []),
        t("finding.runbook"),
        t("recovery.col.operator"),
        t("recovery.col.status"),
      ]}
      rowData={runs.map((r) => ({ "data-run": r.id, "data-status": r.status }))}
      rows={runs.map((r) => [
        <Link key="s" href={`/recovery/runs/${r.id}`} className="text-accent hover:underline">
          {time(r.startedAt)}
        </Link>,
        ...(withEnded ? [r.endedAt === null ? "—" : time(r.endedAt)] : []),
        `${t(`runbook.${r.runbook}`)}${r.target ? ` (${r.target})` : ""}`,
        r.operator,
        <RunStatusBadge key="st" status={r.status} />,
      ])}
    />
  );
}
