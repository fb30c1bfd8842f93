/**
 * A clustered NB or SB database as its members describe it (their `cluster/status`): who is
 * in the cluster's configuration, who answers, who leads, whether a majority is there, and
 * what does not fit (a second cluster id, a second leader, a server id nobody answers as).
 * Pure: a function of the snapshot. Only current data is judged (lib/model/current).
 */
import { currentData } from "@/lib/model/current";
import {
  raftStatusOf,
  servedDatabasesOf,
  type NodeSnapshot,
  type RaftStatus,
  type ServedDatabase,
  type Snapshot,
} from "@/lib/model/snapshot";
import { centralDb } from "@/lib/profiles";
import { parseOvsdbConnection } from "./ovsdb-address";

export type CentralDbName = "NB" | "SB";

/** One member's own answer. */
export interface MemberReport {
  node: NodeSnapshot;
  status: RaftStatus;
  served: ServedDatabase | null;
}

/** A server in the cluster's configuration (a member's `Servers:` list). */
export interface ClusterServer {
  /** Short server id, as cluster/status prints it. */
  sid: string;
  /** Raft address, e.g. tcp:10.250.0.13:6643. */
  address: string;
  /** The inventory node at that address, if any. */
  node: string | null;
  /** The member's own answer, when its node answered as this server id. */
  report: MemberReport | null;
}

export interface ClusterView {
  db: CentralDbName;
  /** The database's schema name (OVN_Northbound, OVN_Southbound), as its members say it. */
  name: string;
  /** The cluster most members answer for (by cluster id). */
  clusterId: string | null;
  /** The configuration as the leader lists it (else the member in the highest term). */
  servers: ClusterServer[];
  /**
   * Servers whose ovsdb-server answered for this cluster: running, whatever their raft status
   * (a member cut off from the others says "disconnected from the cluster" and still counts).
   */
  up: ClusterServer[];
  /** A majority of the configuration: writes need this many members. */
  quorum: number;
  /** Members that say they lead, in this cluster. */
  leaders: MemberReport[];
  /** The highest term any member of this cluster is in. */
  term: number;
  /** Members that answered for another cluster id (a split: often a member whose files were re-created). */
  foreign: MemberReport[];
  /**
   * Servers in the configuration that no node answers as, although their address is a node
   * that answers as another server id (the node was rebuilt and re-joined under a new id).
   */
  stale: ClusterServer[];
  /** Servers in the configuration whose node did not answer as a member (down or unreachable). */
  missing: ClusterServer[];
  /** Members still joining, leaving or that left, and how they say it. */
  notMembers: MemberReport[];
}

/** A server id as cluster/status lists servers: its first four hex digits. */
export const shortId = (id: string) => id.slice(0, 4);
/** raft's words for a server that is not (or not yet, or no longer) in the configuration. */
const NOT_MEMBER = /^(joining|leaving|left)\b/;

function reportsOf(snapshot: Snapshot, db: CentralDbName): MemberReport[] {
  const out: MemberReport[] = [];
  for (const node of snapshot.nodes) {
    const data = currentData(node);
    const status = raftStatusOf(data, db);
    if (!data || !status) continue;
    const served = servedDatabasesOf(data, db);
    out.push({ node, status, served: served.find((s) => s.name === status.name) ?? null });
  }
  return out;
}

/** The inventory node whose management address is the raft address's host. */
export function nodeAt(snapshot: Snapshot, address: string): string | null {
  const host = parseOvsdbConnection(address)?.host;
  return snapshot.nodes.find((n) => n.address === host)?.name ?? null;
}

/** The cluster of a central database, or null when no member answers as clustered. */
export function clusterView(snapshot: Snapshot, db: CentralDbName): ClusterView | null {
  const reports = reportsOf(snapshot, db);
  if (reports.length === 0) return null;
  // The cluster most members answer for; a tie goes to the one with a leader.
  const byId = new Map<string | null, MemberReport[]>();
  for (const r of reports)
    byId.set(r.status.clusterId, [...(byId.get(r.status.clusterId) ?? []), r]);
  const ids = [...byId.keys()].filter((id): id is string => id !== null);
  const score = (id: string) =>
    byId.get(id)!.length * 2 + (byId.get(id)!.some((r) => r.status.role === "leader") ? 1 : 0);
  const clusterId = ids.sort((a, b) => score(b) - score(a))[0] ?? null;
  const mine = reports.filter((r) => r.status.clusterId === clusterId);
  const foreign = reports.filter(
    (r) => r.status.clusterId !== null && r.status.clusterId !== clusterId,
  );
  const leaders = mine.filter((r) => r.status.role === "leader");
  const term = Math.max(0, ...mine.map((r) => r.status.term));
  // Whose list of servers to believe: a leader's (it commits configuration changes), else the
  // member in the highest term.
  const lister =
    [...leaders].sort((a, b) => b.status.term - a.status.term)[0] ??
    [...mine].sort((a, b) => b.status.term - a.status.term)[0];
  const answering = new Map(mine.map((r) => [shortId(r.status.serverId), r]));
  const servers: ClusterServer[] = (lister?.status.servers ?? []).map((peer) => ({
    sid: peer.sid,
    address: peer.address,
    node: nodeAt(snapshot, peer.address),
    report: answering.get(peer.sid) ?? null,
  }));
  const up = servers.filter((s) => s.report !== null);
  const answeringNodes = new Set(mine.map((r) => r.node.name));
  const stale = servers.filter((s) => !s.report && s.node !== null && answeringNodes.has(s.node));
  const missing = servers.filter((s) => !s.report && !stale.includes(s));
  return {
    db,
    name: reports[0]!.status.name,
    clusterId,
    servers,
    up,
    quorum: Math.floor(servers.length / 2) + 1,
    leaders,
    term,
    foreign,
    stale,
    missing,
    notMembers: reports.filter((r) => NOT_MEMBER.test(r.status.status) && !foreign.includes(r)),
  };
}

/** A node whose ovn-ctl options make its server a member of the database's cluster. */
export interface ConfiguredMember {
  node: NodeSnapshot;
  /** Its raft address, as the options give it (tcp:<local addr>:<local port or the default>). */
  address: string;
  /** The option as written, for evidence. */
  option: string;
}

/**
 * The members a database's cluster is configured with, from each node's OVN_CTL_OPTS (the
 * profile names the option): what says the database is clustered when no member answers.
 */
export function configuredMembers(snapshot: Snapshot, db: CentralDbName): ConfiguredMember[] {
  return snapshot.nodes.flatMap((node) => {
    const opts = currentData(node)?.config?.ovnCtlOpts;
    if (!opts) return [];
    const spec = centralDb(node.profile, db);
    const value = (option: string) =>
      new RegExp(`(?:^|\\s)${option}=(\\S+)`).exec(opts)?.[1]?.replace(/^["']|["']$/g, "");
    const addr = value(spec.clusterLocalAddrOption);
    if (!addr) return [];
    const port = value(spec.clusterLocalPortOption) ?? String(spec.raftPort);
    return [
      { node, address: `tcp:${addr}:${port}`, option: `${spec.clusterLocalAddrOption}=${addr}` },
    ];
  });
}

/** NB or SB is clustered: a member answers as one, or the nodes' ovn-ctl options configure one. */
export function isClustered(snapshot: Snapshot, clusters = ovnClusters(snapshot)): boolean {
  return (
    clusters.length > 0 ||
    (["NB", "SB"] as const).some((db) => configuredMembers(snapshot, db).length > 0)
  );
}

/** Both central databases' clusters (absent when standalone). */
export function ovnClusters(snapshot: Snapshot): ClusterView[] {
  return (["NB", "SB"] as const).flatMap((db) => clusterView(snapshot, db) ?? []);
}
