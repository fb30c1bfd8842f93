"use client";

import { useT } from "@/components/i18n/I18nProvider";
import { localTime, useHydrated } from "@/components/live/time";
import { Table } from "@/components/ui/Table";
import type { ClusterModel } from "@/lib/views/clusters";

/** How each kind of election line reads at a glance: a win stands out, the rest stays quiet. */
const KIND_CLASS: Record<ClusterModel["elections"][number]["kind"], string> = {
  started: "text-ink",
  won: "text-ok font-medium",
  learned: "text-muted",
  "early-vote": "text-muted",
  "server-start": "text-muted italic",
};

/** The history of terms: every member's raft lines about elections, newest first. */
export function ElectionsList({ cluster: c }: { cluster: ClusterModel }) {
  const t = useT();
  const hydrated = useHydrated();
  if (c.elections.length === 0)
    return (
      <p className="px-3 py-2 text-muted" data-testid={`elections-${c.db}`}>
        {t("clusters.electionsNone")}
      </p>
    );
  return (
    <div data-testid={`elections-${c.db}`}>
      <p className="px-3 pt-1 text-xs text-muted">
        {c.elections.length < c.electionsTotal
          ? t("clusters.electionsShown", { shown: c.elections.length, total: c.electionsTotal })
          : t("clusters.electionsAll", { total: c.electionsTotal })}
      </p>
      <div className="max-h-96 overflow-y-auto">
        <Table
          head={[
            t("clusters.el.time"),
            t("clusters.el.node"),
            t("clusters.el.term"),
            t("clusters.el.kind"),
            t("clusters.el.message"),
          ]}
          rowData={c.elections.map((e) => ({
            "data-kind": e.kind,
            "data-term": String(e.term),
            ...(e.alone ? { "data-alone": "true" } : {}),
          }))}
          rows={c.elections.map((e) => [
            <span key="at" className="whitespace-nowrap font-mono text-xs">
              {localTime(Date.parse(e.at), hydrated, true)}
            </span>,
            e.node,
            <span key="term" className="font-mono">
              {e.term ?? "—"}
            </span>,
            <span
              key="kind"
              className={`whitespace-nowrap ${e.alone ? "text-muted" : KIND_CLASS[e.kind]}`}
            >
              {t(`clusters.kind.${e.kind}`)}
              {e.alone && (
                <span className="block text-xs" data-testid="election-alone">
                  {t("clusters.aloneInTerm", { node: e.node })}
                </span>
              )}
            </span>,
            <span key="m" className="font-mono text-xs break-all text-muted">
              {e.message}
            </span>,
          ])}
        />
      </div>
    </div>
  );
}
