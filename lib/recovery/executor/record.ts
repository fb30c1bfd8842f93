// What a run leaves behind: its record (`recovery_runs`: the plan's steps, each with its status,
// output and fact, and the run's summary) and its events in the audit log
// (`recovery.start|step|end|refused|interrupted`). Every word an operator reads about a run
// after the fact — its summary above all — is written here, so that the texts and what is
// stored can be read, and changed, in one place.
import { audit } from "@/lib/audit";
import type { Store } from "@/lib/store";
import type { Plan, Runbook, RunbookId, RunRecord, StepRecord } from "../types";

const OUTPUT_MAX = 8_000;

/** A step's output as stored: long outputs are cut, saying how much was left out. */
export const clip = (text: string) =>
  text.length > OUTPUT_MAX
    ? `${text.slice(0, OUTPUT_MAX)}\n… [${text.length - OUTPUT_MAX} more]`
    : text;

/** A line added to what a step's record says it did and why (its output), kept clipped. */
export function addOutput(step: StepRecord, line: string): void {
  step.output = clip([step.output ?? "", line].filter(Boolean).join("\n"));
}

/** The record of a run that starts now: every step of its plan, pending. */
export function newRun(args: {
  id: string;
  cloud: string;
  runbook: RunbookId;
  target: string | null;
  operator: string;
  startedAt: number;
  holder: string;
  plan: Plan;
}): RunRecord {
  return {
    id: args.id,
    cloud: args.cloud,
    runbook: args.runbook,
    target: args.target,
    operator: args.operator,
    status: "running",
    startedAt: args.startedAt,
    endedAt: null,
    holder: args.holder,
    steps: args.plan.steps.map((s) => ({
      ...s,
      status: "pending",
      startedAt: null,
      endedAt: null,
      output: null,
      fact: null,
    })),
    summary: null,
    remaining: [],
  };
}

/** A step's end: its status and the fact that decided it. */
export function endStep(
  step: StepRecord,
  status: "failed" | "skipped" | "succeeded",
  fact: string,
): void {
  step.status = status;
  step.fact = fact;
  step.endedAt = Date.now();
}

/** A run whose server stopped during it: the step under way failed, the rest not run. */
export function markInterrupted(run: RunRecord, now: number): void {
  for (const s of run.steps) {
    if (s.status === "running" || s.status === "verifying") {
      s.status = "failed";
      s.endedAt = now;
      s.fact = `interrupted: the server stopped during this step; ${s.fact ?? "its effect was not verified"}`;
    } else if (s.status === "pending") s.status = "not-run";
  }
  run.status = "interrupted";
  run.endedAt = now;
  run.summary = `Interrupted: the server running it stopped. ${describe(run)}`;
}

/** A run stopped by an error of the executor's own: never leave a step looking under way. */
export function markCrashed(run: RunRecord, err: unknown): void {
  for (const step of run.steps) {
    if (step.status === "running" || step.status === "verifying")
      endStep(step, "failed", `stopped by an internal error: ${String(err)}`);
    else if (step.status === "pending") step.status = "not-run";
  }
  run.status = "failed";
  run.summary = `Stopped by an internal error: ${String(err)}`;
}

/** A step verified during the run whose postcondition fails again in the run's final read. */
export function markUndone(run: RunRecord, undone: { key: string; fact: string }): void {
  run.status = "failed";
  run.summary = `At the end of the run, ${undone.key} no longer holds: ${undone.fact}.`;
}

/** The run's end: what was said before (why it failed, if the steps do not say) and what was done. */
export function markEnded(run: RunRecord): void {
  run.endedAt = Date.now();
  run.summary = `${run.summary ? `${run.summary} ` : ""}${describe(run)}`;
}

/** What was done and what was not, in plain words (for the audit and the run's record). */
export function describe(run: RunRecord): string {
  const keys = (steps: StepRecord[]) => steps.map((s) => s.key).join(", ");
  const by = (status: string) => run.steps.filter((s) => s.status === status).map((s) => s.key);
  const succeeded = run.steps.filter((s) => s.status === "succeeded");
  const done = succeeded.filter((s) => !s.noCommand);
  const verified = succeeded.filter((s) => s.noCommand);
  const failed = run.steps.find((s) => s.status === "failed" && !s.gaveWay);
  const tried = run.steps.filter((s) => s.gaveWay);
  const parts = [
    done.length ? `Done and verified: ${keys(done)}.` : "Nothing was changed.",
    verified.length ? `Verified, no command run: ${keys(verified)}.` : "",
    tried.length ? `Done without mending it (the next candidate was tried): ${keys(tried)}.` : "",
    by("skipped").length ? `Skipped (already true): ${by("skipped").join(", ")}.` : "",
    failed ? `Failed: ${failed.key}: ${failed.fact}.` : "",
    by("not-run").length ? `Not run: ${by("not-run").join(", ")}.` : "",
  ];
  return parts.filter(Boolean).join(" ");
}

// The audit log's events of a run, one function each.

/** A run not started: the lock is held by another run, or the plan has a final block. */
export const auditRefused = (
  store: Store,
  who: { operator: string; ip?: string | null },
  book: Runbook,
  detail: Record<string, unknown>,
) =>
  audit(
    {
      actor: who.operator,
      ip: who.ip,
      event: "recovery.refused",
      target: book.id,
      outcome: "denied",
      detail,
    },
    store,
  );

export const auditStart = (store: Store, run: RunRecord, ip: string | null | undefined) =>
  audit(
    {
      actor: run.operator,
      ip,
      event: "recovery.start",
      target: run.runbook,
      detail: {
        run: run.id,
        target: run.target,
        plan: run.steps.map((s) => `${s.key}: ${s.decision}`),
      },
    },
    store,
  );

export const auditStep = (store: Store, run: RunRecord, step: StepRecord) =>
  audit(
    {
      actor: run.operator,
      event: "recovery.step",
      target: run.runbook,
      outcome: step.status === "failed" ? "failed" : "ok",
      detail: {
        run: run.id,
        step: step.key,
        node: step.node,
        command: step.command,
        status: step.status,
        fact: step.fact,
        output: step.output,
      },
    },
    store,
  );

export const auditEnd = (store: Store, run: RunRecord) =>
  audit(
    {
      actor: run.operator,
      event: "recovery.end",
      target: run.runbook,
      outcome: run.status === "succeeded" ? "ok" : "failed",
      detail: { run: run.id, status: run.status, summary: run.summary },
    },
    store,
  );

export const auditInterrupted = (store: Store, run: RunRecord) =>
  audit(
    {
      actor: run.operator,
      event: "recovery.interrupted",
      target: run.runbook,
      outcome: "failed",
      detail: { run: run.id, summary: run.summary },
    },
    store,
  );
