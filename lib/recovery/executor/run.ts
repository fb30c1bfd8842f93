// A run from its first step to its end, once started: the steps in the plan's order while the
// cloud's lock is kept (`lock.ts`), each audited as it ends (a step's targets that may act at the
// same time do, `together.ts`); an alternative whose action did not mend it gives way to the
// next, any other failure stops the run and marks the rest not run.
// Then the final read: the findings left, and a run never ends "succeeded" while a step it
// verified through a settle window no longer holds. Last, the summary, the lock given back.
import { diagnose } from "@/lib/diagnose";
import type { Snapshot } from "@/lib/model/snapshot";
import { targetOf } from "../planner";
import type { Runbook, RunRecord } from "../types";
import type { RunContext } from "./context";
import type { LockKeeper } from "./lock";
import type { Latest } from "./reads";
import { auditEnd, auditStep, markCrashed, markEnded, markUndone } from "./record";
import { NOT_VERIFIED, fail, orderAlternatives, runStep } from "./step";
import { groupTogether, runTogether } from "./together";

/**
 * Runs the run's steps to its end, its lock kept by `lock` (taken and kept since the run was
 * started); the lock is released and the end audited whatever happens.
 */
export async function execute(
  ctx: RunContext,
  book: Runbook,
  run: RunRecord,
  latest: Latest,
  lock: LockKeeper,
): Promise<void> {
  try {
    for (let i = 0; i < run.steps.length; i++) {
      const first = run.steps[i]!;
      const spec = book.steps.find((s) => s.id === first.stepId)!;
      if (spec.alternatives && run.steps[i - 1]?.stepId !== first.stepId && !lock.lost())
        await orderAlternatives(ctx, run, i, spec, latest);
      const together =
        spec.together && !lock.lost() ? await groupTogether(ctx, run, i, spec, latest) : 1;
      if (together > 1) {
        const ok = await runTogether(ctx, book, run, i, together, spec, latest);
        await ctx.changed(run);
        for (const s of run.steps.slice(i, i + together)) await auditStep(ctx.store, run, s);
        i += together - 1;
        if (ok) continue;
        for (const rest of run.steps.slice(i + 1)) rest.status = "not-run";
        break;
      }
      const step = run.steps[i]!;
      const ok = lock.lost()
        ? fail(step, "the run lock was taken over (this server stopped beating)")
        : await runStep(ctx, book, run, i, spec, latest);
      await ctx.changed(run);
      await auditStep(ctx.store, run, step);
      if (!ok) {
        // An alternative whose action did not mend it gives way to the next one.
        const next = run.steps[i + 1];
        if (
          spec.alternatives &&
          next?.stepId === step.stepId &&
          step.fact?.startsWith(NOT_VERIFIED)
        ) {
          step.gaveWay = true;
          step.fact += `; trying the next candidate, ${next.node}`;
          await ctx.changed(run);
          continue;
        }
        for (const rest of run.steps.slice(i + 1)) rest.status = "not-run";
        break;
      }
    }
    const final = await finalRead(ctx);
    run.remaining = final
      ? diagnose(final).map((f) => ({ id: f.id, severity: f.severity, title: f.title }))
      : [];
    run.status = run.steps.some((s) => s.status === "failed" && !s.gaveWay)
      ? "failed"
      : "succeeded";
    // What a settle window verified must still hold in the final read: a run never ends
    // "succeeded" while a gateway it verified is down again at its end.
    const undone = run.status === "succeeded" ? undoneAtEnd(book, run, final) : null;
    if (undone) markUndone(run, undone);
  } catch (err) {
    markCrashed(run, err);
  } finally {
    lock.stop();
  }
  markEnded(run);
  await ctx.changed(run);
  await ctx.store.locks.release(run.cloud, run.holder);
  await auditEnd(ctx.store, run);
}

/** Reads again when Neutron's API did not answer the final read (at most this often). */
const FINAL_READ_TRIES = 3;
const FINAL_READ_PAUSE_MS = 2_000;

/**
 * The run's final read. A Neutron API that did not answer it (a slow request on a busy
 * controller) says nothing about the gateways, yet a gateway's check needs Neutron's word: the
 * read is made again, a few times, before the run is judged on it (the run still fails if
 * Neutron stays unreadable, as a step would).
 */
async function finalRead(ctx: RunContext): Promise<Snapshot | null> {
  let final: Snapshot | null = null;
  for (let i = 0; i < FINAL_READ_TRIES; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, FINAL_READ_PAUSE_MS));
    final = await ctx.collector.refreshAll().catch(() => null);
    if (!final || final.neutron.state !== "unavailable") break;
  }
  return final;
}

/** The first verified (or skipped) settle step whose postcondition fails in the final read. */
function undoneAtEnd(
  book: Runbook,
  run: RunRecord,
  final: Snapshot | null,
): { key: string; fact: string } | null {
  for (const step of run.steps) {
    const spec = book.steps.find((s) => s.id === step.stepId)!;
    if (!spec.settle || (step.status !== "succeeded" && step.status !== "skipped")) continue;
    if (!final) return null; // unread is not down: the remaining findings stay empty then
    const check = spec.verify(final, targetOf(step), Date.parse(final.startedAt));
    if (!check.ok) return { key: step.key, fact: check.fact };
  }
  return null;
}
