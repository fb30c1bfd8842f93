/**
 * The Clusters page: per central database (NB, SB), whether it is clustered, the cluster as a
 * whole (servers, members up, quorum, leader, term), every server of its configuration side by
 * side with its member's own `cluster/status`, and the history of terms from the members' raft
 * log lines. Only current data is judged (lib/model/current): a member's status kept from an
 * earlier read is shown, marked, and never coloured as failing or ok.
 */
import { diagnosisOf, flatten, type Finding } from "@/lib/diagnose";
import {
  nodeAt,
  shortId,
  clusterView,
  configuredMembers,
  type CentralDbName,
  type ClusterView,
  type ConfiguredMember,
  type MemberReport,
} from "@/lib/facts/ovn-cluster";
import {
  leaderWitnesses,
  RAFT_DEFAULT_ELECTION_TIMER_MS,
  raftLogLines,
  type RaftLogLine,
} from "@/lib/facts/raft-elections";
import { currentData, isCurrent } from "@/lib/model/current";
import type { Health } from "@/lib/model/health";
import {
  raftStatusOf,
  servedDatabasesOf,
  type RaftStatus,
  type Reachability,
  type Snapshot,
} from "@/lib/model/snapshot";
import { centralDb } from "@/lib/profiles";
import { clientSummary, dbSessions } from "@/lib/facts/ovsdb-sessions";

export type { CentralDbName } from "@/lib/facts/ovn-cluster";

/** How many election lines the page shows per database (newest first). */
export const ELECTIONS_SHOWN = 50;

/**
 * What a column is: a member of the cluster answering for its server id; a server of the
 * configuration that did not answer (`missing`: its node's ovsdb-server is down or the node
 * was not read); one no node answers as although its node answers as another id (`stale`);
 * a member answering for another cluster id (`foreign`); a member joining, leaving or that
 * left, outside the configuration (`not-member`).
 */
export type ColumnKind = "member" | "missing" | "stale" | "foreign" | "not-member";

/** How one member last heard of one server of the configuration ("last msg N ms ago"). */
export interface LastMsg {
  self: boolean;
  /** null: this member lists the server without a time, or does not list it. */
  ms: number | null;
  /**
   * Longer ago than this member's election timer, from a server it must hear from: its
   * leader (a follower), or each follower (the leader). Judged on current data only.
   */
  late: boolean;
}

/** A member's own cluster/status, field by field, in the tool's words, with what fails. */
export interface MemberFields {
  /** Short ids, as cluster/status prints them. */
  serverId: string;
  clusterId: string | null;
  address: string;
  status: string;
  /** Not "cluster member". */
  statusBad: boolean;
  role: string;
  /** A candidate: it has no leader and is asking for votes. */
  roleBad: boolean;
  term: number;
  /** Behind the cluster's highest term. */
  termBehind: boolean;
  /** "self", "unknown", or the leader's short id; with the node at that id. */
  leader: string;
  leaderNode: string | null;
  leaderBad: boolean;
  vote: string;
  electionTimerMs: number | null;
  log: { start: number; next: number } | null;
  notCommitted: number;
  notApplied: number;
  connections: { direction: "in" | "out"; sid: string; failing: boolean }[];
  disconnections: number;
  /** By short server id (the page's peer rows). */
  lastMsg: Record<string, LastMsg>;
}

export interface MemberColumn {
  /** The server id this column is about: the configuration's, or the member's own. */
  sid: string;
  address: string;
  /** The inventory node at the address, if any. */
  node: string | null;
  kind: ColumnKind;
  /** This cluster's member that says it leads. */
  leader: boolean;
  /** The node's reachability when its data is not current (not read this time). */
  reach: Reachability | null;
  /** The member's own status; null when it did not answer. */
  fields: MemberFields | null;
  /** The fields were kept from an earlier read of an unreachable node: shown, not judged. */
  kept: boolean;
  /** A stale server's node answers as this server id now. */
  answersAs: string | null;
  /**
   * The client sessions this member's ovsdb-server holds, by client (lib/facts/ovsdb-sessions);
   * null when its node's connections were not read.
   */
  clients: { who: string; count: number }[] | null;
}

/** One raft log line about an election, in the member's own words. */
export interface ElectionLine {
  at: string;
  node: string;
  /** null for an ignored early vote request. */
  term: number | null;
  kind: RaftLogLine["kind"];
  message: string;
  /**
   * A leader line for a term below one already logged, which no other member logged: a term
   * of a cluster of the member's own (its files re-created).
   */
  alone: boolean;
}

export interface ClusterModel {
  db: CentralDbName;
  /**
   * standalone: its ovsdb-server serves it as a standalone database; unknown: nothing read.
   * Only a clustered database has a health here (else "unknown": not judged on this page).
   */
  mode: "clustered" | "standalone" | "unknown";
  /** The schema name as the members say it. */
  name: string | null;
  clusterId: string | null;
  health: Health;
  servers: number;
  up: number;
  quorum: number;
  /** This cluster's members that say they lead (one on a healthy cluster). */
  leaders: { node: string; sid: string; term: number }[];
  term: number;
  /** The page's rows of "last msg": every server any column lists, the configuration first. */
  peers: { sid: string; node: string | null }[];
  columns: MemberColumn[];
  /** Election lines of every member, newest first, at most ELECTIONS_SHOWN. */
  elections: ElectionLine[];
  electionsTotal: number;
  /** This database's ovn-cluster findings. */
  findings: Finding[];
}

export interface ClustersModel {
  finishedAt: string;
  clusters: ClusterModel[];
  /** Findings about the clusters that are about no one database (northd-active). */
  findings: Finding[];
}

/** Whether a current node serves this database standalone (its _Server database says so). */
function standalone(snapshot: Snapshot, db: CentralDbName): boolean {
  return snapshot.nodes.some((node) => {
    const data = currentData(node);
    const schema = centralDb(node.profile, db).schema;
    return servedDatabasesOf(data, db).some((s) => s.name === schema && s.model === "standalone");
  });
}

function fieldsOf(
  snapshot: Snapshot,
  status: RaftStatus,
  judged: boolean,
  clusterTerm: number,
  leaderSids: Set<string>,
): MemberFields {
  const timer = status.electionTimerMs ?? RAFT_DEFAULT_ELECTION_TIMER_MS;
  const iLead = status.role === "leader";
  const lastMsg: Record<string, LastMsg> = {};
  for (const peer of status.servers) {
    // The leader hears from every follower; a follower from its leader. Other pairs talk
    // only during elections, so a long silence between two followers is normal.
    const mustHear = !peer.self && (iLead || peer.sid === status.leader);
    lastMsg[peer.sid] = {
      self: peer.self,
      ms: peer.lastMsgMs,
      late: judged && mustHear && (peer.lastMsgMs === null || peer.lastMsgMs > timer),
    };
  }
  const leaderAddress = status.servers.find((p) => p.sid === status.leader)?.address;
  return {
    serverId: shortId(status.serverId),
    clusterId: status.clusterId ? shortId(status.clusterId) : null,
    address: status.address,
    status: status.status,
    statusBad: judged && status.status !== "cluster member",
    role: status.role,
    roleBad: judged && status.role === "candidate",
    term: status.term,
    termBehind: judged && status.term < clusterTerm,
    leader: status.leader,
    leaderNode:
      status.leader === "self" ? null : leaderAddress ? nodeAt(snapshot, leaderAddress) : null,
    leaderBad:
      judged &&
      (status.leader === "unknown" ||
        (status.leader !== "self" && leaderSids.size > 0 && !leaderSids.has(status.leader))),
    vote: status.vote,
    electionTimerMs: status.electionTimerMs,
    log: status.log,
    notCommitted: status.notCommitted,
    notApplied: status.notApplied,
    connections: status.connections.map((c) => ({ ...c, failing: judged && c.failing })),
    disconnections: status.disconnections,
    lastMsg,
  };
}

/** Node name first (ctl1, ctl2, ctl3 side by side), then server id. */
function byNode(
  a: Pick<MemberColumn, "node" | "sid">,
  b: Pick<MemberColumn, "node" | "sid">,
): number {
  return (
    (a.node ?? "\uffff").localeCompare(b.node ?? "\uffff", undefined, { numeric: true }) ||
    a.sid.localeCompare(b.sid)
  );
}

function columnsOf(snapshot: Snapshot, c: ClusterView): MemberColumn[] {
  const columns = columnsWithoutClients(snapshot, c);
  const sessions = dbSessions(snapshot, c.db);
  return columns.map((col) => {
    const node = snapshot.nodes.find((n) => n.name === col.node);
    const read = node !== undefined && isCurrent(node) && node.data?.sections.conns?.state === "ok";
    return {
      ...col,
      clients: read ? clientSummary(sessions.filter((s) => s.server === col.node)) : null,
    };
  });
}

function columnsWithoutClients(
  snapshot: Snapshot,
  c: ClusterView,
): Omit<MemberColumn, "clients">[] {
  const leaderSids = new Set(c.leaders.map((l) => shortId(l.status.serverId)));
  const reportColumn = (r: MemberReport, kind: ColumnKind): Omit<MemberColumn, "clients"> => ({
    sid: shortId(r.status.serverId),
    address: r.status.address,
    node: r.node.name,
    kind,
    leader: kind === "member" && r.status.role === "leader",
    reach: null,
    fields: fieldsOf(snapshot, r.status, true, c.term, leaderSids),
    kept: false,
    answersAs: null,
  });
  const configured = c.servers.map((s): Omit<MemberColumn, "clients"> => {
    if (s.report) return reportColumn(s.report, "member");
    const node = snapshot.nodes.find((n) => n.name === s.node);
    if (c.stale.includes(s))
      return {
        sid: s.sid,
        address: s.address,
        node: s.node,
        kind: "stale",
        leader: false,
        reach: null,
        fields: null,
        kept: false,
        answersAs: c.up.find((u) => u.node === s.node)?.sid ?? null,
      };
    // Not current: what the node said when it was last read is shown, never judged.
    const old = node && !isCurrent(node) ? raftStatusOf(node.data, c.db) : null;
    const kept = old && shortId(old.serverId) === s.sid ? old : null;
    return {
      sid: s.sid,
      address: s.address,
      node: s.node,
      kind: "missing",
      leader: false,
      reach: node && !isCurrent(node) ? node.reach : null,
      fields: kept ? fieldsOf(snapshot, kept, false, c.term, leaderSids) : null,
      kept: kept !== null,
      answersAs: null,
    };
  });
  const outside = c.notMembers
    .filter((r) => !c.servers.some((s) => s.report === r))
    .map((r) => reportColumn(r, "not-member"));
  const foreign = c.foreign.map((r) => reportColumn(r, "foreign"));
  return [...configured.sort(byNode), ...outside.sort(byNode), ...foreign.sort(byNode)];
}

function peersOf(snapshot: Snapshot, c: ClusterView, columns: MemberColumn[]) {
  const peers = c.servers.map((s) => ({ sid: s.sid, node: s.node }));
  for (const col of columns)
    for (const sid of Object.keys(col.fields?.lastMsg ?? {}))
      if (!peers.some((p) => p.sid === sid)) {
        const address = [...c.foreign, ...c.notMembers]
          .flatMap((r) => r.status.servers)
          .find((p) => p.sid === sid)?.address;
        peers.push({ sid, node: address ? nodeAt(snapshot, address) : null });
      }
  return peers.sort(
    (a, b) =>
      (a.node ?? "\uffff").localeCompare(b.node ?? "\uffff", undefined, { numeric: true }) ||
      a.sid.localeCompare(b.sid),
  );
}

/** ok: one leader, a majority, every server a cluster member; down: no quorum or no leader. */
function healthOf(c: ClusterView): Health {
  if (c.servers.length === 0) return c.notMembers.length > 0 ? "degraded" : "unknown";
  if (c.up.length < c.quorum || c.leaders.length === 0) return "down";
  const allMembers = c.servers.every((s) => s.report?.status.status === "cluster member");
  if (c.leaders.length === 1 && allMembers && c.foreign.length === 0 && c.notMembers.length === 0)
    return "ok";
  return "degraded";
}

function electionsOf(snapshot: Snapshot, db: CentralDbName) {
  const lines = raftLogLines(snapshot, db);
  const witnesses = leaderWitnesses(lines);
  // A cluster's terms only grow: a leader line below a term already logged, that no other
  // member logged either, is another cluster's (a member's own after its files were
  // re-created). The newest term a slower journal read has not caught up with is not.
  let highest = -Infinity;
  const outOfTurn = lines.map((l) => {
    const below = l.term !== null && l.term < highest;
    if (l.term !== null) highest = Math.max(highest, l.term);
    return (
      below && (l.kind === "won" || l.kind === "learned") && (witnesses.get(l.term!)?.size ?? 0) < 2
    );
  });
  const elections: ElectionLine[] = lines
    .map((l, i) => ({
      at: l.entry.time,
      node: l.node.name,
      term: l.term,
      kind: l.kind,
      message: l.entry.message,
      alone: outOfTurn[i]!,
    }))
    .slice(-ELECTIONS_SHOWN)
    .reverse();
  return { elections, electionsTotal: lines.length };
}

function clusterModel(snapshot: Snapshot, db: CentralDbName, findings: Finding[]): ClusterModel {
  const c = clusterView(snapshot, db);
  const mine = findings.filter(
    (f) => f.rule === "ovn-cluster" && f.id.startsWith(`${f.rule}:${db}:`),
  );
  const configured = c ? [] : configuredMembers(snapshot, db);
  if (!c && configured.length > 0) return silentCluster(snapshot, db, configured, mine);
  if (!c)
    return {
      db,
      mode: standalone(snapshot, db) ? "standalone" : "unknown",
      name: null,
      clusterId: null,
      // A standalone database is not judged here (its server's health is the node page's).
      health: "unknown",
      servers: 0,
      up: 0,
      quorum: 0,
      leaders: [],
      term: 0,
      peers: [],
      columns: [],
      ...electionsOf(snapshot, db),
      findings: mine,
    };
  const columns = columnsOf(snapshot, c);
  return {
    db,
    mode: "clustered",
    name: c.name,
    clusterId: c.clusterId,
    health: healthOf(c),
    servers: c.servers.length,
    up: c.up.length,
    quorum: c.quorum,
    leaders: c.leaders.map((l) => ({
      node: l.node.name,
      sid: shortId(l.status.serverId),
      term: l.status.term,
    })),
    term: c.term,
    peers: peersOf(snapshot, c, columns),
    columns,
    ...electionsOf(snapshot, db),
    findings: mine,
  };
}

/**
 * A database the nodes' options configure as a cluster, of which no member answers (every
 * member's ovsdb-server down, as after the incident): clustered and down, one "no answer"
 * column per configured server. Their server ids are not known (only a member says its own).
 */
function silentCluster(
  snapshot: Snapshot,
  db: CentralDbName,
  configured: ConfiguredMember[],
  findings: Finding[],
): ClusterModel {
  return {
    db,
    mode: "clustered",
    name: null,
    clusterId: null,
    health: "down",
    servers: configured.length,
    up: 0,
    quorum: Math.floor(configured.length / 2) + 1,
    leaders: [],
    term: 0,
    peers: [],
    columns: configured.map((m) => ({
      sid: "",
      address: m.address,
      node: m.node.name,
      kind: "missing",
      leader: false,
      reach: isCurrent(m.node) ? null : m.node.reach,
      fields: null,
      kept: false,
      answersAs: null,
      clients: null,
    })),
    ...electionsOf(snapshot, db),
    findings,
  };
}

export function clustersModel(snapshot: Snapshot): ClustersModel {
  const findings = flatten(diagnosisOf(snapshot)).filter(
    (f) => f.rule === "ovn-cluster" || f.rule === "northd-active",
  );
  const clusters = (["NB", "SB"] as const).map((db) => clusterModel(snapshot, db, findings));
  const shown = new Set(clusters.flatMap((c) => c.findings.map((f) => f.id)));
  return {
    finishedAt: snapshot.finishedAt,
    clusters,
    findings: findings.filter((f) => !shown.has(f.id)),
  };
}
