import type { ElementRef } from "@/lib/model/element";
import type { Consequence, Explanation, Finding, FindingMatch, Rule, RuleFinding } from "./types";
import { CAUSE_RANKS, SEVERITY_RANK } from "./types";

/**
 * Hangs every symptom under its root cause, as the rules declare (`Rule.explains`): causes are
 * tried rank by rank (CAUSE_RANKS), each rank's rules in the order given, and every symptom
 * hangs under the first cause that explains it, so the seed incident reads as one finding with
 * its consequences attached, not a list of alarms. A cause that has adopted symptoms is not
 * adopted itself: roots stay one level deep.
 * Returns the findings without what only correlation reads (RuleFinding's extra fields).
 */
export function correlate(findings: RuleFinding[], rules: readonly Rule[]): Finding[] {
  const attached = new Set<string>();
  const roots = new Map<string, Finding>();
  for (const rank of CAUSE_RANKS) {
    for (const rule of rules) {
      const explanations = (rule.explains ?? []).filter((e) => e.rank === rank);
      if (explanations.length === 0) continue;
      for (const root of findings) {
        if (root.rule !== rule.id || attached.has(root.id)) continue;
        const explains = consequencesOf(root, explanations);
        const symptoms = findings.filter(
          (f) =>
            f !== root &&
            !attached.has(f.id) &&
            !roots.has(f.id) &&
            explains.some((c) => isConsequence(f, c, root)),
        );
        if (symptoms.length === 0) continue;
        for (const s of symptoms) attached.add(s.id);
        const base = roots.get(root.id) ?? plain(root);
        roots.set(root.id, { ...base, symptoms: [...base.symptoms, ...symptoms.map(plain)] });
      }
    }
  }
  return findings
    .filter((f) => !attached.has(f.id))
    .map((f) => roots.get(f.id) ?? plain(f))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        b.symptoms.length - a.symptoms.length ||
        a.id.localeCompare(b.id),
    );
}

/** What this finding explains: the consequences of every explanation whose cause it is. */
function consequencesOf(f: RuleFinding, explanations: Explanation[]): Consequence[] {
  return explanations.filter((e) => !e.cause || matches(f, e.cause)).flatMap((e) => e.explains);
}

/** The finding's elements that `match.service` narrows to (every element when not given). */
function narrowed(f: RuleFinding, match: FindingMatch): ElementRef[] {
  const only = match.service;
  return only
    ? f.concerns.filter((r) => r.kind === "service" && only.some((s) => s === r.service))
    : f.concerns;
}

function matches(f: RuleFinding, match: FindingMatch): boolean {
  if (match.variant && !match.variant.includes(f.variant)) return false;
  return !match.service || narrowed(f, match).length > 0;
}

function isConsequence(f: RuleFinding, c: Consequence, cause: RuleFinding): boolean {
  if (f.rule !== c.rule || !matches(f, c)) return false;
  if (!c.same) return true;
  const elements = narrowed(f, c);
  const same = c.same;
  return elements.some((e) => cause.concerns.some((k) => sameAs(same, e, k)));
}

/** Is element `e` (of a consequence) the same node, service or chassis as `k` (of its cause)? */
function sameAs(same: "node" | "service" | "chassis", e: ElementRef, k: ElementRef): boolean {
  switch (same) {
    case "node":
      return nodeOf(e) !== null && nodeOf(e) === nodeOf(k);
    case "service":
      return (
        e.kind === "service" && k.kind === "service" && e.node === k.node && e.service === k.service
      );
    case "chassis":
      return e.kind === "chassis" && k.kind === "chassis" && e.chassis === k.chassis;
  }
}

const nodeOf = (r: ElementRef) => (r.kind === "node" || r.kind === "service" ? r.node : null);

/** The Finding as pages and the API see it: without what only correlation reads. */
function plain(f: Finding): Finding {
  return {
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    title: f.title,
    explanation: f.explanation,
    cause: f.cause,
    action: f.action,
    evidence: f.evidence,
    affects: f.affects,
    runbook: f.runbook,
    symptoms: f.symptoms,
  };
}
