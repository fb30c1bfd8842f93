import { gatewayChain, routerIds } from "@/lib/facts/gateway-chain";
import type { Graph } from "./graph";
import type { TopoEdge } from "./types";
import { elementId, ref } from "@/lib/model/element";

/** A router's gateway port on an external network, as the edge router → network draws it. */
export type GatewayPort = Omit<TopoEdge, "target" | "id" | "severity">;

/** An external network as its routers' gateway chains name it. */
export interface ExternalNetwork {
  name: string | null;
  physnet: string | null;
  ports: GatewayPort[];
}

/** What the routers lead to: their external networks (by id) and physical networks. */
export interface RouterGateways {
  networks: Map<string, ExternalNetwork>;
  physnets: Set<string>;
}

/**
 * Every router with a gateway chain as a card (its health the chain's first broken link), the
 * edge to the chassis that hosts its cr-lrp, and what its gateway port leads to.
 */
export function addRouters(g: Graph): RouterGateways {
  const { snapshot } = g;
  const physnets = new Set<string>();
  const networks = new Map<string, ExternalNetwork>();
  for (const id of routerIds(snapshot)) {
    const chain = gatewayChain(snapshot, id);
    if (!chain) continue;
    const routerFindings = g.about(elementId(ref.router(id)));
    g.nodes.push({
      id: elementId(ref.router(id)),
      kind: "router",
      label: chain.routerName,
      // The badge already says Neutron's status; the card says where the gateway is hosted.
      sub: chain.boundChassis ? `gw on ${chain.boundChassis}` : "gw unbound",
      health: chain.firstBroken
        ? "down"
        : chain.disagreement
          ? "degraded"
          : chain.neutronStatus === "unknown"
            ? "unknown"
            : "ok",
      state: chain.firstBroken ? `broken at ${chain.firstBroken}` : chain.neutronStatus,
      href: `/routers/${id}`,
      services: [],
      facts: chain.links.map((l): [string, string] => [l.id, `${l.status}: ${l.fact}`]),
      findings: routerFindings,
      severity: g.worst(routerFindings),
    });
    const host = chain.boundChassis
      ? snapshot.nodes.find(
          (n) => n.data?.ovs?.systemId === chain.boundChassis || n.name === chain.boundChassis,
        )
      : undefined;
    if (host || chain.boundChassis)
      g.edge(
        elementId(ref.router(id)),
        host ? elementId(ref.node(host.name)) : elementId(ref.chassis(chain.boundChassis!)),
        "cr-lrp",
        chain.firstBroken === "cr-lrp-binding" ? "down" : "ok",
        routerFindings,
      );
    if (chain.physnet) physnets.add(chain.physnet);
    if (chain.network) {
      const net = networks.get(chain.network.id) ?? {
        name: chain.network.name,
        physnet: chain.physnet,
        ports: [],
      };
      // The gateway port, with Neutron's word on it (as the router card shows it).
      net.ports.push({
        source: elementId(ref.router(id)),
        label: chain.gatewayIps.join(", ") || "gateway",
        health:
          chain.neutronStatus === "ACTIVE"
            ? "ok"
            : chain.neutronStatus === "DOWN"
              ? "down"
              : "unknown",
        findings: routerFindings,
      });
      networks.set(chain.network.id, net);
    }
  }
  return { networks, physnets };
}
