import { nodeBlastRadius, type BlastAction, type BlastRadius } from "@/lib/facts/blast-radius";
import { nodeHealth, serviceStates, type ServiceState } from "@/lib/facts/services";
import type { Health } from "@/lib/model/health";
import type { NodeSnapshot, Snapshot } from "@/lib/model/snapshot";
import { listenersFor, neutronDbConnections } from "@/lib/facts/ovn-central";
import { isStale } from "@/lib/model/current";

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
  /** Per unit that takes others with it: what restarting / stopping it also stops or restarts. */
  blast: Record<string, Record<BlastAction, BlastRadius>>;
}

export function nodeModel(snapshot: Snapshot, name: string): NodeModel | null {
  const node = snapshot.nodes.find((n) => n.name === name);
  if (!node) return null;
  const services = serviceStates(node);
  const endpoints: EndpointCheck[] = neutronDbConnections(snapshot).map(
    ({ db, connection, configNode, source, target }) => {
      const pointsHere =
        target && target.proto !== "unix" && /^[\d.:a-f]+$/i.test(target.host)
          ? target.host === node.address
          : null;
      const listening =
        pointsHere && target?.port && node.data
          ? listenersFor(node.data, target.port, node.address).flatMap((l) => l.processes)
          : null;
      return { db, connection, configuredOn: configNode.name, source, pointsHere, listening };
    },
  );
  return {
    node,
    health: nodeHealth(node, services),
    stale: isStale(node),
    services,
    endpoints,
    blast: node.data ? nodeBlastRadius(node.data, node.profile) : {},
  };
}
