"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { send } from "@/components/auth/send";
import { useT } from "@/components/i18n/I18nProvider";
import { useLive } from "@/components/live/useLive";
import { Table } from "@/components/ui/Table";
import { Panel } from "@/components/ui/Panel";
import type { Plan, RunRecord } from "@/lib/recovery/types";
import { DecisionBadge } from "./badges";

/**
 * The plan preview and the only way to start a run: the operator reads what will happen on
 * which node with which exact command, then types the cloud's name. Viewers see the same plan
 * without the form.
 */
export function PlanView({
  initial,
  query,
  canRun,
  csrf,
  refreshMs,
}: {
  initial: Plan;
  query: string;
  canRun: boolean;
  csrf: string;
  refreshMs: number;
}) {
  const t = useT();
  const router = useRouter();
  const { data } = useLive<{ plan: Plan }>(
    `/api/recovery/plan?${query}`,
    { plan: initial },
    refreshMs,
  );
  const plan = data.plan;
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await send<{ run: RunRecord; heldBy?: string; since?: number; message?: string }>(
      "/api/recovery/runs",
      "POST",
      csrf,
      { runbook: plan.runbook, node: plan.target, confirm },
    );
    if (res.ok) {
      router.push(`/recovery/runs/${res.data.run.id}`);
      return;
    }
    setBusy(false);
    if (res.status === 409 && res.data.error === "locked")
      setError(
        t("recovery.locked", {
          operator: res.data.heldBy ?? "?",
          since: new Date(res.data.since ?? 0).toLocaleTimeString(),
        }),
      );
    else if (res.data.error === "confirm-mismatch")
      setError(
        t(
          plan.confirm.kind === "target"
            ? "recovery.confirmMemberMismatch"
            : "recovery.confirmMismatch",
        ),
      );
    else if (res.data.error === "blocked")
      setError(`${t("recovery.refused")} ${res.data.message ?? ""}`);
    else
      setError(
        t("recovery.failedToStart", {
          error: res.data.message ?? res.data.error ?? String(res.status),
        }),
      );
  }

  return (
    <div className="space-y-3" data-testid="plan" data-noop={plan.noop ? "true" : "false"}>
      <p className="text-muted">{t("recovery.planIntro", { at: plan.at })}</p>
      {plan.refusal && (
        <div
          role="alert"
          className="rounded border border-down/40 bg-down/10 px-3 py-2"
          data-testid="plan-refusal"
        >
          <p>{t("recovery.refused")}</p>
          <p className="font-mono text-xs break-all">{plan.refusal}</p>
        </div>
      )}
      {plan.noop && (
        <p className="rounded border border-ok/40 bg-ok/10 px-3 py-2" data-testid="plan-noop">
          {t("recovery.noop")}
        </p>
      )}
      <Panel>
        <Table
          testId="plan-steps"
          head={[
            "#",
            t("recovery.col.step"),
            t("table.node"),
            t("recovery.col.decision"),
            t("recovery.col.why"),
            t("recovery.col.command"),
          ]}
          rowData={plan.steps.map((s) => ({
            "data-step": s.key,
            "data-decision": s.decision,
            ...(s.final ? { "data-final": "true" } : {}),
          }))}
          rows={plan.steps.map((s, i) => [
            i + 1,
            <span key="t">
              {t(`recovery.step.${s.stepId}`)}
              <span className="block text-xs text-muted">{t(`recovery.verifies.${s.stepId}`)}</span>
            </span>,
            <Link
              key="n"
              href={`/nodes/${s.node}`}
              className="font-mono text-accent hover:underline"
            >
              {s.node}
            </Link>,
            <DecisionBadge key="d" decision={s.decision} final={s.final} />,
            <span key="r" className="font-mono text-xs break-all">
              {s.reason}
            </span>,
            <code key="c" className="font-mono text-xs break-all">
              {s.command ?? t("recovery.verifyOnly")}
            </code>,
          ])}
        />
      </Panel>
      {canRun ? (
        <form onSubmit={start} className="flex flex-wrap items-end gap-3" data-testid="run-form">
          <label className="flex flex-col gap-1">
            <span className="text-xs text-muted">
              {plan.confirm.kind === "target"
                ? t("recovery.confirmMemberLabel", { member: plan.confirm.text })
                : t("recovery.confirmLabel", { cloud: plan.confirm.text })}
            </span>
            <input
              name="confirm"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="rounded border border-line bg-canvas px-2 py-1 font-mono"
            />
          </label>
          <button
            type="submit"
            disabled={busy || confirm !== plan.confirm.text || plan.refusal !== null}
            className="rounded border border-accent bg-accent/15 px-3 py-1 font-medium text-accent disabled:opacity-40"
          >
            {busy
              ? t("recovery.starting")
              : `${t("recovery.run")}: ${t(`runbook.${plan.runbook}`)}`}
          </button>
          {error && (
            <p role="alert" className="w-full text-down" data-testid="run-error">
              {error}
            </p>
          )}
        </form>
      ) : (
        <p className="text-muted" data-testid="viewer-note">
          {t("recovery.viewerNote")}
        </p>
      )}
    </div>
  );
}
