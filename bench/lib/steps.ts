// What a recovery run's step says about why it waited or acted, for the benches' round reports.
import type { StepRecord } from "@/lib/recovery/types";

const WHY =
  /^(at the same time as |after |not run: |waiting for: |not waited for: |stopped waiting: |fell back at |moved at )/;

/** The lines of a step's output that say why it waited or acted, beside which steps, and how a settle window fell (a command's own output is left out). */
export function whyLines(step: Pick<StepRecord, "output">): string[] {
  return (step.output ?? "").split("\n").filter((l) => WHY.test(l));
}
