import { diagnosisOf, flatten, type Finding } from "@/lib/diagnose";
import type { Snapshot } from "@/lib/model/snapshot";

/** One finding by id, root or symptom, from the current snapshot; null when it is gone. */
export function findingModel(
  snapshot: Snapshot,
  id: string,
): { finding: Finding | null; finishedAt: string } {
  return {
    finding: flatten(diagnosisOf(snapshot)).find((f) => f.id === id) ?? null,
    finishedAt: snapshot.finishedAt,
  };
}

/** Finding ids are rule:subject parts; anything else is refused before it is looked up. */
export const FINDING_ID = /^[a-z-]+(:[A-Za-z0-9._-]+){1,3}$/;
