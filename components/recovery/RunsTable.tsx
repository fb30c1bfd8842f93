"use client";

import Link from "next/link";
import { useT } from "@/components/i18n/I18nProvider";
import { localTime, useHydrated } from "@/components/live/time";
import { Table } from "@/components/ui/Table";
import type { RunRecord } from "@/lib/recovery/types";
import { RunStatusBadge } from "./badges";

export function RunsTable({ runs }: { runs: RunRecord[] }) {
  const t = useT();
  const hydrated = useHydrated();
  if (runs.length === 0) return <p className="px-3 py-2 text-muted">{t("recovery.noRuns")}</p>;
  return (
    <Table
      testId="runs"
      head={[
        t("recovery.col.started"),
        t("finding.runbook"),
        t("recovery.col.operator"),
        t("recovery.col.status"),
      ]}
      rowData={runs.map((r) => ({ "data-run": r.id, "data-status": r.status }))}
      rows={runs.map((r) => [
        <Link key="s" href={`/recovery/runs/${r.id}`} className="text-accent hover:underline">
          {localTime(r.startedAt, hydrated, true)}
        </Link>,
        `${t(`runbook.${r.runbook}`)}${r.target ? ` (${r.target})` : ""}`,
        r.operator,
        <RunStatusBadge key="st" status={r.status} />,
      ])}
    />
  );
}
