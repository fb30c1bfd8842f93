/**
 * Whether Neutron's processes hold their OVSDB sessions to NB or SB, from their own log: each
 * API and RPC worker has its own ovsdbapp connection and python-ovs logs every change of it
 * ("tcp:10.250.0.11:6642: connection closed by peer", "…: connecting...", "…: connected",
 * "…: continuing to reconnect in the background but suppressing further logging", and on a
 * cluster "…: clustered database server is not cluster leader; trying another server").
 * collect-journal keeps those lines. A worker whose last line about the database is
 * "connected" holds its session; any other last line means it is still reconnecting, and
 * requests that need OVN wait on it. Pure.
 */
import type { JournalEntry, NodeSnapshot, Snapshot } from "@/lib/model/snapshot";
import { neutronServices } from "@/lib/profiles";
import { serviceJournal } from "./journal";
import { neutronDbConnections } from "./ovn-central";
import { parseOvsdbAddresses } from "./ovsdb-address";

const VLOG = /ovs_idl\.vlog \[[^\]]*\] (?:tcp|ssl):\[?([^\]\s]+?)\]?:(\d+): (.+)$/;
const PID = /^\S+ \S+ (\d+) /;
// oslo.log's colour codes, which Debian's neutron-server writes to the journal too.
const ANSI = /\u001b\[[0-9;]*m/g;
const vlog = (message: string) => VLOG.exec(message.replace(ANSI, "").trimEnd());

/** The connection state a python-ovs line says, without its prefix ("connected", "connecting..."). */
export const sessionLine = (message: string) => vlog(message)?.[3] ?? message;

export interface OvsdbSessions {
  db: "NB" | "SB";
  /** Workers (pids) that logged about the database since `since`, with their last line. */
  workers: { pid: number; line: JournalEntry; connected: boolean }[];
  /** Every worker that logged since `since` ends on "connected". */
  connected: boolean;
}

/**
 * Neutron's sessions to `db` as its log on `node` tells them since `since` (ms); null when no
 * worker logged about it since then (nothing to go by).
 */
export function neutronOvsdbSessions(
  snapshot: Snapshot,
  node: NodeSnapshot,
  db: "NB" | "SB",
  since: number,
): OvsdbSessions | null {
  const data = node.data;
  if (!data) return null;
  const remotes = new Set(
    neutronDbConnections(snapshot)
      .filter((c) => c.configNode === node && c.db === db)
      .flatMap((c) => parseOvsdbAddresses(c.connection))
      .filter((a) => a.proto !== "unix" && a.port !== null)
      .map((a) => `${a.host}:${a.port}`),
  );
  if (remotes.size === 0) return null;
  const last = new Map<number, JournalEntry>();
  const lines = neutronServices(node.profile)
    .flatMap((spec) => serviceJournal(data, node.profile, spec.service))
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  for (const j of lines) {
    if (!(Date.parse(j.time) >= since)) continue;
    const m = vlog(j.message);
    if (!m || !remotes.has(`${m[1]}:${m[2]}`)) continue;
    const pid = j.pid ?? Number(PID.exec(j.message)?.[1] ?? NaN);
    if (Number.isFinite(pid)) last.set(pid, j);
  }
  if (last.size === 0) return null;
  const workers = [...last].map(([pid, line]) => ({
    pid,
    line,
    connected: vlog(line.message)?.[3] === "connected",
  }));
  return { db, workers, connected: workers.every((w) => w.connected) };
}
