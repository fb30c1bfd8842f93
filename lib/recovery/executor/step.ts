// One step of a run, from its start to its end, on one node: decided on the latest read (skip
// when its postcondition already holds; stop when it is masked or its precondition fails; wait
// instead of acting when its effect is already under way), its one command run with `sudo -n`,
// then its postcondition waited for on fresh reads (`verify.ts`). It answers false when the
// step failed: the run stops there. The backup step runs only when a later step will act.
import { actionCommand } from "@/lib/ssh/command";
import type { ExecResult } from "@/lib/ssh/pool";
import { changes, decideStep, maskedTarget, targetOf } from "../planner";
import type { Check, Runbook, RunRecord, StepRecord, StepSpec } from "../types";
import type { RunContext } from "./context";
import { covers, read, type Latest } from "./reads";
import { addOutput, endStep } from "./record";
import { settled } from "./settle";
import { watch } from "./verify";

/** The executor's own words for a postcondition that did not hold in time (alternatives give way on it). */
export const NOT_VERIFIED = "not verified within";

export function fail(step: StepRecord, fact: string): false {
  endStep(step, "failed", fact);
  return false;
}

function skip(step: StepRecord, fact: string): true {
  endStep(step, "skipped", fact);
  return true;
}

/** Succeeded when the postcondition held; failed when the step's timeout passed first. */
function conclude(ctx: RunContext, step: StepRecord, spec: StepSpec, check: Check): boolean {
  if (!check.ok)
    return fail(step, `${NOT_VERIFIED} ${Math.round(ctx.timeoutOf(spec) / 1000)} s: ${check.fact}`);
  endStep(step, "succeeded", check.fact);
  return true;
}

/** One step; false when it failed (the run stops). */
export async function runStep(
  ctx: RunContext,
  book: Runbook,
  run: RunRecord,
  index: number,
  spec: StepSpec,
  latest: Latest,
): Promise<boolean> {
  const step = run.steps[index]!;
  const target = targetOf(step);
  step.status = "running";
  step.startedAt = Date.now();
  await ctx.changed(run);

  if (!covers(latest, spec)) await read(ctx, spec, latest);
  let snapshot = latest.snapshot!;
  if (spec.backup) {
    const later = run.steps.slice(index + 1).filter((s) => {
      const laterSpec = book.steps.find((x) => x.id === s.stepId)!;
      return changes(book, s) && decideStep(laterSpec, targetOf(s), snapshot).decision !== "skip";
    });
    if (later.length === 0) return skip(step, "nothing to change, so nothing to back up");
    const final = run.steps.slice(index + 1).find((s) => {
      const laterSpec = book.steps.find((x) => x.id === s.stepId)!;
      return decideStep(laterSpec, targetOf(s), snapshot).final;
    });
    if (final) return fail(step, `not taken: ${final.key} cannot run: ${final.reason}`);
  } else {
    let holds = spec.verify(snapshot, target, Date.parse(snapshot.startedAt));
    if (holds.ok && !spec.settle) return skip(step, `already holds: ${holds.fact}`);
    if (holds.ok) {
      // One read is not enough to skip it, unless the reads before it (nothing was done since)
      // or the cloud's own record already span the settle window. Otherwise it is watched
      // through the window: it either keeps holding (skipped) or falls back (then the step
      // acts, or a verification only goes on waiting for it to hold through a whole window).
      const spanned = settled(spec, snapshot, holds, latest, (fall) => addOutput(step, fall));
      if (spanned.ok) return skip(step, `already holds: ${spanned.fact}`);
      const watched = await watch(ctx, run, step, spec, target, Date.now(), latest, undefined, {
        untilFalls: true,
      });
      if (watched.ok) return skip(step, `already holds: ${watched.fact}`);
      step.status = "running";
      holds = watched;
      snapshot = latest.snapshot!;
    }
    // Masked since the plan was made: systemd would refuse; unmasking is not ours to do.
    const masked = maskedTarget(spec, target, snapshot);
    if (masked) return fail(step, `not started: ${masked.fact}`);
    const pre = spec.precondition?.(snapshot, target);
    if (pre && !pre.ok) return fail(step, `not started: precondition failed: ${pre.fact}`);
    // What it waits for, kept: the fact shown at the end is the one that finally held.
    if (!spec.action && !holds.ok) addOutput(step, `waiting for: ${holds.fact}`);
  }

  const node = ctx.inventory.nodes.find((n) => n.name === step.node);
  if (!node) return fail(step, `${step.node} is not in the inventory`);
  let since = Date.now();
  if (!spec.action) {
    step.noCommand = true;
    return conclude(ctx, step, spec, await watch(ctx, run, step, spec, target, since, latest));
  }
  const underway = spec.backup ? undefined : spec.underway?.(snapshot, target);
  if (underway?.ok) {
    addOutput(step, `not run: ${underway.fact}; waiting for it instead`);
    step.noCommand = true;
    const waited = await watch(ctx, run, step, spec, target, since, latest, spec.underway);
    if (!waited.stopped) return conclude(ctx, step, spec, waited);
    delete step.noCommand;
    step.status = "running";
    addOutput(
      step,
      `stopped waiting: ${waited.fact}; still unmet: ${waited.unmet ?? "?"}; running the command`,
    );
    await ctx.changed(run);
    since = Date.now();
  } else if (underway) {
    // Why it acts rather than waits (nothing under way, or waiting would cost more).
    addOutput(step, `not waited for: ${underway.fact}`);
  }
  // From here on what was read before may no longer be true (a backup changes no service).
  if (!spec.backup) Object.assign(latest, { snapshot: null, streak: null });
  let result: ExecResult;
  try {
    // Rebuilt from the runbook, not taken from the stored plan: only templates reach a node.
    result = await ctx.pool.exec(node, actionCommand(spec.action(target, snapshot)), {
      timeoutMs: ctx.timeoutOf(spec),
      reconnectNow: true,
    });
  } catch (err) {
    return fail(step, `the command did not complete: ${String((err as Error).message ?? err)}`);
  }
  addOutput(step, [result.stdout.trim(), result.stderr.trim()].filter(Boolean).join("\n"));
  if (result.code !== 0)
    return fail(step, `the command failed (exit ${result.code}): ${lastLine(result)}`);
  if (spec.backup) {
    const dir = result.stdout.split("\n").find((l) => l.startsWith("backup-dir "));
    endStep(step, "succeeded", dir ?? "backed up");
    return true;
  }

  return conclude(ctx, step, spec, await watch(ctx, run, step, spec, target, since, latest));
}

/** The step's consecutive records from `i` not run yet: its targets still to come. */
export function pendingBlock(run: RunRecord, i: number, spec: StepSpec): StepRecord[] {
  let j = i;
  while (run.steps[j]?.stepId === spec.id && run.steps[j]!.status === "pending") j++;
  return run.steps.slice(i, j);
}

/** Puts a step's alternatives (its consecutive records from `i`) in the order it asks for now. */
export async function orderAlternatives(
  ctx: RunContext,
  run: RunRecord,
  i: number,
  spec: StepSpec,
  latest: Latest,
): Promise<void> {
  const block = pendingBlock(run, i, spec);
  if (block.length < 2) return;
  if (!covers(latest, spec)) await read(ctx, spec, latest);
  const order = spec.alternatives!(
    latest.snapshot!,
    block.map((s) => s.node),
  );
  block.sort((a, b) => order.indexOf(a.node) - order.indexOf(b.node));
  run.steps.splice(i, block.length, ...block);
  await ctx.changed(run);
}

function lastLine(result: ExecResult): string {
  const lines = `${result.stdout}\n${result.stderr}`.trim().split("\n");
  return lines[lines.length - 1] ?? "";
}
