// Every decision of a step is made on a read of the cloud made since the last action. This file
// keeps that last read (`Latest`), says whether it serves a step (it has the journal lines and
// Neutron answers the step's checks look at), and makes new reads with only what a step needs.
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
