import { nodeHealth, serviceStates, type ServiceState } from "@/lib/health/services";
import type { Health } from "@/lib/model/health";
import type { NodeSnapshot, Snapshot } from "@/lib/model/snapshot";
import { parseOvsdbConnection } from "./ovn-central";

/** Where Neutron is configured to reach NB/SB, and whether this node listens there. */
export interface EndpointCheck {
  db: "NB" | "SB";
  connection: string;
  /** The node and file that configure it. */
  configuredOn: string;
  source: string | null;
  /** Whether the endpoint names this node; null when it cannot be told (unix socket, hostname). */
  pointsHere: boolean | null;
  /** When it points here: is something listening on that port (and which process)? */
  listening: { pid: number; name: string }[] | null;
}

export interface NodeModel {
  node: NodeSnapshot;
  health: Health;
  stale: boolean;
  services: ServiceState[];
  endpoints: EndpointCheck[];
}

const ANY = new Set(["0.0.0.0", "::", "*"]);

export function nodeModel(snapshot: Snapshot, name: string): NodeModel | null {
  const node = snapshot.nodes.find((n) => n.name === name);
  if (!node) return null;
  const services = serviceStates(node);
  const endpoints: EndpointCheck[] = [];
  for (const other of snapshot.nodes) {
    const ovn = other.data?.config?.neutronOvn;
    if (!ovn) continue;
    for (const [db, connection] of [
      ["NB", ovn.nbConnection],
      ["SB", ovn.sbConnection],
    ] as const) {
      if (!connection) continue;
      const parsed = parseOvsdbConnection(connection);
      const pointsHere =
        parsed && parsed.proto !== "unix" && /^[\d.:a-f]+$/i.test(parsed.host)
          ? parsed.host === node.address
          : null;
      const listening =
        pointsHere && parsed?.port && node.data
          ? node.data.listeners
              .filter(
                (l) => l.port === parsed.port && (ANY.has(l.address) || l.address === node.address),
              )
              .flatMap((l) => l.processes)
          : null;
      endpoints.push({
        db,
        connection,
        configuredOn: other.name,
        source: ovn.source ?? null,
        pointsHere,
        listening,
      });
    }
  }
  return {
    node,
    health: nodeHealth(node, services),
    stale: node.dataCollectedAt !== node.attemptedAt,
    services,
    endpoints,
  };
}
