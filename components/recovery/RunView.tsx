"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { SeverityBadge } from "@/components/findings/SeverityBadge";
import { useMessage } from "@/components/findings/useMessage";
import { useT } from "@/components/i18n/I18nProvider";
import { localTime, useHydrated } from "@/components/live/time";
import { closeOnSessionEnd } from "@/components/live/stream-end";
import { Table } from "@/components/ui/Table";
import { TopologyView } from "@/components/topology/TopologyView";
import { FindingLink } from "@/components/ui/FindingLink";
import { Panel } from "@/components/ui/Panel";
import type { TopologyModel } from "@/lib/views/topology";
import type { RunRecord } from "@/lib/recovery/types";
import { RunStatusBadge, StepStatusBadge } from "./badges";

/**
 * Follows a run live over SSE (EventSource reconnects by itself) until it ends, or until the
 * session does (then to the login page).
 */
function useRun(initial: RunRecord): RunRecord {
  const [run, setRun] = useState(initial);
  useEffect(() => {
    if (initial.status !== "running") return;
    const source = new EventSource(`/api/recovery/runs/${initial.id}/events`);
    source.addEventListener("run", (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as RunRecord;
      setRun(next);
      if (next.status !== "running") source.close();
    });
    closeOnSessionEnd(source);
    return () => source.close();
  }, [initial.id, initial.status]);
  return run;
}

function Summary({ run }: { run: RunRecord }) {
  const t = useT();
  if (run.status === "running") return null;
  const failed = run.steps.find((s) => s.status === "failed");
  const text =
    run.status === "interrupted"
      ? t("recovery.summary.interrupted")
      : failed
        ? t("recovery.summary.failed", {
            step: t(`recovery.step.${failed.stepId}`),
            node: failed.node,
            fact: failed.fact ?? "",
          })
        : t("recovery.summary.succeeded");
  return (
    <p
      data-testid="run-summary"
      className={`rounded border px-3 py-2 ${run.status === "succeeded" ? "border-ok/40 bg-ok/10" : "border-down/50 bg-down/10"}`}
    >
      {text}
    </p>
  );
}

/**
 * The topology as it is after the run: fetched when the run has ended (the run's final read is
 * the collector's latest), then kept live. Never the picture from before the run.
 */
function useTopologyAfter(run: RunRecord): TopologyModel | null {
  const [model, setModel] = useState<TopologyModel | null>(null);
  useEffect(() => {
    if (run.status === "running") return;
    let live = true;
    fetch("/api/topology", { cache: "no-store" })
      .then((r) => (r.ok ? (r.json() as Promise<TopologyModel>) : null))
      .then((m) => live && setModel(m))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [run.status]);
  return model;
}

export function RunView({ initial, refreshMs }: { initial: RunRecord; refreshMs: number }) {
  const t = useT();
  const msg = useMessage();
  const run = useRun(initial);
  const topology = useTopologyAfter(run);
  const hydrated = useHydrated();
  const time = (ms: number | null) => (ms ? localTime(ms, hydrated) : "—");
  return (
    <div className="space-y-3" data-testid="run" data-status={run.status}>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">{t(`runbook.${run.runbook}`)}</h1>
        <RunStatusBadge status={run.status} />
        <span className="text-muted">
          {t("recovery.startedBy", { operator: run.operator, at: time(run.startedAt) })}
          {run.endedAt ? ` · ${t("recovery.endedAt", { at: time(run.endedAt) })}` : ""}
        </span>
        {run.target && <span className="font-mono">{run.target}</span>}
      </div>
      <Summary run={run} />
      <Panel>
        <Table
          testId="run-steps"
          head={[
            "#",
            t("recovery.col.step"),
            t("table.node"),
            t("recovery.col.status"),
            t("recovery.col.fact"),
          ]}
          rowData={run.steps.map((s) => ({ "data-step": s.key, "data-status": s.status }))}
          rows={run.steps.map((s, i) => [
            i + 1,
            <span key="t">
              {t(`recovery.step.${s.stepId}`)}
              <code className="block font-mono text-xs break-all text-muted">
                {s.command ?? t("recovery.verifyOnly")}
              </code>
              {s.command && s.noCommand && (
                <span className="block text-xs text-muted" data-testid="command-not-run">
                  {t("recovery.commandNotRun")}
                </span>
              )}
            </span>,
            <Link
              key="n"
              href={`/nodes/${s.node}`}
              className="font-mono text-accent hover:underline"
            >
              {s.node}
            </Link>,
            <span key="s" className="flex flex-col gap-0.5">
              <StepStatusBadge status={s.status} />
              <span className="text-xs text-muted">
                {s.startedAt ? `${time(s.startedAt)}–${time(s.endedAt)}` : ""}
              </span>
              {s.together?.length ? (
                <span className="text-xs text-muted" data-testid="step-together">
                  {t("recovery.together", {
                    steps: s.together
                      .map((k) => `#${run.steps.findIndex((x) => x.key === k) + 1}`)
                      .join(", "),
                  })}
                </span>
              ) : null}
            </span>,
            <span key="f" className="text-xs">
              {s.fact ? (
                <span className="font-mono break-all">{s.fact}</span>
              ) : (
                // Not reached (yet): what the plan said at the start, marked as such.
                <span className="break-all text-muted">
                  {t(`recovery.decision.${s.decision}`)}: {s.reason}
                </span>
              )}
              {s.output && (
                <details>
                  <summary className="cursor-pointer text-muted">{t("recovery.output")}</summary>
                  <pre className="overflow-x-auto font-mono text-xs whitespace-pre-wrap">
                    {s.output}
                  </pre>
                </details>
              )}
            </span>,
          ])}
        />
      </Panel>
      {/* An interrupted run made no final read: what is left shows on the topology below. */}
      {(run.status === "succeeded" || run.status === "failed") && (
        <Panel
          title={t("recovery.remaining")}
          action={
            <Link href="/topology" className="ml-auto text-sm text-accent hover:underline">
              {t("recovery.openTopology")}
            </Link>
          }
          testId="run-remaining"
        >
          {run.remaining.length === 0 ? (
            <p className="px-3 py-2 text-muted">{t("recovery.remainingNone")}</p>
          ) : (
            <ul>
              {run.remaining.map((f) => (
                <li
                  key={f.id}
                  className="flex items-center gap-2 border-b border-line px-3 py-1.5 last:border-0"
                  data-finding={f.id}
                >
                  <SeverityBadge severity={f.severity} />
                  <FindingLink id={f.id} className="text-accent hover:underline">
                    {msg(f.title)}
                  </FindingLink>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      )}
      {topology && (
        <div data-testid="run-topology">
          <TopologyView initial={topology} refreshMs={refreshMs} />
        </div>
      )}
    </div>
  );
}
