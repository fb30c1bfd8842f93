/**
 * Which database server each OVSDB client is talking to: the connections a node's NB/SB
 * ovsdb-server accepted on its client port (NodeData.connections, read by the server's node),
 * each joined to the inventory node at the peer address and, where that node listed the same
 * connection, to the processes holding it there (ovn-controller, Neutron's workers, northd).
 * With a clustered NB/SB this answers "which member is neutron-server on?"; the RAFT ports'
 * connections between members are not sessions of clients and are left out.
 */
import { currentData } from "@/lib/model/current";
import type { Connection, Snapshot } from "@/lib/model/snapshot";
import { centralDb } from "@/lib/profiles";
import type { CentralDbName } from "./ovn-cluster";

export interface DbSession {
  db: CentralDbName;
  /** The node whose ovsdb-server accepted the connection, and the port it accepted it on. */
  server: string;
  port: number;
  /** The client's inventory node (null: an address the inventory does not name) and address. */
  client: string | null;
  clientAddress: string;
  /**
   * The client's processes, as its node lists the connection (e.g. ["ovn-controller"]); null
   * when that node is not in the inventory, not read, or did not list it.
   */
  processes: string[] | null;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Neutron's workers retitle themselves ("neutron-server: api worker"): one name for them all. */
export function clientName(comm: string): string {
  return comm.replace(/:$/, "");
}

/** Every client session of `db` that a database node reports, in inventory order. */
export function dbSessions(snapshot: Snapshot, db: CentralDbName): DbSession[] {
  const byAddress = new Map(snapshot.nodes.map((n) => [n.address, n]));
  const out: DbSession[] = [];
  for (const server of snapshot.nodes) {
    const data = currentData(server);
    if (!data) continue;
    const port = centralDb(server.profile, db).port;
    for (const c of data.connections) {
      if (c.port !== port || !c.processes.every((p) => p.name === "ovsdb-server")) continue;
      const client = LOOPBACK.test(c.peerAddress) ? server : byAddress.get(c.peerAddress);
      out.push({
        db,
        server: server.name,
        port,
        client: client?.name ?? null,
        clientAddress: c.peerAddress,
        processes: client ? clientProcesses(currentData(client)?.connections, c) : null,
      });
    }
  }
  return out;
}

/** The holders of the client's end of `accepted` in the client node's own list. */
function clientProcesses(list: Connection[] | undefined, accepted: Connection): string[] | null {
  const mine = list?.find(
    (c) =>
      c.port === accepted.peerPort &&
      c.peerPort === accepted.port &&
      (c.address === accepted.peerAddress || LOOPBACK.test(c.address)),
  );
  if (!mine) return null;
  return [...new Set(mine.processes.map((p) => clientName(p.name)))];
}

/**
 * The servers `client` (a node name) has sessions with, optionally only those held by a process
 * whose name matches `process` (sessions whose holder is not known count for any process).
 */
export function serversOf(sessions: DbSession[], client: string, process?: RegExp): string[] {
  return [
    ...new Set(
      sessions
        .filter(
          (s) =>
            s.client === client &&
            (process === undefined ||
              s.processes === null ||
              s.processes.some((p) => process.test(p))),
        )
        .map((s) => s.server),
    ),
  ];
}

/** The process names of each kind of OVSDB client (Neutron: eventlet, WSGI or its RPC server). */
export const CLIENT_PROCESS = {
  neutron: /^(neutron|uwsgi)/,
  northd: /^ovn-northd$/,
  controller: /^ovn-controller$/,
} as const;

/** Who holds these sessions, counted: "ovn-controller on cmp1", "neutron-server on ctl1" ×3. */
export function clientSummary(sessions: DbSession[]): { who: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const s of sessions) {
    const who = `${s.processes?.join("/") || "a client"} on ${s.client ?? s.clientAddress}`;
    counts.set(who, (counts.get(who) ?? 0) + 1);
  }
  return [...counts].map(([who, count]) => ({ who, count }));
}
