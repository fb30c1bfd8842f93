/**
 * Pure: one snapshot and its diagnosis → what history records (observe), and the events between
 * what was recorded before and that observation (changesSince). Only what was actually seen
 * counts: a node that cannot be read keeps its services' last states (its reachability event
 * says why), and gateways are compared only when SB was read from a current node.
 */
import { flatten } from "@/lib/diagnose/flatten";
import type { Finding } from "@/lib/diagnose/types";
import { gatewayChain, routerIds } from "@/lib/facts/gateway-chain";
import { ovnCentral } from "@/lib/facts/ovn-central";
import { serviceStates } from "@/lib/facts/services";
import { isCurrent } from "@/lib/model/current";
import type { Snapshot } from "@/lib/model/snapshot";
import type { HistoryEventInput, HistoryState, OpenFinding } from "./types";

/** What one snapshot shows, in history's terms; absent parts were not observable. */
export interface Observation {
  at: number;
  findings: Record<string, OpenFinding>;
  /** Per node read now: `<node>/<service>` → state. Nodes not read now are absent. */
  units: Map<string, Record<string, string>>;
  reach: Record<string, string>;
  /** null when SB could not be read from a current node: gateways unknown, not unbound. */
  gateways: Record<string, { chassis: string; name: string }> | null;
}

/** A finding's node, service and router, from the element ids it affects (lib/model/element). */
export function findingPlace(affects: readonly string[]) {
  let node: string | null = null;
  let service: string | null = null;
  let router: string | null = null;
  for (const id of affects) {
    const [kind, a, b] = id.split(":");
    if (kind === "service" && a && b && service === null) [node, service] = [a, b];
    else if (kind === "node" && a && node === null) node = a;
    else if (kind === "router" && a && router === null) router = id.slice("router:".length);
  }
  return { node, service, router };
}

export function observe(snapshot: Snapshot, findings: Finding[]): Observation {
  const roots = new Set(findings.map((f) => f.id));
  const open: Record<string, OpenFinding> = {};
  for (const f of flatten(findings)) {
    open[f.id] ??= {
      severity: f.severity,
      rule: f.rule,
      root: roots.has(f.id),
      title: f.title,
      ...findingPlace(f.affects),
    };
  }
  const units = new Map<string, Record<string, string>>();
  const reach: Record<string, string> = {};
  for (const node of snapshot.nodes) {
    reach[node.name] = node.reach;
    if (!isCurrent(node) || !node.data) continue;
    const states: Record<string, string> = {};
    for (const s of serviceStates(node)) states[`${node.name}/${s.service}`] = s.state;
    units.set(node.name, states);
  }
  return {
    at: Date.parse(snapshot.finishedAt),
    findings: open,
    units,
    reach,
    gateways: sbReadNow(snapshot) ? gatewaysOf(snapshot) : null,
  };
}

function sbReadNow(snapshot: Snapshot): boolean {
  const sb = ovnCentral(snapshot).sb;
  const node = sb && snapshot.nodes.find((n) => n.name === sb.node);
  return node !== undefined && node !== null && isCurrent(node);
}

function gatewaysOf(snapshot: Snapshot): Record<string, { chassis: string; name: string }> {
  const out: Record<string, { chassis: string; name: string }> = {};
  for (const id of routerIds(snapshot)) {
    const chain = gatewayChain(snapshot, id);
    if (chain?.portId) out[id] = { chassis: chain.boundChassis ?? "", name: chain.routerName };
  }
  return out;
}

const NONE = {
  node: null,
  service: null,
  router: null,
  rule: null,
  severity: null,
  from: null,
  to: null,
  detail: null,
};

/**
 * The events from `before` (the last recorded state) to `now`, and the state to record. The
 * first sight of a node, a service or a router's gateway is a baseline, not an event: a new
 * server does not report the whole cloud as "changed". `changed` says whether the state differs
 * (events, or a new baseline) and so needs writing.
 */
export function changesSince(
  before: HistoryState,
  now: Observation,
): { events: HistoryEventInput[]; state: HistoryState; changed: boolean } {
  const at = now.at;
  const events: HistoryEventInput[] = [];
  let baseline = false;
  const firstRecord = Object.keys(before.reach).length === 0;

  for (const [id, f] of Object.entries(now.findings)) {
    const was = before.findings[id];
    const place = { node: f.node, service: f.service, router: f.router, rule: f.rule };
    const detail = { title: f.title, root: f.root };
    if (!was)
      events.push({
        ...NONE,
        ...place,
        at,
        kind: "finding.opened",
        subject: id,
        severity: f.severity,
        to: f.severity,
        detail: firstRecord ? { ...detail, alreadyOpen: true } : detail,
      });
    else if (was.severity !== f.severity)
      events.push({
        ...NONE,
        ...place,
        at,
        kind: "finding.severity",
        subject: id,
        severity: f.severity,
        from: was.severity,
        to: f.severity,
        detail,
      });
  }
  for (const [id, was] of Object.entries(before.findings)) {
    if (now.findings[id]) continue;
    events.push({
      ...NONE,
      node: was.node,
      service: was.service,
      router: was.router,
      rule: was.rule,
      at,
      kind: "finding.closed",
      subject: id,
      severity: was.severity,
      from: was.severity,
      detail: { title: was.title, root: was.root },
    });
  }

  const reach = { ...before.reach };
  for (const [node, r] of Object.entries(now.reach)) {
    const was = before.reach[node];
    if (was === undefined) baseline = true;
    else if (was !== r)
      events.push({ ...NONE, at, kind: "node.reach", subject: node, node, from: was, to: r });
    reach[node] = r;
  }

  const units = { ...before.units };
  for (const [node, states] of now.units) {
    const known = before.reach[node] !== undefined;
    for (const [key, state] of Object.entries(states)) {
      const was = before.units[key];
      if (was === state) continue;
      if (known) events.push(unitEvent(at, key, was ?? null, state));
      else baseline = true;
      units[key] = state;
    }
    // A service the node no longer runs nor needs (a stray stopped, a layout switched).
    for (const key of Object.keys(before.units)) {
      if (key.startsWith(`${node}/`) && !(key in states)) {
        events.push(unitEvent(at, key, before.units[key]!, null));
        delete units[key];
      }
    }
  }

  let gateways = before.gateways;
  if (now.gateways) {
    gateways = {};
    for (const [router, g] of Object.entries(now.gateways)) {
      const was = before.gateways[router];
      if (was === undefined) baseline = true;
      else if (was !== g.chassis)
        events.push({
          ...NONE,
          at,
          kind: "gateway.moved",
          subject: router,
          router,
          from: was || null,
          to: g.chassis || null,
          detail: { routerName: g.name },
        });
      gateways[router] = g.chassis;
    }
    if (Object.keys(before.gateways).some((r) => !(r in gateways))) baseline = true;
  }

  return {
    events,
    state: { findings: now.findings, units, reach, gateways },
    changed: events.length > 0 || baseline,
  };
}

function unitEvent(
  at: number,
  key: string,
  from: string | null,
  to: string | null,
): HistoryEventInput {
  const slash = key.indexOf("/");
  const [node, service] = [key.slice(0, slash), key.slice(slash + 1)];
  return { ...NONE, at, kind: "unit.changed", subject: key, node, service, from, to };
}
