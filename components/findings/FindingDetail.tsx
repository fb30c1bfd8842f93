"use client";

import Link from "next/link";
import { useT } from "@/components/i18n/I18nProvider";
import { useLive } from "@/components/live/useLive";
import { Freshness } from "@/components/live/Freshness";
import { Table } from "@/components/ui/Table";
import { FindingHistory } from "@/components/history/FindingHistory";
import { FindingLink } from "@/components/ui/FindingLink";
import { Panel } from "@/components/ui/Panel";
import type { Finding, RunbookId } from "@/lib/diagnose";
import type { FindingHistoryModel, HistoryBlock } from "@/lib/history/pages";
import { runbookHref as planHref } from "@/lib/recovery/catalogue";
import { SeverityBadge } from "./SeverityBadge";
import { useMessage } from "./useMessage";

export interface FindingModel {
  finding: Finding | null;
  finishedAt: string;
}

/** A unit's fact links to that unit on its node page (/nodes/ctl1#unit-ovn-northd.service). */
function evidenceHref(e: Finding["evidence"][number]): string {
  const unit = e.probe === "units" ? /^([\w@.-]+\.service)\b/.exec(e.fact)?.[1] : undefined;
  return `/nodes/${e.node}${unit ? `#unit-${unit}` : ""}`;
}

/**
 * The plan page of the finding's runbook; one that takes a node gets the finding's node (a
 * chassis to reconnect), or the node of the service it concerns (a member to rejoin).
 */
function runbookHref(runbook: RunbookId, finding: Finding): string {
  const node =
    finding.affects.find((a) => a.startsWith("node:"))?.slice(5) ??
    finding.affects.find((a) => a.startsWith("service:"))?.split(":")[1];
  return planHref(runbook, node);
}

function Evidence({ finding }: { finding: Finding }) {
  const t = useT();
  return (
    <Table
      testId="evidence"
      head={[t("table.node"), t("table.fact"), t("table.seenBy")]}
      rows={finding.evidence.map((e) => [
        e.node ? (
          <Link key="n" href={evidenceHref(e)} className="font-mono text-accent hover:underline">
            {e.node}
          </Link>
        ) : (
          "—"
        ),
        <span key="f" className="font-mono text-xs break-all">
          {e.fact}
        </span>,
        <span key="c" className="font-mono text-xs text-muted" title={e.at ?? undefined}>
          {e.command}
        </span>,
      ])}
    />
  );
}

function Body({ finding, depth }: { finding: Finding; depth: number }) {
  const t = useT();
  const msg = useMessage();
  return (
    <div className="space-y-2">
      <dl className="grid grid-cols-[10rem_1fr] gap-x-3 gap-y-1.5">
        <dt className="text-muted">{t("finding.explanation")}</dt>
        <dd data-testid={depth === 0 ? "explanation" : undefined}>{msg(finding.explanation)}</dd>
        {finding.cause && (
          <>
            <dt className="text-muted">{t("finding.cause")}</dt>
            <dd data-testid={depth === 0 ? "cause" : undefined}>{msg(finding.cause)}</dd>
          </>
        )}
        {finding.action && (
          <>
            <dt className="text-muted">{t("finding.action")}</dt>
            <dd data-testid={depth === 0 ? "action" : undefined}>{msg(finding.action)}</dd>
          </>
        )}
        {finding.runbook && (
          <>
            <dt className="text-muted">{t("finding.runbook")}</dt>
            <dd data-testid={depth === 0 ? "runbook" : undefined} data-runbook={finding.runbook}>
              <Link
                href={runbookHref(finding.runbook, finding)}
                className="text-accent hover:underline"
              >
                {t(`runbook.${finding.runbook}`)}
              </Link>{" "}
              <span className="text-xs text-muted">({t("recovery.fromFinding")})</span>
            </dd>
          </>
        )}
        <dt className="text-muted">{t("finding.affects")}</dt>
        <dd className="font-mono text-xs">{finding.affects.join("  ")}</dd>
      </dl>
      <h3 className="pt-2 text-xs font-medium text-muted uppercase">{t("finding.evidence")}</h3>
      <Evidence finding={finding} />
    </div>
  );
}

export function FindingDetail({
  id,
  initial,
  history,
  refreshMs,
}: {
  id: string;
  initial: FindingModel;
  /** Read on the server when the page loads (lib/history/pages). */
  history: HistoryBlock<FindingHistoryModel>;
  refreshMs: number;
}) {
  const t = useT();
  const msg = useMessage();
  const { data, error } = useLive<FindingModel>(
    `/api/findings/${encodeURIComponent(id)}`,
    initial,
    refreshMs,
  );
  const f = data.finding;
  return (
    <div className="space-y-4" data-testid="finding-page">
      <Freshness finishedAt={data.finishedAt} error={error} refreshMs={refreshMs} />
      {!f ? (
        <p
          className="rounded border border-line bg-panel px-3 py-2 text-muted"
          data-testid="finding-gone"
        >
          <span className="font-mono">{id}</span>: {t("finding.notFound")}
        </p>
      ) : (
        <>
          <div className="flex items-start gap-3">
            <SeverityBadge severity={f.severity} />
            <h1 className="text-lg font-semibold" data-testid="finding-title">
              {msg(f.title)}
            </h1>
          </div>
          <Panel className="p-3">
            <Body finding={f} depth={0} />
          </Panel>
          {f.symptoms.length > 0 && (
            <Panel title={t("finding.symptoms")} testId="symptoms">
              {f.symptoms.map((s) => (
                <details
                  key={s.id}
                  className="border-b border-line px-3 py-2 last:border-0"
                  data-symptom={s.id}
                >
                  <summary className="flex cursor-pointer items-center gap-2">
                    <SeverityBadge severity={s.severity} />
                    <span>{msg(s.title)}</span>
                    <FindingLink id={s.id} className="ml-auto text-xs text-accent hover:underline">
                      {t("findings.open")}
                    </FindingLink>
                  </summary>
                  <div className="pt-2">
                    <Body finding={s} depth={1} />
                  </div>
                </details>
              ))}
            </Panel>
          )}
        </>
      )}
      {/* Also for a finding that is gone: when it was open, and how often, still matters. */}
      <FindingHistory block={history} />
    </div>
  );
}
