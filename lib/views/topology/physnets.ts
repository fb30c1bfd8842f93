import type { Graph } from "./graph";
import { elementId, ref } from "@/lib/model/element";

/**
 * The physical networks the routers' gateways lead to, with an edge from every node that maps
 * it or can host gateways: the bridge it maps it to, down when that bridge is missing or the
 * node has no mapping.
 */
export function addPhysnets(g: Graph, physnets: Set<string>): void {
  const { nodes } = g.snapshot;
  for (const physnet of physnets) {
    const findingIds = g.about(elementId(ref.physnet(physnet)));
    const mappedBy = nodes.filter((n) => n.data?.ovs?.bridgeMappings[physnet]);
    const gatewayHosts = nodes.filter((n) =>
      n.data?.ovs?.cmsOptions.includes("enable-chassis-as-gw"),
    );
    g.nodes.push({
      id: elementId(ref.physnet(physnet)),
      kind: "physnet",
      label: physnet,
      sub: "physical network",
      health: mappedBy.length ? (findingIds.length ? "degraded" : "ok") : "down",
      state: mappedBy.length
        ? `mapped on ${mappedBy.map((n) => n.name).join(", ")}`
        : "no chassis maps it",
      href: null,
      services: [],
      facts: [
        [
          "mapped by",
          mappedBy.map((n) => `${n.name} → ${n.data!.ovs!.bridgeMappings[physnet]}`).join(", ") ||
            "none",
        ],
      ],
      findings: findingIds,
      severity: g.worst(findingIds),
    });
    for (const host of new Set([...mappedBy, ...gatewayHosts])) {
      const bridge = host.data?.ovs?.bridgeMappings[physnet];
      const exists = bridge ? host.data?.ovs?.bridges.some((b) => b.name === bridge) : false;
      g.edge(
        elementId(ref.node(host.name)),
        elementId(ref.physnet(physnet)),
        bridge ?? "no mapping",
        bridge ? (exists ? "ok" : "down") : "down",
        findingIds,
      );
    }
  }
}
