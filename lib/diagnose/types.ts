import type { MessageKey } from "@/lib/i18n/en";
import type { Iso, Snapshot } from "@/lib/model/snapshot";

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
  | "rebind-gateways";

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

export interface Rule {
  id: string;
  /** Reads the snapshot, returns zero or more findings. Pure: no I/O, no clock. */
  run(snapshot: Snapshot): Finding[];
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
