// Every decision of a step is made on a read of the cloud made since the last action. This file
// keeps that last read (`Latest`), says whether it serves a step (it has the journal lines and
// Neutron answers the step's checks look at), and makes new reads with only what a step needs.
import { EVERYTHING, type ReadScope } from "@/lib/collect/collector";
import type { Snapshot } from "@/lib/model/snapshot";
import type { StepSpec } from "../types";
import type { RunContext } from "./context";
import type { Streak } from "./settle";

/**
 * The last snapshot read since the last action, and whether its journal and Neutron parts were
 * read with it. A step decided on it sees the state as it is (nothing was done since), so
 * consecutive skips cost one read, not one each.
 */
export interface Latest {
  snapshot: Snapshot | null;
  journal: boolean;
  neutron: boolean;
  /**
   * A settle window under way: since which read a postcondition has held with the same state,
   * on how many reads. Nothing was done since, so the next step whose check holds with the same
   * state (the same gateway bindings) goes on from here instead of waiting a whole window again.
   */
  streak?: Streak | null;
}

/** The last read serves the step: made since the last action, with what its checks look at. */
export const covers = (latest: Latest, spec: StepSpec) =>
  latest.snapshot !== null &&
  (!spec.reads?.journal || latest.journal) &&
  (!spec.reads?.neutron || latest.neutron);

/** A read that starts now, of what the step's checks look at (null: the state only); it becomes `latest`. */
export async function read(
  ctx: RunContext,
  spec: StepSpec | null,
  latest: Latest,
): Promise<Snapshot> {
  const journal = spec?.reads?.journal === true;
  const neutron = spec?.reads?.neutron === true;
  const snapshot = await ctx.collector.refreshWith({
    journal: journal ? "always" : "never",
    neutron: neutron ? "always" : "never",
  });
  Object.assign(latest, { snapshot, journal, neutron });
  return snapshot;
}

type Collector = RunContext["collector"];

/** `have` reads at least what `want` asks for ("always" covers anything, "never" nothing more). */
const scopeCovers = (have: ReadScope, want: ReadScope) =>
  (["journal", "neutron"] as const).every((k) => have[k] === "always" || want[k] === "never") &&
  (have.nodes === undefined || want.nodes === "when-due");

/**
 * The collector as the targets of a step that run at once see it (StepSpec.together): a read
 * asked for joins the one under way when that began after it was asked and reads at least as
 * much, so nothing its asker did before is missed; otherwise it waits for that one and starts
 * (or joins) the next. Two targets polling cost about one read, not two queued behind each other.
 */
export function sharedReads(collector: Collector): Collector {
  let current: { startedAt: number; scope: ReadScope; read: Promise<Snapshot> } | null = null;
  const refreshWith = async (scope: ReadScope): Promise<Snapshot> => {
    const asked = Date.now();
    for (;;) {
      if (current && current.startedAt > asked && scopeCovers(current.scope, scope))
        return current.read;
      if (!current) {
        const mine = { startedAt: Date.now(), scope, read: collector.refreshWith(scope) };
        current = mine;
        const clear = () => {
          if (current === mine) current = null;
        };
        mine.read.then(clear, clear);
        return mine.read;
      }
      await current.read.catch(() => undefined);
    }
  };
  return {
    ...collector,
    refreshWith,
    refreshAll: () => refreshWith(EVERYTHING),
  };
}
