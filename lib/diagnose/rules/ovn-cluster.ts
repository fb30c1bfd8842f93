import {
  clusterView,
  configuredMembers,
  type ConfiguredMember,
  type ClusterServer,
  type ClusterView,
  type MemberReport,
} from "@/lib/facts/ovn-cluster";
import { neutronDbConnections } from "@/lib/facts/ovn-central";
import {
  RAFT_DEFAULT_ELECTION_TIMER_MS,
  RAFT_MAX_ELECTION_TIMER_MS,
  raftLogLines,
  recentElections,
  serverStalls,
} from "@/lib/facts/raft-elections";
import { findUnit } from "@/lib/facts/services";
import { dbServers } from "@/lib/facts/central-dbs";
import { clientSummary, dbSessions, type DbSession } from "@/lib/facts/ovsdb-sessions";
import { currentData } from "@/lib/model/current";
import { parseOvsdbAddresses, parseOvsdbConnection } from "@/lib/facts/ovsdb-address";
import { ref, type ElementRef } from "@/lib/model/element";
import type { NodeSnapshot, Snapshot } from "@/lib/model/snapshot";
import { centralDb, defaultProfile, unitsOf } from "@/lib/profiles";
import { evidence } from "../evidence";
import { finding } from "../finding";
import type { Evidence, Rule, RuleFinding } from "../types";

/**
 * A clustered NB or SB database (RAFT) as its members describe it:
 *  - quorum-lost: fewer members run than a majority of the configuration: no leader can be elected, every write is refused (Neutron cannot create,
 *    change or delete anything; ovn-northd cannot translate);
 *  - no-leader: a majority is there, yet no member leads (an election is under way, or
 *    elections keep failing);
 *  - split: members answer for more than one cluster id, or more than one member leads in
 *    the same term;
 *  - stale-member: the configuration lists a server id that no node answers as, while the node
 *    at its address answers under another id (rebuilt and re-joined: the old id still counts
 *    toward the majority the cluster needs);
 *  - member-down: a server of the configuration whose node does not answer as a member;
 *  - not-member: a member that says it is joining or has left the cluster;
 *  - election-storm: more leaders elected within ELECTION_WINDOW_MS than the cluster has servers
 *    (each member restarted in turn costs at most one election; more means the leader keeps
 *    being lost), from the members' own raft log lines;
 *  - election-timer: a leader lost its leadership while its server kept running (no crash, no
 *    restart): the others heard nothing from it for a whole election timer, so its pauses (or
 *    its network's) are longer than the timer allows, and each costs an election;
 *  - client-list: Neutron's [ovn] connection for the database leaves a member out (it cannot
 *    fail over to it) or names a host that is no member (it may connect to nothing, or to
 *    another database);
 *  - log-lag: the leader has not heard from a member for longer than the election timer and the
 *    member is behind its log (match index), while the member's server runs: stalled or starved,
 *    not stopped (member-down, which it explains when its node cannot answer either);
 *  - clients-stuck: while the cluster has a leader, clients hold sessions with a member that is
 *    not part of it (another cluster id: they read and write another database) or that lost
 *    it (disconnected, joining, leaving: it serves nothing new), from the connections that
 *    member's ovsdb-server accepted.
 */
export const ovnCluster: Rule = {
  id: "ovn-cluster",
  explains: [
    // A cluster that cannot write (or is split) is why its members' units look down, why
    // Neutron cannot reach it, why nothing is translated, why chassis and gateways are lost.
    {
      rank: "database",
      cause: { variant: ["quorum-lost", "no-leader", "split"] },
      explains: [
        { rule: "service", service: ["nb-db", "sb-db", "neutron-server", "ovn-controller"] },
        { rule: "db-endpoint" },
        { rule: "neutron-crashloop" },
        { rule: "controller", variant: ["disconnected"] },
        { rule: "gateway" },
        { rule: "northd-active", variant: ["none"] },
        // Clients on a member of another cluster id: the split is why they read another database.
        { rule: "ovn-cluster", variant: ["clients-stuck"] },
      ],
    },
    // A member that runs but neither answers nor keeps up: that is why it looks down.
    {
      rank: "process",
      cause: { variant: ["log-lag"] },
      explains: [{ rule: "ovn-cluster", variant: ["member-down"], same: "service" }],
    },
    // Leaders lost while running (stalls longer than the timer) are the storm's cause.
    {
      rank: "process",
      cause: { variant: ["election-timer"] },
      explains: [{ rule: "ovn-cluster", variant: ["election-storm"] }],
    },
  ],
  run(snapshot) {
    return (["NB", "SB"] as const).flatMap((db) => {
      const cluster = clusterView(snapshot, db);
      return cluster
        ? findingsOf(snapshot, cluster)
        : noMemberAnswers(db, configuredMembers(snapshot, db));
    });
  },
};

/**
 * Every member of a configured cluster is down (or not yet answering): no cluster/status to
 * read, yet the nodes' ovn-ctl options say the database is clustered, so the quorum is lost.
 */
function noMemberAnswers(db: "NB" | "SB", members: ConfiguredMember[]): RuleFinding[] {
  if (members.length === 0) return [];
  const quorum = Math.floor(members.length / 2) + 1;
  return [
    finding({
      rule: "ovn-cluster",
      variant: "quorum-lost",
      subject: `${db}:quorum`,
      severity: "critical",
      params: {
        db,
        up: 0,
        size: members.length,
        quorum,
        missing: members.map((m) => m.node.name).join(", "),
      },
      evidence: [
        evidence(
          null,
          section(db),
          `no member of the ${db} cluster answers (0 of ${members.length} up, ${quorum} needed)`,
        ),
        ...members.map((m) =>
          evidence(
            m.node,
            "config",
            `OVN_CTL_OPTS: ${m.option} (a ${db} cluster member at ${m.address})`,
          ),
        ),
      ],
      affects: concerns(
        db,
        members.map((m) => ({ node: m.node.name })),
      ),
      runbook: "recover-ovn-central",
    }),
  ];
}

/** How far back elections are counted for an election storm. */
export const ELECTION_WINDOW_MS = 5 * 60_000;

const dbService = (db: "NB" | "SB") => centralDb(defaultProfile(), db).service;
const section = (db: "NB" | "SB") => (db === "NB" ? "nb-cluster" : "sb-cluster");

function memberEvidence(db: "NB" | "SB", r: MemberReport): Evidence {
  const s = r.status;
  return evidence(
    r.node,
    section(db),
    `${s.name} server ${s.serverId.slice(0, 4)} at ${s.address} in cluster ${s.clusterId ?? "not yet known"}: ${s.status}, role ${s.role}, term ${s.term}, leader ${s.leader}`,
  );
}

/** The configuration as the cluster lists it (evidence for the servers a text names). */
function configurationEvidence(c: ClusterView): Evidence[] {
  const lister = c.leaders[0] ?? c.up[0]?.report;
  if (!lister) return [];
  return [
    evidence(
      lister.node,
      section(c.db),
      `${c.name} servers: ${c.servers.map((s) => `${serverName(s)} at ${s.address}${s.report ? "" : ", no answer"}`).join("; ")}`,
    ),
  ];
}

function serverName(s: ClusterServer): string {
  return s.node ? `${s.sid} (${s.node})` : `${s.sid} at ${s.address}`;
}

function concerns(db: "NB" | "SB", servers: { node: string | null }[]): ElementRef[] {
  return [...new Set(servers.flatMap((s) => (s.node ? [s.node] : [])))].map((node) =>
    ref.service(node, dbService(db)),
  );
}

function findingsOf(snapshot: Snapshot, c: ClusterView): RuleFinding[] {
  const out: RuleFinding[] = [];
  const all = [...c.up.flatMap((s) => (s.report ? [s.report] : []))];
  const seen = all.map((r) => memberEvidence(c.db, r));
  const size = c.servers.length;
  // A member that only says it is joining lists no configuration: nothing to count yet.
  if (size === 0) return c.notMembers.map((r) => notMemberFinding(c, r));
  if (c.up.length < c.quorum) {
    out.push(
      finding({
        rule: "ovn-cluster",
        variant: "quorum-lost",
        subject: `${c.db}:quorum`,
        severity: "critical",
        params: {
          db: c.db,
          up: c.up.length,
          size,
          quorum: c.quorum,
          missing: c.missing.map(serverName).join(", ") || "—",
        },
        evidence: seen.length
          ? [...seen, ...configurationEvidence(c)]
          : [evidence(null, section(c.db), `no member of the ${c.db} cluster answers`)],
        affects: concerns(c.db, c.servers),
        runbook: "recover-ovn-central",
      }),
    );
  } else if (c.leaders.length === 0) {
    out.push(
      finding({
        rule: "ovn-cluster",
        variant: "no-leader",
        subject: `${c.db}:leader`,
        severity: "critical",
        params: { db: c.db, up: c.up.length, size, term: c.term },
        evidence: seen,
        affects: concerns(c.db, c.up),
      }),
    );
  }
  const leadersInTerm = c.leaders.filter((l) => l.status.term === c.term);
  if (c.foreign.length > 0 || leadersInTerm.length > 1) {
    const odd = c.foreign.length ? c.foreign : leadersInTerm;
    out.push(
      finding({
        rule: "ovn-cluster",
        variant: "split",
        subject: `${c.db}:split`,
        severity: "critical",
        params: {
          db: c.db,
          clusterId: c.clusterId ?? "?",
          others: [...new Set(odd.map((r) => r.status.clusterId ?? "?"))].join(", "),
        },
        evidence: odd.map((r) => memberEvidence(c.db, r)).concat(seen.slice(0, 1)),
        affects: odd.map((r) => ref.service(r.node.name, dbService(c.db))),
        // A member of another cluster id joins this one again; two leaders in one term is
        // raft's own business (it resolves), no runbook's.
        runbook: c.foreign.length === 1 && c.up.length >= c.quorum ? "rejoin-member" : null,
      }),
    );
  }
  for (const s of c.stale) {
    const now = c.up.find((u) => u.node === s.node);
    out.push(
      finding({
        rule: "ovn-cluster",
        variant: "stale-member",
        subject: `${c.db}:${s.sid}`,
        severity: "warning",
        params: {
          db: c.db,
          name: c.name,
          // On a member that answers (the leader's node, as the runbook does it).
          ctl: centralDb(c.leaders[0]?.node.profile ?? defaultProfile(), c.db).ctl,
          sid: s.sid,
          address: s.address,
          node: s.node ?? "?",
          current: now?.sid ?? "?",
        },
        evidence: [
          ...configurationEvidence(c),
          ...(now?.report ? [memberEvidence(c.db, now.report)] : []),
        ],
        affects: concerns(c.db, [s]),
        runbook: "remove-stale-member",
      }),
    );
  }
  for (const s of c.missing) {
    if (c.up.length < c.quorum) continue; // named in quorum-lost
    const node = snapshot.nodes.find((n) => n.name === s.node) ?? null;
    out.push(
      finding({
        rule: "ovn-cluster",
        variant: "member-down",
        subject: `${c.db}:${s.node ?? s.sid}`,
        severity: "warning",
        params: { db: c.db, member: serverName(s), up: c.up.length, size, quorum: c.quorum },
        evidence: [
          ...seen.slice(0, 1),
          evidence(node, section(c.db), `server ${serverName(s)} at ${s.address}: no answer`),
        ],
        affects: concerns(c.db, [s]),
        runbook: "recover-ovn-central",
      }),
    );
  }
  out.push(...logLag(snapshot, c));
  const storm = electionStorm(snapshot, c);
  if (storm) out.push(storm);
  const lost = leaderLostRunning(snapshot, c);
  if (lost) out.push(lost);
  out.push(...clientListFindings(snapshot, c));
  out.push(...clientsStuck(snapshot, c));
  for (const r of c.notMembers) out.push(notMemberFinding(c, r));
  return out;
}

/** More leaders elected within the window than the cluster has servers. */
function electionStorm(snapshot: Snapshot, c: ClusterView): RuleFinding | null {
  const members = new Set(c.up.flatMap((u) => (u.report ? [u.report.node.name] : [])));
  const e = recentElections(snapshot, c.db, ELECTION_WINDOW_MS, members);
  const size = Math.max(c.servers.length, 1);
  if (e.terms.length <= size) return null;
  const won = e.lines.filter((l) => l.kind === "won");
  const early = e.lines.filter((l) => l.kind === "early-vote");
  return finding({
    rule: "ovn-cluster",
    variant: "election-storm",
    subject: `${c.db}:elections`,
    severity: "warning",
    params: {
      db: c.db,
      elections: e.terms.length,
      minutes: ELECTION_WINDOW_MS / 60_000,
      first: e.terms[0]!,
      last: e.terms[e.terms.length - 1]!,
      size,
      winners: [...new Set(won.map((l) => l.node.name))].join(", ") || "—",
      early: early.length,
    },
    evidence: [
      evidence(
        null,
        "journal",
        `${c.name}: leaders elected for terms ${e.terms.join(", ")} (${e.terms.length} elections) within ${ELECTION_WINDOW_MS / 60_000} minutes before ${snapshot.startedAt}; ${size} servers in the configuration; ${early.length} votes ignored as too early`,
      ),
      ...[...won.slice(-6), ...early.slice(-2)].map((l) =>
        evidence(l.node, "journal", `${l.entry.time} ${l.entry.unit}: ${l.entry.message}`),
      ),
    ],
    affects: concerns(c.db, c.servers),
  });
}

/**
 * A leader that lost its leadership while its server kept running: it won a term, later
 * learned another member as the leader of a newer term, and neither its database unit nor the
 * new leader's started again in between (a crash or a restart is not this; a member that lost
 * its majority, then saw others start again, is not either). The other members heard nothing
 * from it for a whole election timer: it stalled, or the network between them dropped its
 * heartbeats. From the members' own raft lines, units and cluster/status; the stall's length
 * where its server logged one on waking.
 */
const line = (l: { entry: { time: string; unit: string; message: string } }) =>
  `${l.entry.time} ${l.entry.unit}: ${l.entry.message}`;

function leaderLostRunning(snapshot: Snapshot, c: ClusterView): RuleFinding | null {
  const reports = c.up.flatMap((u) => (u.report ? [u.report] : []));
  const members = new Set(reports.map((r) => r.node.name));
  const timerOf = (r: MemberReport | undefined) => r?.status.electionTimerMs ?? null;
  const timer = timerOf(c.leaders[0]) ?? timerOf(reports[0]) ?? RAFT_DEFAULT_ELECTION_TIMER_MS;
  const lines = recentElections(snapshot, c.db, ELECTION_WINDOW_MS, members).lines;
  const allLines = raftLogLines(snapshot, c.db).filter((l) => members.has(l.node.name));
  /**
   * The server on `node` ran from before `from` until `until` without a restart, as a fact to
   * show; null when it did not or nobody can tell.
   */
  const ranThrough = (
    node: NodeSnapshot,
    from: number,
    until: number,
  ): { section: "journal" | "units"; fact: string } | null => {
    const starts = allLines.filter((l) => l.node === node && l.kind === "server-start");
    if (starts.length) {
      if (starts.some((l) => l.at > from && l.at <= until)) return null;
      const before = starts.filter((l) => l.at <= from).at(-1);
      return before
        ? {
            section: "journal",
            fact: `${line(before)} (its last start before ${new Date(from).toISOString()})`,
          }
        : null;
    }
    const started = dbUnitStart(snapshot, node.name, c.db);
    return started + 1000 <= from
      ? {
          section: "units",
          fact: `${centralDb(node.profile, c.db).service} on ${node.name} active since ${new Date(started).toISOString()} (ActiveEnterTimestamp, to the second), before ${new Date(from).toISOString()}`,
        }
      : null;
  };
  const losses = lines
    .filter((w) => w.kind === "won" && w.term !== null)
    .flatMap((won) => {
      const lost = allLines.find(
        (l) => l.node === won.node && l.kind === "learned" && l.term! > won.term! && l.at > won.at,
      );
      const next = lost && lines.find((l) => l.kind === "won" && l.term === lost.term);
      if (!lost || !next || next.node === won.node) return [];
      // Both servers ran through it: no start of either after the first win (until the loss,
      // and the new leader's win), by their own logs' start lines; where a node's log has none
      // (node scripts before they were read), by the unit's start, which systemd gives to the
      // second: one in the win's own second could be after it.
      const a = ranThrough(won.node, won.at, lost.at);
      const b = ranThrough(next.node, won.at, next.at);
      if (!a || !b) return [];
      return [{ won, lost, next, ran: [a, b] }];
    });
  const last = losses.at(-1);
  if (!last) return null;
  const stall = serverStalls(snapshot, c.db, ELECTION_WINDOW_MS, members)
    .filter((s) => s.node === last.won.node && s.at >= last.won.at && s.at <= last.lost.at + timer)
    .sort((a, b) => b.ms - a.ms)[0];
  // A value the server would sit out twice over, reached by doubling (raft takes at most a
  // doubling per change), capped at raft's maximum.
  let target = timer * 2;
  while (stall && target < 2 * stall.ms && target < RAFT_MAX_ELECTION_TIMER_MS) target *= 2;
  target = Math.min(target, RAFT_MAX_ELECTION_TIMER_MS);
  const leader = c.leaders[0] ?? null;
  return finding({
    rule: "ovn-cluster",
    variant: "election-timer",
    subject: `${c.db}:election-timer`,
    severity: "warning",
    params: {
      db: c.db,
      name: c.name,
      node: last.won.node.name,
      term: last.won.term!,
      newTerm: last.next.term!,
      winner: last.next.node.name,
      timer,
      stall: stall ? `${stall.ms} ms` : "—",
      losses: losses.length,
      minutes: ELECTION_WINDOW_MS / 60_000,
      target,
      ctl: centralDb(leader?.node.profile ?? defaultProfile(), c.db).ctl,
      leader: leader?.node.name ?? "the leader",
    },
    evidence: [
      evidence(last.won.node, "journal", line(last.won)),
      evidence(last.next.node, "journal", line(last.next)),
      evidence(last.lost.node, "journal", line(last.lost)),
      ...(stall ? [evidence(stall.node, "journal", line(stall))] : []),
      ...[last.won.node, last.next.node].map((n, i) =>
        evidence(n, last.ran[i]!.section, last.ran[i]!.fact),
      ),
      evidence(
        leader?.node ?? reports[0]?.node ?? null,
        section(c.db),
        `${c.name}: election timer ${timer} ms${leader ? ` (leader ${leader.node.name})` : ""}; ${losses.length} leadership loss(es) without a restart within ${ELECTION_WINDOW_MS / 60_000} minutes`,
      ),
    ],
    affects: concerns(c.db, [{ node: last.won.node.name }]),
  });
}

/** When the node's unit of `db` last became active (ms; NaN when unknown). */
function dbUnitStart(snapshot: Snapshot, name: string, db: "NB" | "SB"): number {
  const node = snapshot.nodes.find((n) => n.name === name);
  const data = node && currentData(node);
  if (!node || !data) return NaN;
  const unit = findUnit(data, unitsOf(node.profile, centralDb(node.profile, db).service));
  return unit?.activeEnterTimestamp ? Date.parse(unit.activeEnterTimestamp) : NaN;
}

/** Neutron's configured connection against the cluster's members, host by host. */
function clientListFindings(snapshot: Snapshot, c: ClusterView): RuleFinding[] {
  const memberHosts = new Map(
    c.servers.flatMap((s) => {
      const host = parseOvsdbConnection(s.address)?.host;
      return host ? [[host, s] as const] : [];
    }),
  );
  return neutronDbConnections(snapshot)
    .filter((conn) => conn.db === c.db)
    .flatMap((conn) => {
      const named = parseOvsdbAddresses(conn.connection).filter((a) => a.proto !== "unix");
      const hosts = new Set(named.map((a) => a.host));
      if (named.length === 0) return [];
      const left = [...memberHosts].filter(([host]) => !hosts.has(host)).map(([, s]) => s);
      const strangers = [...hosts].filter((h) => !memberHosts.has(h));
      if (!left.length && !strangers.length) return [];
      return [
        finding({
          rule: "ovn-cluster",
          variant: "client-list",
          subject: `${c.db}:${conn.configNode.name}:neutron`,
          severity: "warning",
          params: {
            db: c.db,
            node: conn.configNode.name,
            option: `ovn_${c.db.toLowerCase()}_connection`,
            connection: conn.connection,
            missing: left.map(serverName).join(", ") || "—",
            strangers: strangers.join(", ") || "—",
          },
          evidence: [
            evidence(
              conn.configNode,
              "config",
              `${conn.source ?? "neutron config"}: ovn_${c.db.toLowerCase()}_connection = ${conn.connection}`,
            ),
            ...configurationEvidence(c),
          ],
          affects: [ref.neutronDb(c.db)],
        }),
      ];
    });
}

function notMemberFinding(c: ClusterView, r: MemberReport): RuleFinding {
  return finding({
    rule: "ovn-cluster",
    variant: "not-member",
    subject: `${c.db}:${r.node.name}:status`,
    severity: "warning",
    params: { db: c.db, node: r.node.name, status: r.status.status },
    evidence: [memberEvidence(c.db, r)],
    affects: [ref.service(r.node.name, dbService(c.db))],
  });
}

/** What a member that is no working part of the cluster says of itself, or null if it is one. */
function lostTheCluster(c: ClusterView, r: MemberReport): string | null {
  if (c.foreign.includes(r)) return `in cluster ${r.status.clusterId ?? "not yet known"}`;
  if (r.status.status !== "cluster member") return r.status.status;
  return null;
}

/** "ovn-controller on cmp1, neutron-server on ctl1 ×3": who holds sessions, counted. */
function describeClients(sessions: DbSession[]): string {
  return clientSummary(sessions)
    .map(({ who, count }) => (count > 1 ? `${who} ×${count}` : who))
    .join(", ");
}

function clientsStuck(snapshot: Snapshot, c: ClusterView): RuleFinding[] {
  // With no leader anywhere, no member can serve them: quorum-lost or no-leader says so.
  if (c.leaders.length === 0) return [];
  const sessions = dbSessions(snapshot, c.db);
  const reports = [
    ...c.up.flatMap((s) => (s.report ? [s.report] : [])),
    ...c.foreign,
    ...c.notMembers,
  ];
  return [...new Set(reports)].flatMap((r) => {
    const lost = lostTheCluster(c, r);
    const held = sessions.filter((s) => s.server === r.node.name);
    if (!lost || held.length === 0) return [];
    const port = held[0]!.port;
    return [
      finding({
        rule: "ovn-cluster",
        variant: "clients-stuck",
        subject: `${c.db}:${r.node.name}:clients`,
        // Another cluster id: its clients read and write another database.
        severity: c.foreign.includes(r) ? "critical" : "warning",
        params: {
          db: c.db,
          node: r.node.name,
          status: lost,
          count: held.length,
          clients: describeClients(held),
          leader: c.leaders.map((l) => l.node.name).join(", "),
        },
        evidence: [
          memberEvidence(c.db, r),
          ...c.leaders.map((l) => memberEvidence(c.db, l)),
          evidence(
            r.node,
            "conns",
            `${held.length} sessions on ${r.node.name}:${port}: ${describeClients(held)} (from ${held
              .slice(0, 6)
              .map((s) => s.clientAddress)
              .join(" ")}${held.length > 6 ? " …" : ""})`,
          ),
        ],
        affects: [
          ref.service(r.node.name, dbService(c.db)),
          ...[...new Set(held.flatMap((s) => (s.client ? [s.client] : [])))].map((n) =>
            ref.node(n),
          ),
        ],
      }),
    ];
  });
}

/**
 * Members the leader says are behind its log and silent for longer than the election timer,
 * whose server runs: the leader cannot replicate to them (a stalled, starved or cut-off
 * server). Behind alone is normal for a moment during writes; silent alone is a follower the
 * leader had nothing to send, which raft's heartbeats rule out past the timer.
 */
function logLag(snapshot: Snapshot, c: ClusterView): RuleFinding[] {
  const leader = c.leaders.length === 1 ? c.leaders[0]! : null;
  if (!leader?.status.log) return [];
  const last = leader.status.log.next - 1;
  const timer = leader.status.electionTimerMs ?? RAFT_DEFAULT_ELECTION_TIMER_MS;
  // Nodes that answer as some member (of this cluster or another, or leaving it).
  const answering = new Set(
    [...c.up.flatMap((u) => (u.report ? [u.report] : [])), ...c.foreign, ...c.notMembers].map(
      (r) => r.node.name,
    ),
  );
  return leader.status.servers.flatMap((peer) => {
    if (peer.self || peer.matchIndex === null || peer.lastMsgMs === null) return [];
    const behind = last - peer.matchIndex;
    if (behind <= 0 || peer.lastMsgMs <= timer) return [];
    const server = c.servers.find((s) => s.sid === peer.sid);
    if (!server || c.stale.includes(server)) return []; // stale-member's
    const node = snapshot.nodes.find((n) => n.name === server.node);
    const data = node ? currentData(node) : null;
    const procs = node && data ? dbServers(data, centralDb(node.profile, c.db)).procs : [];
    // Not answering as this server: lagging only if its node answers as no member at all
    // (a node that answers under another id or cluster was rebuilt: stale-member, split).
    if (!server.report && (procs.length === 0 || answering.has(server.node ?? ""))) return [];
    const silentS = Math.round(peer.lastMsgMs / 100) / 10;
    return [
      finding({
        rule: "ovn-cluster",
        variant: "log-lag",
        subject: `${c.db}:${server.node ?? peer.sid}:lag`,
        severity: "warning",
        params: {
          db: c.db,
          member: serverName(server),
          behind,
          silentS,
          timerMs: timer,
          leader: leader.node.name,
        },
        evidence: [
          memberEvidence(c.db, leader),
          evidence(
            leader.node,
            section(c.db),
            `leader's log [${leader.status.log!.start}, ${leader.status.log!.next}], election timer ${timer} ms; server ${serverName(server)}: next_index=${peer.nextIndex ?? "?"} match_index=${peer.matchIndex} (${behind} behind), last msg ${peer.lastMsgMs} ms ago (${silentS} s)`,
          ),
          ...procs.map((p) =>
            evidence(node!, "procs", `ovsdb-server pid ${p.pid} runs: ${p.args.slice(0, 160)}`),
          ),
        ],
        affects: concerns(c.db, [server]),
      }),
    ];
  });
}
