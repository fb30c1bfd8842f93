import { describe, expect, it } from "vitest";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import { en } from "@/lib/i18n/en";
import { ko } from "@/lib/i18n/ko";
import type { Catalogue, MessageKey } from "@/lib/i18n/en";
import { CAPTURED_STATES, CLUSTER_STATES, snapshotFromFixtures } from "../../support/fixtures";

// Every finding of every captured lab state, rendered in English and Korean: each fact its
// title, explanation, cause and action name must be in the evidence attached to that finding.
// A text says no more than its evidence (issue #15 §6).

/**
 * Parameters that are names of things, not observed facts: a database's label (NB/SB) and a
 * service's short label are how the text refers to what the evidence is about.
 */
const LABELS = new Set(["db", "dbLower", "service", "router"]);

/**
 * Parameters worded from facts (service health's reasons): each reason's facts, in the form the
 * evidence states them. A reason of no known form must appear in the evidence as it is.
 */
const REASON_FACTS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^restarted (\d+) times by systemd$/, (m) => `NRestarts=${m[1]}`],
  [/^(inactive|failed) since (\S+)$/, (m) => `since ${m[2]}`],
  [/^ovn-controller connection-status: (.+)$/, (m) => `connection-status: ${m[1]}`],
  [/^the unit is masked$/, () => "LoadState=masked"],
  [/^exited and waiting to be restarted/, () => "activating (auto-restart)"],
  [/^starting$/, () => ": activating ("],
  [/^the unit is \w+ but its process runs \(pid (\d+)/, (m) => `pid ${m[1]} `],
];

function factOf(name: string, part: string): string {
  if (name !== "reasons") return part;
  for (const [form, fact] of REASON_FACTS) {
    const m = form.exec(part);
    if (m) return fact(m);
  }
  return part;
}

/** Values that say "nothing" or "unknown"; they claim no fact. */
const NOTHING = new Set(["", "—", "?"]);

const LOCK =
  /failed to lock lockfile|cannot lock file|database is locked|Resource temporarily unavailable.*\.db/i;

/** The evidence of a finding as one text: facts, commands, nodes. */
const haystack = (f: Finding) =>
  f.evidence.map((e) => `${e.node ?? ""} ${e.probe} ${e.command} ${e.fact}`).join("\n");

/** Distinct ovsdb-server processes the evidence shows (pid N, or a unit's MainPID). */
function ovsdbPids(f: Finding): Set<number> {
  const pids = new Set<number>();
  for (const e of f.evidence) {
    for (const m of e.fact.matchAll(/\bpid (\d+)\b[^\n]*ovsdb-server/g)) pids.add(Number(m[1]));
  }
  return pids;
}

/**
 * Claims worded into the texts (not parameters), and what the evidence must show for each.
 * English and Korean wordings of the same claim sit together.
 */
const CLAIMS: { claim: string; text: RegExp; holds: (f: Finding) => boolean }[] = [
  {
    claim: "the journal shows lock errors",
    text: /lock errors|잠금 오류/,
    holds: (f) => f.evidence.some((e) => e.probe === "journal" && LOCK.test(e.fact)),
  },
  {
    claim: "a second ovsdb-server",
    text: /\bsecond\b|두 번째/,
    holds: (f) => ovsdbPids(f).size >= 2,
  },
  {
    claim: "the databases must be brought back first",
    text: /databases back first|먼저 OVN 데이터베이스를 복구/,
    holds: (f) =>
      f.evidence.some(
        (e) =>
          /^ovn-ovsdb-server-(nb|sb)\.service: (inactive|failed|activating)/.test(e.fact) ||
          /^no socket listens on port 664[12]\b/.test(e.fact),
      ),
  },
  {
    claim: "the unit is masked",
    text: /\bmasked\b|마스크/,
    holds: (f) => f.evidence.some((e) => /\bmasked\b/.test(e.fact)),
  },
];

interface Problem {
  state: string;
  finding: string;
  key: string;
  problem: string;
}

function check(state: string, f: Finding, locale: "en" | "ko", catalogue: Catalogue): Problem[] {
  const problems: Problem[] = [];
  const seen = haystack(f);
  for (const m of [f.title, f.explanation, f.cause, f.action]) {
    if (!m) continue;
    const template = catalogue[m.key as MessageKey];
    const at = (problem: string) => ({ state, finding: f.id, key: `${locale}:${m.key}`, problem });
    for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
      if (LABELS.has(name!)) continue;
      const value = m.params?.[name!];
      if (value === undefined) {
        problems.push(at(`{${name}} has no value`));
        continue;
      }
      // A list ("1, 2") is a list of facts: each must be there.
      const parts = String(value)
        .split(/[;,] /)
        .filter((p) => !NOTHING.has(p.trim()));
      for (const part of parts)
        if (!seen.includes(factOf(name!, part.trim())))
          problems.push(at(`{${name}} = ${JSON.stringify(part)} is not in the evidence`));
    }
    const rendered = template.replace(/\{(\w+)\}/g, "");
    for (const c of CLAIMS)
      if (c.text.test(rendered) && !c.holds(f))
        problems.push(at(`says "${c.claim}", which the evidence does not show`));
  }
  return problems;
}

describe("finding texts say no more than their evidence", () => {
  const all = [...CAPTURED_STATES, ...CLUSTER_STATES].flatMap((state) =>
    flatten(diagnose(snapshotFromFixtures(state))).map((f) => ({ state, f })),
  );

  it("there are findings to check in every faulty state", () => {
    for (const state of [...CAPTURED_STATES, ...CLUSTER_STATES].filter(
      (s) => !s.endsWith("healthy"),
    ))
      expect(all.filter((x) => x.state === state).length, state).toBeGreaterThan(0);
  });

  it("every fact a text names (parameters and worded claims) is in the finding's evidence, in en and ko", () => {
    const problems = all.flatMap(({ state, f }) => [
      ...check(state, f, "en", en),
      ...check(state, f, "ko", ko),
    ]);
    expect(problems.map((p) => `${p.state} ${p.finding} ${p.key}: ${p.problem}`)).toEqual([]);
  });
});
