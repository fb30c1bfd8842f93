import { diagnosisOf, type Finding } from "@/lib/diagnose";
import { nodeHealth, serviceStates, type ServiceState } from "@/lib/facts/services";
import { healthRank, type Health } from "@/lib/model/health";
import type { Reachability, Snapshot } from "@/lib/model/snapshot";
import type { Role } from "@/lib/inventory/schema";
import { ovnCentral } from "@/lib/facts/ovn-central";
import { isStale } from "@/lib/model/current";

export interface OverviewNode {
  name: string;
  address: string;
  roles: Role[];
  reach: Reachability;
  error: string | null;
  health: Health;
  stale: boolean;
  attemptedAt: string;
  dataCollectedAt: string | null;
  durationMs: number;
  services: ServiceState[];
}

/** A router's gateway as Neutron reports it, beside OVN's facts. */
export interface OverviewRouter {
  id: string;
  name: string;
  gatewayPortId: string | null;
  /** Neutron's word: ACTIVE / DOWN / …, or "unknown" when the API could not be read. */
  neutronStatus: string;
  /** OVN's fact: the chassis the cr-lrp is bound to, null when unbound, undefined when SB unknown. */
  boundChassis: string | null | undefined;
  externalNetwork: string | null;
  physicalNetwork: string | null;
}

export interface OverviewModel {
  cloud: string;
  generation: number;
  finishedAt: string;
  nodes: OverviewNode[];
  neutron: { state: Snapshot["neutron"]["state"]; error: string | null; node: string | null };
  routers: OverviewRouter[];
  /** Root findings, worst first, symptoms attached. */
  findings: Finding[];
}

export function overviewModel(snapshot: Snapshot): OverviewModel {
  const order = new Map(snapshot.nodes.map((n, i) => [n.name, i]));
  const nodes = snapshot.nodes
    .map((node): OverviewNode => {
      const services = serviceStates(node);
      return {
        name: node.name,
        address: node.address,
        roles: node.roles,
        reach: node.reach,
        error: node.error,
        health: nodeHealth(node, services),
        stale: isStale(node),
        attemptedAt: node.attemptedAt,
        dataCollectedAt: node.dataCollectedAt,
        durationMs: node.durationMs,
        services,
      };
    })
    // Worst first; ties keep inventory order, so rows move only when health changes.
    .sort(
      (a, b) =>
        healthRank(a.health) - healthRank(b.health) || order.get(a.name)! - order.get(b.name)!,
    );
  return {
    cloud: snapshot.cloud,
    generation: snapshot.generation,
    finishedAt: snapshot.finishedAt,
    nodes,
    neutron: {
      state: snapshot.neutron.state,
      error: snapshot.neutron.error,
      node: snapshot.neutron.node,
    },
    routers: routersOf(snapshot),
    findings: diagnosisOf(snapshot),
  };
}

function routersOf(snapshot: Snapshot): OverviewRouter[] {
  const { sb } = ovnCentral(snapshot);
  const chassisName = new Map(sb?.state.chassis.map((c) => [c.uuid, c.name]));
  const networks = new Map(snapshot.neutron.externalNetworks.map((n) => [n.id, n]));
  return snapshot.neutron.routers
    .map((router) => {
      const port = snapshot.neutron.gatewayPorts.find((p) => p.deviceId === router.id) ?? null;
      const binding =
        port && sb
          ? sb.state.portBindings.find((b) => b.logicalPort === `cr-lrp-${port.id}`)
          : undefined;
      const network = router.gateway ? networks.get(router.gateway.networkId) : undefined;
      return {
        id: router.id,
        name: router.name,
        gatewayPortId: port?.id ?? null,
        neutronStatus: port?.status ?? (router.gateway ? "unknown" : "no gateway"),
        boundChassis: sb
          ? binding?.chassis
            ? (chassisName.get(binding.chassis) ?? binding.chassis)
            : null
          : undefined,
        externalNetwork: network?.name ?? router.gateway?.networkId ?? null,
        physicalNetwork: network?.physicalNetwork ?? null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
