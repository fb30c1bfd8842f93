import type { Message, RunbookId, Severity } from "@/lib/diagnose/types";
import type { Inventory } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";
import type { Action } from "@/lib/ssh/command";
import type { CentralDbName } from "@/lib/facts/ovn-cluster";

export type { RunbookId };

/** A verification's answer: does the state hold, and the observed fact that says so. */
export interface Check {
  ok: boolean;
  fact: string;
  /**
   * What must stay the same while a settle window runs (where each gateway is bound): a read
   * that holds with another state starts the window again.
   */
  state?: string;
  /**
   * Since when `state` is known to have held before this read, from the cloud's own records
   * (ovn-controller's claim lines): a settle window starting here counts that time too.
   */
  heldSince?: { at: number; fact: string } | null;
}

/**
 * What a step works on: one node, and for a step about one server of a clustered database
 * (remove a stale server id) that server, which the step acts on through the node's member.
 */
export interface StepTarget {
  node: string;
  member?: ClusterMemberRef;
}

/** A server of a clustered NB or SB, by its short id as `cluster/status` lists it. */
export interface ClusterMemberRef {
  db: CentralDbName;
  sid: string;
}

/**
 * One step of a runbook, as data: which nodes it acts on, the one fixed action it runs there,
 * and the postcondition that proves it worked. A step whose postcondition already holds is
 * skipped. `precondition` guards the action (for example: never restart a DB's clients while
 * the DB is down); when it does not hold the run stops before acting. Its title and what it
 * verifies are catalogue texts keyed by its id (recovery.step.<id>, recovery.verifies.<id>).
 */
export interface StepSpec {
  id: StepId;
  /** The nodes it acts on, one plan step each, in order (one at a time: rolling). */
  targets(snapshot: Snapshot, inventory: Inventory): StepTarget[];
  /**
   * In a runbook that takes a node: the step's targets for the node the operator chose (by
   * default that node alone). A step may act elsewhere on the chosen node's behalf (kick its
   * old server id through the leader) or not at all (nothing of that database to rejoin).
   */
  forChosen?(snapshot: Snapshot, chosen: string): StepTarget[];
  /** None: a verification only, which waits for the cloud to settle and changes nothing. */
  /**
   * A fixed template; the snapshot only chooses among the units a layout may use (neutron-server
   * or neutron-api), never puts a read string into the command (actionCommand's lists refuse).
   */
  action?(target: StepTarget, snapshot: Snapshot): Action;
  /**
   * The postcondition, read from a fresh snapshot; `since` is when the step started (a
   * restart step checks the unit really started after it).
   */
  verify(snapshot: Snapshot, target: StepTarget, since: number): Check;
  precondition?(snapshot: Snapshot, target: StepTarget): Check;
  /**
   * What `verify` looks at besides the nodes' state: journal lines, Neutron's API. Each is read
   * afresh for this step's decisions and verifications; the others keep their last read (with
   * its time), so a poll costs one collect per node, not a journal and API read as well.
   */
  reads?: { journal?: true; neutron?: true };
  /**
   * A check of the nodes' state alone that `verify` needs first: while it fails, polls read the
   * state only (a service still starting is not slowed by journal and API reads).
   */
  ready?(snapshot: Snapshot, target: StepTarget, since: number): Check;
  /**
   * What the action would do is already happening by itself (systemd restarting a crashed
   * service against the databases just brought back): while this holds the step waits for
   * `verify` instead of acting; if it stops holding first, the step acts after all.
   */
  underway?(snapshot: Snapshot, target: StepTarget): Check;
  /** A backup has no state to skip on: it runs when (and only when) a later step will act. */
  backup?: true;
  /**
   * The postcondition counts only once it has held, with the same `state`, on consecutive
   * fresh reads spanning this window (chosen from the cloud's facts, with why): one read is
   * not enough, neither to skip the step nor to call it verified. A read that fails inside
   * the window starts it again and is reported.
   */
  settle?(snapshot: Snapshot): { ms: number; fact: string };
  /**
   * The step's targets are alternatives, tried in this order (decided on the read made when
   * the first of them comes up): a target whose action leaves the postcondition unmet gives
   * way to the next; a failed precondition still stops the run.
   */
  alternatives?(snapshot: Snapshot, nodes: string[]): string[];
  /**
   * The targets for which this holds (on the read made when the step comes up) run at the same
   * time, each decided, acted on and verified as alone; the others follow one at a time. Only
   * for a step whose checks of a target look at that target's node alone (a neutron-server's
   * restart): what one does changes nothing another decides on. Why it holds, or why not,
   * goes in each step's output.
   */
  together?(snapshot: Snapshot, target: StepTarget): Check;
  /** How long the verification may take to hold, and how often it is re-read. */
  timeoutMs: number;
  intervalMs: number;
}

export const STEP_IDS = [
  "backup-dbs",
  "stop-stray-ovsdb",
  "start-nb",
  "start-sb",
  "verify-clusters",
  "kick-stale-server",
  "rejoin-db",
  "restart-northd",
  "restart-northd-safely",
  "restart-neutron",
  "rolling-neutron",
  "restart-neutron-rpc",
  "reconnect-controller",
  "rebind-gateway",
  "verify-gateways",
] as const;
export type StepId = (typeof STEP_IDS)[number];

export interface Runbook {
  id: RunbookId;
  steps: StepSpec[];
  /**
   * Acts on one node the operator chooses, which must run this service: a chassis to
   * reconnect (ovn-controller), a database member to rejoin its cluster (nb-db).
   */
  takesNode?: "ovn-controller" | "nb-db";
  /**
   * What the operator types to confirm a run: the cloud's name (default), or the chosen node's
   * name for a runbook that moves a member's files aside.
   */
  confirmWith?: "cloud" | "target";
}

export type PlanDecision = "run" | "skip" | "blocked";

export interface PlanStep {
  /** `<step id>@<node>` (`…@<node>/<db>:<sid>` for a cluster server): stable, unique in a plan. */
  key: string;
  stepId: StepId;
  node: string;
  member?: ClusterMemberRef;
  /** The exact command that will run on the node; null for a verification only. */
  command: string | null;
  decision: PlanDecision;
  /** Why: the fact that makes it a skip, the broken precondition, or what is wrong now. */
  reason: string;
  /**
   * Blocked by something no step of the runbook may change (a unit masked by an
   * administrator): the run is refused before anything runs, the backup included.
   */
  final?: true;
}

export interface Plan {
  runbook: RunbookId;
  cloud: string;
  /** What the operator must type to run it: the cloud's name, or the chosen member's. */
  confirm: { kind: "cloud" | "target"; text: string };
  /** The snapshot the plan was made from. */
  generation: number;
  at: string;
  target: string | null;
  steps: PlanStep[];
  /** True when every step is a skip: running it changes nothing. */
  noop: boolean;
  /** Why this plan cannot be run at all (its final blocks, in words); null when it can. */
  refusal: string | null;
}

export type StepStatus =
  "pending" | "running" | "verifying" | "succeeded" | "skipped" | "failed" | "not-run";

export interface StepRecord extends PlanStep {
  status: StepStatus;
  startedAt: number | null;
  endedAt: number | null;
  /** Output of the command (trimmed), and the last verification's fact. */
  output: string | null;
  fact: string | null;
  /** Verified without running its command: a verification only, or its effect came by itself. */
  noCommand?: true;
  /** One of a step's alternatives that did not mend it; the next one was tried. */
  gaveWay?: true;
  /** The keys of the steps that ran at the same time as this one (StepSpec.together). */
  together?: string[];
}

export type RunStatus = "running" | "succeeded" | "failed" | "interrupted";

export interface RunRecord {
  id: string;
  cloud: string;
  runbook: RunbookId;
  target: string | null;
  operator: string;
  status: RunStatus;
  startedAt: number;
  endedAt: number | null;
  /** Who executes it (host:pid:random): how a restarted server knows a run died with it. */
  holder: string;
  steps: StepRecord[];
  /** In plain words: what was done, what was not, what is still wrong. */
  summary: string | null;
  /** Findings left after the final snapshot (ids and titles, for the record). */
  remaining: { id: string; severity: Severity; title: Message }[];
}
