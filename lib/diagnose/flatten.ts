import type { Finding } from "./types";

/** Every finding, roots and their symptoms, in one list (for "affects" lookups). */
export function flatten(findings: Finding[]): Finding[] {
  return findings.flatMap((f) => [f, ...flatten(f.symptoms)]);
}
