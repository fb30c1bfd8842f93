// The targets of one step that run at the same time (StepSpec.together): decided on the read
// made when the step comes up, run side by side — each decided, acted on and verified as it
// would be alone, on reads begun after its own last action (`sharedReads` lets them share
// those reads) — then audited in plan order. Targets for which `together` does not hold follow
// one at a time, as any step's do.
import { targetOf } from "../planner";
import type { Runbook, RunRecord, StepSpec } from "../types";
import type { RunContext } from "./context";
import { covers, read, sharedReads, type Latest } from "./reads";
import { addOutput } from "./record";
import { pendingBlock, runStep } from "./step";

/**
 * How many of the step's pending records from `i` on run together (they are put first, in
 * plan order, each told why); 1 or less: none do, the step runs one target at a time.
 */
export async function groupTogether(
  ctx: RunContext,
  run: RunRecord,
  i: number,
  spec: StepSpec,
  latest: Latest,
): Promise<number> {
  const block = pendingBlock(run, i, spec);
  if (block.length < 2 || !spec.together) return 1;
  if (!covers(latest, spec)) await read(ctx, spec, latest);
  const why = new Map(block.map((s) => [s, spec.together!(latest.snapshot!, targetOf(s))]));
  const group = block.filter((s) => why.get(s)!.ok);
  if (group.length < 2) return 1;
  const rest = block.filter((s) => !why.get(s)!.ok);
  for (const s of group) {
    const others = group.filter((o) => o !== s).map((o) => o.key);
    s.together = others;
    addOutput(s, `at the same time as ${others.join(", ")}: ${why.get(s)!.fact}`);
  }
  for (const s of rest)
    addOutput(s, `after ${group.map((o) => o.key).join(", ")}: ${why.get(s)!.fact}`);
  run.steps.splice(i, block.length, ...group, ...rest);
  await ctx.changed(run);
  return group.length;
}

/**
 * Runs the records i..i+n-1 (one step's targets) at once; true when every one of them ended well.
 * Each starts from the same read (made since the last action, before any of them acted) and
 * keeps its own from there; the run's next step reads afresh.
 */
export async function runTogether(
  ctx: RunContext,
  book: Runbook,
  run: RunRecord,
  i: number,
  n: number,
  spec: StepSpec,
  latest: Latest,
): Promise<boolean> {
  const shared = { ...ctx, collector: sharedReads(ctx.collector) };
  // All of them end before the run goes on, even when one throws: none is left running unseen.
  const ends = await Promise.allSettled(
    Array.from({ length: n }, (_, k) =>
      runStep(shared, book, run, i + k, spec, { ...latest, streak: null }),
    ),
  );
  Object.assign(latest, { snapshot: null, streak: null });
  const thrown = ends.find((e) => e.status === "rejected");
  if (thrown) throw thrown.reason;
  return ends.every((e) => e.status === "fulfilled" && e.value);
}
