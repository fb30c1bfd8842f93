import { serviceStates } from "@/lib/facts/services";
import { currentData } from "@/lib/model/current";
import { neutronApiOf } from "@/lib/facts/neutron-servers";
import {
  raftStatusOf,
  type NodeSnapshot,
  type RaftStatus,
  type Snapshot,
} from "@/lib/model/snapshot";
import type { Service } from "@/lib/profiles";
import type { Graph } from "./graph";
import type { TopoNode } from "./types";
import { elementId, ref } from "@/lib/model/element";

/** The services drawn as cards of their own; the others are chips on their host's card. */
export const CENTRAL: readonly Service[] = [
  "nb-db",
  "sb-db",
  "northd",
  "neutron-server",
  "neutron-rpc",
];

export const isCentral = (service: Service) => CENTRAL.includes(service);

/** A central service's card and the node that runs it. */
export interface CentralCard {
  card: TopoNode;
  host: NodeSnapshot;
  service: Service;
}

/** The central service cards by service, in inventory order. */
export type CentralServices = (service: Service) => CentralCard[];

/** OVN central's databases and northd, neutron-server (and its RPC server): one card each per node. */
export function addCentralServices(g: Graph): CentralServices {
  const cards: CentralCard[] = [];
  for (const host of g.snapshot.nodes) {
    for (const s of serviceStates(host).filter((x) => isCentral(x.service))) {
      const id = elementId(ref.service(host.name, s.service));
      const findingIds = g.about(id);
      const card: TopoNode = {
        id,
        kind: "service",
        label: s.label,
        sub: host.name,
        health: s.health,
        state: s.state,
        href: `/nodes/${host.name}`,
        services: [],
        facts: [
          ["unit", s.unit ?? "—"],
          ["state", s.state],
          ...raftFacts(raftOf(host, s.service)),
          ...(s.service === "neutron-server" ? apiFacts(g.snapshot, host.name) : []),
          ...s.reasons.map((r): [string, string] => ["why", r]),
        ],
        findings: findingIds,
        severity: g.worst(findingIds),
      };
      const raft = raftOf(host, s.service);
      if (raft) card.sub = `${host.name} · ${raft.role}`;
      g.nodes.push(card);
      cards.push({ card, host, service: s.service });
    }
  }
  return (service) => cards.filter((c) => c.service === service);
}

/** A clustered database member's own cluster/status, when the node's data is current. */
export function raftOf(host: NodeSnapshot, service: Service): RaftStatus | null {
  const db = service === "nb-db" ? "NB" : service === "sb-db" ? "SB" : null;
  return db ? raftStatusOf(currentData(host), db) : null;
}

/**
 * A neutron-server's API as ovnscope last read it: its own, where it was asked beside the
 * endpoint (a server per controller), or the endpoint's on the node that reads it.
 */
function apiFacts(snapshot: Snapshot, node: string): [string, string][] {
  const asked = snapshot.neutron.servers?.some((x) => x.node === node);
  if (!asked && snapshot.neutron.node !== node) return [];
  const api = neutronApiOf(snapshot, node);
  const said =
    api.state === "ok"
      ? `answered at ${api.collectedAt}`
      : `${api.state}${api.error ? `: ${api.error}` : ""}`;
  return [["api", `${api.endpoint ?? "—"} ${said}`]];
}

/** What a member's side panel says of it, in cluster/status's words. */
function raftFacts(raft: RaftStatus | null): [string, string][] {
  if (!raft) return [];
  return [
    ["raft", `${raft.status}, ${raft.role}, term ${raft.term}`],
    ["leader", raft.leader],
    ["server id", raft.serverId],
    ["cluster id", raft.clusterId ?? "not yet known"],
    ["address", raft.address],
    ["log", raft.log ? `[${raft.log.start}, ${raft.log.next}]` : "—"],
    ["not committed / applied", `${raft.notCommitted} / ${raft.notApplied}`],
    ["election timer", raft.electionTimerMs === null ? "—" : `${raft.electionTimerMs} ms`],
  ];
}
