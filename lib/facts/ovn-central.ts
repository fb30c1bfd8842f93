import type { NbState, NodeData, NodeSnapshot, SbState, Snapshot } from "@/lib/model/snapshot";
import { isCurrent } from "@/lib/model/current";
import { parseOvsdbConnection, type OvsdbAddress } from "./ovsdb-address";

export interface OvnView<T> {
  state: T;
  node: string;
  collectedAt: string | null;
  /** True when the node's data is not from this collection (node unreachable now). */
  stale: boolean;
}

/** The NB and SB contents, from the first node that runs each database locally. */
export function ovnCentral(snapshot: Snapshot): {
  nb: OvnView<NbState> | null;
  sb: OvnView<SbState> | null;
} {
  let nb: OvnView<NbState> | null = null;
  let sb: OvnView<SbState> | null = null;
  for (const node of snapshot.nodes) {
    const stale = !isCurrent(node);
    const at = node.dataCollectedAt;
    if (!nb && node.data?.nb) nb = { state: node.data.nb, node: node.name, collectedAt: at, stale };
    if (!sb && node.data?.sb) sb = { state: node.data.sb, node: node.name, collectedAt: at, stale };
  }
  return { nb, sb };
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
