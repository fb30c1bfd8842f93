/**
 * History: what changed in the cloud, as events in the store (lib/store's history), derived by
 * comparing each snapshot's observation with the previous one (./changes). Client-safe types:
 * the Timeline page, the finding and router pages and `ovnscope check --since` share them.
 */
import type { Message, Severity } from "@/lib/diagnose/types";

export const HISTORY_KINDS = [
  /** A finding appeared. to: its severity. */
  "finding.opened",
  /** An open finding's severity changed. from → to: severities. */
  "finding.severity",
  /** A finding is gone. from: its last severity. */
  "finding.closed",
  /** A watched service's systemd state on a node changed ("active (running)" → "failed (failed)"). */
  "unit.changed",
  /** A node's reachability changed (reachable, unreachable, refused, denied, partial). */
  "node.reach",
  /** The chassis hosting a router's gateway port changed (to null: nobody hosts it). */
  "gateway.moved",
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export interface HistoryEventInput {
  at: number;
  kind: HistoryKind;
  /** What changed: a finding id, `<node>/<service>`, a node name or a router id. */
  subject: string;
  node: string | null;
  service: string | null;
  router: string | null;
  rule: string | null;
  /** The finding's severity after the event (its last one for finding.closed); null otherwise. */
  severity: Severity | null;
  from: string | null;
  to: string | null;
  /** A finding's title (translated where shown), a router's name; nothing secret. */
  detail: HistoryDetail | null;
}

export interface HistoryDetail {
  title?: Message;
  /** The finding was a root cause when it opened (or changed). */
  root?: boolean;
  /**
   * Opened at the first snapshot history ever recorded for the cloud: it was already open
   * then, since when is not known.
   */
  alreadyOpen?: boolean;
  routerName?: string;
}

export interface HistoryEvent extends HistoryEventInput {
  id: number;
}

export interface HistoryFilter {
  from: number;
  to: number;
  node?: string;
  service?: string;
  router?: string;
  rule?: string;
  /** Only these subjects (a finding page asks for its own id). */
  subject?: string;
  kinds?: HistoryKind[];
  limit?: number;
  /** With a limit: the newest `limit` events of the range instead of the oldest (still oldest first). */
  newest?: boolean;
}

/** A finding as history remembers it while it is open. */
export interface OpenFinding {
  severity: Severity;
  rule: string;
  root: boolean;
  title: Message;
  node: string | null;
  service: string | null;
  router: string | null;
}

/**
 * What the last recorded snapshot showed, kept in the store beside the events so a restarted
 * server compares its first snapshot with what was true before it stopped.
 */
export interface HistoryState {
  findings: Record<string, OpenFinding>;
  /** `<node>/<service>` → systemd's words for its state. */
  units: Record<string, string>;
  /** node → reachability. */
  reach: Record<string, string>;
  /** router id → the chassis hosting its gateway ("" when none does). */
  gateways: Record<string, string>;
}

export const EMPTY_HISTORY_STATE: HistoryState = {
  findings: {},
  units: {},
  reach: {},
  gateways: {},
};
