// Waiting for a step's postcondition: after its action (or instead of one), the cloud is read
// afresh every `intervalMs` (sooner when the collector sees a change) until the postcondition
// holds — through the settle window where the step has one — or the step's timeout passes, or
// what the step waited on instead of acting stops being under way. Each fact read is shown on
// the step as progress.
import type { Check, RunRecord, StepRecord, StepSpec, StepTarget } from "../types";
import type { RunContext } from "./context";
import { read, type Latest } from "./reads";
import { addOutput } from "./record";
import { settled } from "./settle";

/**
 * A verification's end: `stopped` when `whileTrue` stopped holding before it did, with what the
 * postcondition said last (`unmet`).
 */
export type Waited = Check & { stopped?: true; unmet?: string };

/** The step shown as verifying while `poll` runs, each fact it reads shown as progress. */
export async function watch(
  ctx: RunContext,
  run: RunRecord,
  step: StepRecord,
  spec: StepSpec,
  target: StepTarget,
  since: number,
  latest: Latest,
  whileTrue?: StepSpec["underway"],
  opts: { untilFalls?: true } = {},
): Promise<Waited> {
  step.status = "verifying";
  await ctx.changed(run);
  return poll(
    ctx,
    spec,
    target,
    since,
    latest,
    whileTrue,
    (c) => {
      step.fact = c.fact;
      return ctx.changed(run);
    },
    (fall) => {
      // What the settle window saw fall back is kept in the step's record, not overwritten.
      addOutput(step, fall);
    },
    opts.untilFalls === true,
  );
}

/**
 * Re-reads the cloud until the postcondition holds or the step's timeout passes, or (with
 * `whileTrue`) until that stops holding first: `stopped`; or (`untilFalls`) until one read
 * finds it does not hold.
 */
async function poll(
  ctx: RunContext,
  spec: StepSpec,
  target: StepTarget,
  since: number,
  latest: Latest,
  whileTrue: StepSpec["underway"] | undefined,
  progress: (c: Check) => Promise<void>,
  fell: (line: string) => void,
  untilFalls: boolean,
): Promise<Waited> {
  const deadline = Date.now() + ctx.timeoutOf(spec);
  // The first read takes everything the check needs (`act` returns once the service is
  // ready to be looked at); later ones read journal and API only once `ready` holds.
  let full = true;
  for (;;) {
    const snapshot = await read(ctx, full ? spec : null, latest);
    const gate = spec.ready?.(snapshot, target, since);
    if (!full && gate?.ok) {
      full = true;
      continue; // read again at once, journal and Neutron included
    }
    const reading = full ? spec.verify(snapshot, target, since) : gate!;
    const check = full ? settled(spec, snapshot, reading, latest, fell) : reading;
    full = !gate || gate.ok;
    if (check.ok) return check;
    if (untilFalls && !reading.ok) return check;
    const still = whileTrue?.(snapshot, target);
    if (still && !still.ok) return { ...still, stopped: true, unmet: check.fact };
    if (Date.now() + spec.intervalMs > deadline) return check;
    await progress(check);
    await nap(ctx, spec.intervalMs);
  }
}

/**
 * Waits `ms`, or less: a snapshot the collector makes meanwhile is not this step's (a run reads
 * one step at a time), so it is the change watch's — a unit or a gateway binding changed on a
 * node — or the interval's, and either is a reason to look again at once. A claimed gateway
 * port or a database unit started is then seen within the watch's debounce, not a whole
 * interval later.
 */
function nap(ctx: RunContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off?.();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const off = ctx.collector.onSnapshot?.(done);
  });
}
