// The settle window (issue #20): for a step with `StepSpec.settle`, one read is not enough,
// neither to skip it nor to call it verified — a gateway claimed a moment ago can still fall
// back. This file counts each read's postcondition into the window: it holds only once it has
// held, with the same state, on consecutive reads spanning the window (or on one read plus the
// cloud's own record of the time before it), and a read that fails or moves starts it again,
// the fall kept in the step's output. Pure but for the streak it keeps in `Latest`.
import type { Snapshot } from "@/lib/model/snapshot";
import type { Check, StepSpec } from "../types";
import type { Latest } from "./reads";

/** Since which read a postcondition has held with the same state, on how many reads. */
export interface Streak {
  /** The held state (Check.state): a later step whose check holds with the same state goes on. */
  state: string | undefined;
  since: number;
  last: number;
  reads: number;
  /** The cloud's record that the state held before the first read (Check.heldSince), if any. */
  record?: string;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Counts one read's postcondition into the settle window: ok only once it has held, with
 * the same state, on at least two reads spanning the window; a read that fails ends the
 * window (reported through `fell`).
 */
export function settled(
  spec: StepSpec,
  snapshot: Snapshot,
  check: Check,
  latest: Latest,
  fell: (line: string) => void,
): Check & { holding?: true } {
  const window = spec.settle?.(snapshot);
  if (!window) return check;
  const at = Date.parse(snapshot.startedAt);
  const prev = latest.streak ?? null;
  if (!check.ok) {
    if (prev)
      fell(
        `fell back at ${clock(at)} after holding ${secs(prev.last - prev.since)} on ${prev.reads} read(s): ${check.fact}`,
      );
    latest.streak = null;
    return check;
  }
  if (prev && prev.state !== check.state)
    fell(`moved at ${clock(at)} (was ${prev.state ?? "?"}): ${check.fact}`);
  if (!prev || prev.state !== check.state) {
    const before = check.heldSince && check.heldSince.at < at ? check.heldSince : null;
    latest.streak = before
      ? { state: check.state, since: before.at, last: at, reads: 1, record: before.fact }
      : { state: check.state, since: at, last: at, reads: 1 };
  } else if (at > prev.last) Object.assign(prev, { last: at, reads: prev.reads + 1 });
  const s = latest.streak!;
  const held = s.last - s.since;
  // Two reads at least, or one read and the cloud's record of the time before it.
  if ((s.reads >= 2 || s.record) && held >= window.ms)
    return {
      ...check,
      fact: s.record
        ? `${check.fact}; held for ${secs(held)} (settle window ${secs(window.ms)}: ${window.fact}): ${s.record}, and on ${s.reads} read(s) since`
        : `${check.fact}; held on ${s.reads} consecutive reads over ${secs(held)} (settle window ${secs(window.ms)}: ${window.fact})`,
    };
  return {
    ok: false,
    holding: true,
    fact: `holding for ${secs(held)} of the ${secs(window.ms)} settle window (${window.fact}): ${check.fact}`,
  };
}
