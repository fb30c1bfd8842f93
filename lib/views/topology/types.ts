import type { Finding, Severity } from "@/lib/diagnose";
import { SEVERITY_RANK } from "@/lib/diagnose/types";
import type { ServiceState } from "@/lib/facts/services";
import type { Health } from "@/lib/model/health";
import type { TopologyLayout } from "../topology-layout";

/**
 * `chassis`: an SB chassis that no inventory node claims (a node outside the inventory, or a
 * stale row). `network`: a router's external network, between its routers and its physnet.
 * `group`: the healthy compute hosts of one group (zone or aggregate from the inventory, else
 * name prefix) in one card, on a large cloud (./groups.ts).
 */
export type TopoKind = "service" | "host" | "chassis" | "router" | "network" | "physnet" | "group";

/** A group card's members: whom it stands for, and how every host of the group is. */
export interface TopoGroup {
  /** The group's key (`group:<key>` is the card's id; `?expand=<key>` draws its members). */
  key: string;
  /** The hosts the card stands for (healthy, no finding): not drawn on their own. */
  members: string[];
  /** Every host of the group, by health, those drawn on their own included. */
  counts: Partial<Record<Health, number>>;
  /** How many hosts the group has in all. */
  total: number;
}

export interface TopoNode {
  id: string;
  kind: TopoKind;
  label: string;
  /** Second line: the host of a service, the roles of a host, the status of a router. */
  sub: string;
  health: Health;
  /** Words for the badge: the state itself ("inactive (dead)", "ACTIVE", "unreachable"). */
  state: string;
  /** Deep link to the element's page. */
  href: string | null;
  /** Chips shown inside host cards. */
  services: Pick<ServiceState, "service" | "label" | "health" | "state">[];
  /** Facts for the side panel, in the tools' words. */
  facts: [string, string][];
  /** Ids of findings that concern it. */
  findings: string[];
  /** The worst severity among them; null when none. */
  severity: Severity | null;
  /** On a grouped cloud: the group a compute host belongs to (drawn on its own or not). */
  group?: string;
  /** On a group card: its members and counts. */
  members?: TopoGroup;
}

export interface TopoEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  health: Health;
  findings: string[];
  severity: Severity | null;
}

/**
 * What an element's findings draw around it: a critical finding a red ring, a warning an amber
 * one, info nothing (a healthy cloud with a stock-unit hazard or an unused option stays calm;
 * the count still says there is something to read).
 */
export type Ring = "critical" | "warning" | null;

export function ringOf(severity: Severity | null): Ring {
  return severity === "critical" || severity === "warning" ? severity : null;
}

/** The worst of these findings' severities (critical before warning before info); null if none. */
export function worstSeverity(ids: string[], findings: Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings)
    if (ids.includes(f.id) && (worst === null || SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst]))
      worst = f.severity;
  return worst;
}

export interface TopologyModel {
  finishedAt: string;
  nodes: TopoNode[];
  edges: TopoEdge[];
  findings: Finding[];
  /** The groups drawn expanded (their members on their own), as asked and known. */
  expanded?: string[];
  /** Where each card goes, computed on the server (`withLayout`, lib/views/topology-layout). */
  layout?: TopologyLayout;
}
