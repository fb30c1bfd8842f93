/**
 * Elections of a clustered NB or SB, from its members' own log lines (collect-journal files
 * each server's raft lines under its database's unit): who started an election for which term,
 * who won it, whom followers learned as the leader. One snapshot's cluster/status only has
 * the current term; the log has how it got there. Pure: a function of the snapshot.
 */
import { currentData } from "@/lib/model/current";
import type { JournalEntry, NodeSnapshot, Snapshot } from "@/lib/model/snapshot";
import { centralDb } from "@/lib/profiles";
import { serviceJournal } from "./journal";
import type { CentralDbName } from "./ovn-cluster";

export interface RaftLogLine {
  node: NodeSnapshot;
  entry: JournalEntry;
  at: number;
  /** The term the line is about; null for an ignored early vote. */
  term: number | null;
  kind: "started" | "won" | "learned" | "early-vote" | "server-start";
}

// ovsdb/raft.c's own words (OVS 3.1): raft_start_election, raft_become_leader,
// raft_update_leader, raft_handle_vote_request__. The first group, where there is one, is the term.
const LINE_KINDS: [RaftLogLine["kind"], RegExp][] = [
  ["started", /^raft\|INFO\|term (\d+): .*starting election/],
  ["won", /^raft\|INFO\|term (\d+): elected leader by /],
  ["learned", /^raft\|INFO\|server [0-9a-f]+ is leader for term (\d+)/],
  ["early-vote", /^raft\|WARN\|ignoring vote request received after only \d+ ms/],
  // ovsdb-server's own start (ovsdb/ovsdb-server.c logs its version first thing).
  ["server-start", /^ovsdb_server\|INFO\|ovsdb-server \(/],
];

/** Every member's raft lines about elections of `db`, oldest first. */
export function raftLogLines(snapshot: Snapshot, db: CentralDbName): RaftLogLine[] {
  const out: RaftLogLine[] = [];
  for (const node of snapshot.nodes) {
    const data = currentData(node);
    if (!data) continue;
    const service = centralDb(node.profile, db).service;
    for (const entry of serviceJournal(data, node.profile, service)) {
      for (const [kind, re] of LINE_KINDS) {
        const m = re.exec(entry.message);
        if (!m) continue;
        const term = m[1] ? Number(m[1]) : null;
        out.push({ node, entry, at: Date.parse(entry.time), term, kind });
        break;
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * For each term, the members that logged its leader (won it, or learned it): a term only one
 * member saw is not the cluster's (a cluster of its own after its files were re-created).
 */
export function leaderWitnesses(lines: RaftLogLine[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const l of lines)
    if ((l.kind === "won" || l.kind === "learned") && l.term !== null)
      out.set(l.term, (out.get(l.term) ?? new Set()).add(l.node.name));
  return out;
}

export interface Elections {
  db: CentralDbName;
  /** The window looked at: [from, to] in ms since the epoch. */
  from: number;
  to: number;
  /**
   * Terms in which a leader was elected inside the window, as two or more members logged it
   * (the winner and a follower that learned it, or two followers): a member's log also holds
   * terms of a cluster it was part of before (files re-created, a cluster of its own), which
   * no other member saw.
   */
  terms: number[];
  /** The lines about those terms, and the early votes, oldest first. */
  lines: RaftLogLine[];
}

/**
 * The leaders elected in the `windowMs` before the snapshot was taken, as the cluster's current
 * members logged them. The journal is read less often than the state: the window ends at the
 * snapshot's start, and a line logged after the last journal read is simply not known yet.
 */
export function recentElections(
  snapshot: Snapshot,
  db: CentralDbName,
  windowMs: number,
  members: ReadonlySet<string>,
): Elections {
  const to = Date.parse(snapshot.startedAt);
  const from = to - windowMs;
  const inWindow = raftLogLines(snapshot, db).filter(
    (l) => l.at >= from && l.at <= to && members.has(l.node.name),
  );
  const terms = [...leaderWitnesses(inWindow)]
    .filter(([, nodes]) => nodes.size >= 2)
    .map(([term]) => term)
    .sort((a, b) => a - b);
  const counted = new Set(terms);
  const lines = inWindow.filter(
    (l) => l.kind === "early-vote" || (l.term !== null && counted.has(l.term)),
  );
  return { db, from, to, terms, lines };
}

/** raft's default election timer (ms, ovsdb/raft.c ELECTION_BASE_MSEC), when a member prints none. */
export const RAFT_DEFAULT_ELECTION_TIMER_MS = 1000;
/** The longest election timer raft accepts (ovsdb/raft.c ELECTION_MAX_MSEC). */
export const RAFT_MAX_ELECTION_TIMER_MS = 600_000;

/** A member's server stalled: it did not run for `ms` (its own timeval warning, logged on waking). */
export interface ServerStall {
  node: NodeSnapshot;
  entry: JournalEntry;
  /** When it woke (the line's time); the stall is [at - ms, at]. */
  at: number;
  ms: number;
}

// lib/timeval.c (log_poll_interval): logged when the main loop comes back after a second or more.
const STALL = /^timeval\|WARN\|Unreasonably long (\d+)ms poll interval/;

/**
 * Each member's stalls of `db`'s server in the `windowMs` before the snapshot was taken, oldest
 * first. A stall at least as long as the election timer looks, to the other members, like a
 * dead leader.
 */
export function serverStalls(
  snapshot: Snapshot,
  db: CentralDbName,
  windowMs: number,
  members: ReadonlySet<string>,
): ServerStall[] {
  const to = Date.parse(snapshot.startedAt);
  const out: ServerStall[] = [];
  for (const node of snapshot.nodes) {
    const data = currentData(node);
    if (!data || !members.has(node.name)) continue;
    const service = centralDb(node.profile, db).service;
    for (const entry of serviceJournal(data, node.profile, service)) {
      const m = STALL.exec(entry.message);
      const at = Date.parse(entry.time);
      if (m && at >= to - windowMs && at <= to) out.push({ node, entry, at, ms: Number(m[1]) });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
