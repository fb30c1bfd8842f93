import type { MessageKey } from "@/lib/i18n/en";
import type { ElementRef } from "@/lib/model/element";
import type { Iso, Snapshot } from "@/lib/model/snapshot";
import type { Service } from "@/lib/profiles";

export type Severity = "critical" | "warning" | "info";

/** Text for people, as a catalogue key and its parameters: translated where it is shown. */
export interface Message {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** One observed fact: where it was seen, by which probe/command, and when. Never translated. */
export interface Evidence {
  node: string | null;
  /** The probe (collect script section) and the command behind it. */
  probe: string;
  command: string;
  fact: string;
  at: Iso | null;
}

/** Runbooks a finding can point to (lib/recovery). */
export type RunbookId =
  | "recover-ovn-central"
  | "restart-northd-safely"
  | "rolling-neutron-restart"
  | "reconnect-chassis"
  | "rebind-gateways"
  | "remove-stale-member"
  | "rejoin-member";

/**
 * A diagnosis. Its id is stable across refreshes (rule + subject), so pages can deep-link
 * to it and mark it new or gone. Dependent symptoms hang under their root cause.
 */
export interface Finding {
  id: string;
  rule: string;
  severity: Severity;
  title: Message;
  explanation: Message;
  cause: Message | null;
  action: Message | null;
  evidence: Evidence[];
  /** Topology element ids it concerns: node:N, service:N:S, router:ID, chassis:NAME, physnet:NAME. */
  affects: string[];
  runbook: RunbookId | null;
  symptoms: Finding[];
}

/** What a finding's `rule` (the first part of its id and of its texts' keys) can be. */
export const FINDING_RULES = [
  "node-access",
  "service",
  "db-endpoint",
  "northd-stops-dbs",
  "neutron-crashloop",
  "controller",
  "stale-chassis",
  "stray-ovsdb",
  "gateway",
  "neutron-ovn-disagree",
  "bridge-mappings",
  "chassis-settings-skew",
  "neutron-unknown-option",
  "start-order",
  "ovn-cluster",
  "northd-active",
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

/**
 * A finding as its rule returns it: the Finding, plus what correlation reads of it. diagnose()
 * returns the Finding part only (pages, the API and `check --json` see no more than before).
 */
export interface RuleFinding extends Finding {
  /** Which of its rule's cases it is (its `f.<rule>.<variant>.*` texts); null: the main one. */
  variant: string | null;
  /** The elements it concerns, typed: `affects` is their string form. */
  concerns: ElementRef[];
}

/** Which of a rule's findings a relation speaks of. Every field given must hold. */
export interface FindingMatch {
  /** Only these cases (null: the rule's main case, the one without a variant). */
  variant?: (string | null)[];
  /** Only findings that concern one of these services (a service element of that kind). */
  service?: Service[];
}

/** Findings a cause explains: those of `rule` that match, where `same` says they must be. */
export interface Consequence extends FindingMatch {
  rule: FindingRule;
  /**
   * Where it must be relative to its cause (the element `service` narrows to, if given):
   * "node": on a node the cause concerns; "service": a service element the cause concerns;
   * "chassis": a chassis the cause concerns. Absent: anywhere.
   */
  same?: "node" | "service" | "chassis";
}

/**
 * When causes are tried: every rank in this order, each rank's rules in RULES order. A
 * consequence hangs under the first cause that explains it, so the most specific go first:
 * - setup: how a service was set up, stopped or started (northd's ExecStop, a stray server);
 * - database: a central database that is down;
 * - endpoint: where Neutron points is closed (after database: a database that is down is the
 *   root of its closed port; before service: a wrong port is the root of Neutron's crash loop);
 * - service: another service that is down;
 * - process: a process that misbehaves while it runs (a crash loop, a lost connection).
 */
export const CAUSE_RANKS = ["setup", "database", "endpoint", "service", "process"] as const;
export type CauseRank = (typeof CAUSE_RANKS)[number];

/** What a rule's findings can explain: cause → consequence relations, read by correlate.ts. */
export interface Explanation {
  rank: CauseRank;
  /** Which of the rule's findings are this cause (absent: every one). */
  cause?: FindingMatch;
  explains: Consequence[];
}

export interface Rule {
  id: FindingRule;
  /** Reads the snapshot, returns zero or more findings. Pure: no I/O, no clock. */
  run(snapshot: Snapshot): RuleFinding[];
  /**
   * The consequences its findings explain (those whose `rule` is this rule's id; correlate.ts
   * hangs the consequences under them). A rule without it explains nothing.
   */
  explains?: Explanation[];
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
