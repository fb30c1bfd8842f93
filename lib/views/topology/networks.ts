import type { Health } from "@/lib/model/health";
import type { Graph } from "./graph";
import type { ExternalNetwork } from "./routers";
import { elementId, ref } from "@/lib/model/element";

/**
 * The routers' external networks (placed from NB even when Neutron was not read, their status
 * then unknown) with each router's gateway port edge to them.
 */
export function addExternalNetworks(g: Graph, networks: Map<string, ExternalNetwork>): void {
  const { neutron } = g.snapshot;
  const known = neutron.state === "ok";
  for (const [netId, net] of networks) {
    const neutronNet = neutron.externalNetworks.find((n) => n.id === netId);
    const health: Health =
      !known || !neutronNet ? "unknown" : neutronNet.status === "ACTIVE" ? "ok" : "degraded";
    g.nodes.push({
      id: elementId(ref.network(netId)),
      kind: "network",
      label: net.name ?? netId.slice(0, 8),
      sub: neutronNet?.networkType
        ? `${neutronNet.networkType} ${net.physnet ?? ""}`.trim()
        : "external network",
      health,
      state: known ? (neutronNet?.status ?? "not in Neutron") : "Neutron not read",
      href: null,
      services: [],
      facts: [
        ["id", netId],
        ["provider:network_type", neutronNet?.networkType ?? "—"],
        ["provider:physical_network", net.physnet ?? "—"],
        ["routers", String(net.ports.length)],
      ],
      findings: [],
      severity: null,
    });
    for (const port of net.ports)
      g.edge(port.source, elementId(ref.network(netId)), port.label, port.health, port.findings);
  }
}

/** Each external network's edge to its physical network (once both cards are placed). */
export function addProviderEdges(g: Graph, networks: Map<string, ExternalNetwork>): void {
  for (const [netId, net] of networks)
    if (net.physnet)
      g.edge(elementId(ref.network(netId)), elementId(ref.physnet(net.physnet)), "provider", "ok");
}
