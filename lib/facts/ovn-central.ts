import type { NbState, NodeData, NodeSnapshot, SbState, Snapshot } from "@/lib/model/snapshot";
import { isCurrent } from "@/lib/model/current";
import { centralDb } from "@/lib/profiles";
import { parseOvsdbConnection, type OvsdbAddress } from "./ovsdb-address";

export interface OvnView<T> {
  state: T;
  node: string;
  collectedAt: string | null;
  /** True when the node's data is not from this collection (node unreachable now). */
  stale: boolean;
}

/**
 * How much to trust a node's copy of a central database: a clustered member that leads has the
 * committed state; a member connected to its cluster follows it closely; a standalone server
 * is the database. Current data first, then these, then inventory order.
 */
function rank(node: NodeSnapshot, db: "NB" | "SB"): number {
  const { schema } = centralDb(node.profile, db);
  const served = (db === "NB" ? node.data?.nbServer : node.data?.sbServer)?.find(
    (s) => s.name === schema,
  );
  const role = served?.model === "clustered" ? (served.leader ? 0 : served.connected ? 1 : 2) : 0;
  return (isCurrent(node) ? 0 : 10) + role;
}

/**
 * The NB and SB contents, each from the node that runs the database locally and is best placed
 * to know it (see rank): with a cluster, the leader's copy.
 */
export function ovnCentral(snapshot: Snapshot): {
  nb: OvnView<NbState> | null;
  sb: OvnView<SbState> | null;
} {
  const view = <T>(db: "NB" | "SB", state: (d: NodeData) => T | null): OvnView<T> | null => {
    let best: { node: NodeSnapshot; state: T; rank: number } | null = null;
    for (const node of snapshot.nodes) {
      const s = node.data ? state(node.data) : null;
      if (s === null) continue;
      const r = rank(node, db);
      if (!best || r < best.rank) best = { node, state: s, rank: r };
    }
    return best
      ? {
          state: best.state,
          node: best.node.name,
          collectedAt: best.node.dataCollectedAt,
          stale: !isCurrent(best.node),
        }
      : null;
  };
  return { nb: view("NB", (d) => d.nb), sb: view("SB", (d) => d.sb) };
}

/** One of Neutron's configured OVN connections ([ovn] ovn_nb_connection / ovn_sb_connection). */
export interface NeutronDbConnection {
  db: "NB" | "SB";
  connection: string;
  /** The node whose config says so, and the file. */
  configNode: NodeSnapshot;
  source: string | null;
  target: OvsdbAddress | null;
}

/** Neutron's NB/SB connection settings as read on every node that has them. */
export function neutronDbConnections(
  snapshot: Snapshot,
  nodeData = (n: NodeSnapshot) => n.data,
): NeutronDbConnection[] {
  const out: NeutronDbConnection[] = [];
  for (const configNode of snapshot.nodes) {
    const ovn = nodeData(configNode)?.config?.neutronOvn;
    if (!ovn) continue;
    for (const [db, connection] of [
      ["NB", ovn.nbConnection],
      ["SB", ovn.sbConnection],
    ] as const) {
      if (connection)
        out.push({
          db,
          connection,
          configNode,
          source: ovn.source ?? null,
          target: parseOvsdbConnection(connection),
        });
    }
  }
  return out;
}

const ANY_ADDRESS = new Set(["0.0.0.0", "::", "*"]);

/** The processes listening on TCP `port` for `address` (or on every address) on a node. */
export function listenersFor(data: NodeData, port: number, address: string) {
  return data.listeners.filter(
    (l) => l.port === port && (ANY_ADDRESS.has(l.address) || l.address === address),
  );
}
