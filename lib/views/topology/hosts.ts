import { nodeHealth, serviceStates } from "@/lib/facts/services";
import { isCurrent } from "@/lib/model/current";
import type { NodeSnapshot } from "@/lib/model/snapshot";
import type { Graph } from "./graph";
import { isCentral } from "./services";
import { elementId, ref } from "@/lib/model/element";

function hostFacts(node: NodeSnapshot): [string, string][] {
  const ovs = node.data?.ovs;
  return [
    ["address", node.address],
    ["reach", node.reach + (node.error ? `: ${node.error}` : "")],
    ["collected", node.dataCollectedAt ?? "never"],
    ...(ovs
      ? ([
          ["system-id", ovs.systemId ?? "—"],
          ["ovn-remote", ovs.externalIds["ovn-remote"] ?? "—"],
          ["ovn-bridge-mappings", ovs.externalIds["ovn-bridge-mappings"] ?? "—"],
          ["ovn-cms-options", ovs.externalIds["ovn-cms-options"] ?? "—"],
          ["bridges", ovs.bridges.map((b) => b.name).join(", ")],
        ] as [string, string][])
      : []),
    ["ovn-controller", node.data?.controllerConnection ?? "—"],
  ];
}

/**
 * Every inventory node as a host card: its chassis services (ovn-controller, Open vSwitch) as
 * chips, the findings about the node and about its chassis.
 */
export function addHosts(g: Graph): void {
  for (const host of g.snapshot.nodes) {
    const states = serviceStates(host);
    const chassis = host.data?.ovs?.systemId;
    const findingIds = [
      ...new Set([
        ...g.about(elementId(ref.node(host.name))),
        ...(chassis ? g.about(elementId(ref.chassis(chassis))) : []),
      ]),
    ];
    g.nodes.push({
      id: elementId(ref.node(host.name)),
      kind: "host",
      label: host.name,
      sub: host.roles.join(", "),
      health: nodeHealth(host, states),
      state: isCurrent(host) ? nodeHealth(host, states) : host.reach,
      href: `/nodes/${host.name}`,
      services: states
        .filter((x) => !isCentral(x.service))
        .map(({ service, label, health, state }) => ({ service, label, health, state })),
      facts: hostFacts(host),
      findings: findingIds,
      severity: g.worst(findingIds),
    });
  }
}
