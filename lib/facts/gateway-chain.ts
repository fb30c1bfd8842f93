import type { NeutronPort, NodeSnapshot, NbState, Snapshot } from "@/lib/model/snapshot";
import { currentData } from "@/lib/model/current";
import { ovnCentral } from "./ovn-central";

/**
 * The chain that decides whether a router's external gateway works, one fact per link:
 * Neutron port → NB Logical_Router_Port lrp-<id> → Gateway_Chassis candidates → SB
 * chassisredirect Port_Binding cr-lrp-<id> → the bound Chassis → its node's
 * ovn-bridge-mappings → the mapped OVS bridge → the physical network.
 * Neutron sets the port ACTIVE/DOWN only from the cr-lrp's chassis (ovsdb_monitor
 * PortBindingChassisEvent) and does not set it back to DOWN when the chassis goes away, so
 * Neutron's word is one link, never the verdict.
 */
export const LINKS = [
  "neutron-port",
  "logical-router-port",
  "gateway-chassis",
  "cr-lrp-binding",
  "chassis",
  "bridge-mapping",
  "bridge",
  "physnet",
] as const;
export type LinkId = (typeof LINKS)[number];

export type LinkStatus = "ok" | "broken" | "unknown" | "warning";

export interface ChainLink {
  id: LinkId;
  status: LinkStatus;
  /** The observed fact, in the tools' own words (not translated). */
  fact: string;
  /** Where it was read: node and probe. */
  source: string;
}

/**
 * One gateway chassis candidate and whether it could host the port: what an operator asks
 * when the active one fails ("can the standby take over?").
 */
export interface GatewayCandidate {
  chassis: string;
  priority: number;
  /** The chassis has a row in SB (its ovn-controller registered it); null when SB is unread. */
  inSb: boolean | null;
  bound: boolean;
  /** The inventory node whose OVS system-id is this chassis, if any. */
  node: string | null;
  controller: string | null;
  /** The bridge its ovn-bridge-mappings give the physical network, null when unmapped/unknown. */
  bridge: string | null;
  bridgeExists: boolean | null;
  /** Could host the gateway: in SB, controller connected, physnet mapped to an existing bridge. */
  status: LinkStatus;
}

/** How a gateway port's hosting chassis are chosen (see schedulingOf). */
export interface Scheduling {
  table: "Gateway_Chassis" | "HA_Chassis_Group";
  /** The HA_Chassis_Group's name (its uuid when the row is missing); null for Gateway_Chassis. */
  group: string | null;
  /** Highest priority first. */
  candidates: { name: string; priority: number }[];
  /** Gateway_Chassis rows on a port that also has a group: OVN ignores them. */
  ignoredGatewayChassis: number;
}

export interface GatewayChain {
  routerId: string;
  routerName: string;
  portId: string | null;
  neutronStatus: string;
  /** The router's external network: its id, and its name when Neutron was read. */
  network: { id: string; name: string | null } | null;
  /** The gateway port's addresses, per Neutron. */
  gatewayIps: string[];
  physnet: string | null;
  boundChassis: string | null;
  /** Which NB table schedules the gateway; null when NB or the port is not there to say. */
  scheduling: Omit<Scheduling, "candidates"> | null;
  /** Every candidate of that scheduling (HA_Chassis or Gateway_Chassis), highest priority first. */
  candidates: GatewayCandidate[];
  links: ChainLink[];
  /** The first broken link among the OVN facts (the cause), else neutron-port if only Neutron disagrees. */
  firstBroken: LinkId | null;
  /** Neutron says ACTIVE while OVN has nobody hosting the port (or DOWN while OVN hosts it). */
  disagreement: "active-unbound" | "down-bound" | null;
}

function nodeOfChassis(snapshot: Snapshot, chassis: string): NodeSnapshot | undefined {
  return (
    snapshot.nodes.find((n) => n.data?.ovs?.systemId === chassis) ??
    snapshot.nodes.find((n) => n.name === chassis)
  );
}

/** The physical network of the router's external network: Neutron's provider attribute, else NB's localnet port. */
function physnetOf(snapshot: Snapshot, networkId: string | null): string | null {
  if (!networkId) return null;
  const fromNeutron = snapshot.neutron.externalNetworks.find(
    (n) => n.id === networkId,
  )?.physicalNetwork;
  if (fromNeutron) return fromNeutron;
  const nb = ovnCentral(snapshot).nb?.state;
  const ls = nb?.switches.find((s) => s.name === `neutron-${networkId}`);
  const localnet = nb?.switchPorts.find((p) => p.type === "localnet" && ls?.ports.includes(p.uuid));
  return localnet?.options.network_name ?? null;
}

function candidateOf(
  snapshot: Snapshot,
  c: { name: string; priority: number },
  sbChassisNames: Set<string> | null,
  boundChassis: string | null,
  physnet: string | null,
): GatewayCandidate {
  const node = nodeOfChassis(snapshot, c.name);
  // Data read now only: an unreachable node keeps its last data, which is no verdict now.
  const data = node ? currentData(node) : null;
  const ovs = data?.ovs;
  const controller = data?.controllerConnection ?? null;
  const bridge = physnet ? (ovs?.bridgeMappings[physnet] ?? null) : null;
  const bridgeExists = bridge && ovs ? ovs.bridges.some((b) => b.name === bridge) : null;
  const inSb = sbChassisNames ? sbChassisNames.has(c.name) : null;
  const broken =
    inSb === false ||
    (controller !== null && controller !== "connected") ||
    (ovs && physnet && !bridge) ||
    bridgeExists === false;
  return {
    chassis: c.name,
    priority: c.priority,
    inSb,
    bound: c.name === boundChassis,
    node: node?.name ?? null,
    controller,
    bridge,
    bridgeExists,
    status: broken ? "broken" : controller === "connected" && bridgeExists ? "ok" : "unknown",
  };
}

/**
 * Who may host a gateway port and with which priority, as OVN reads it: the port's
 * HA_Chassis_Group when it has one (Neutron ≥ 2026.2 schedules gateways that way), else its
 * Gateway_Chassis rows. With both set, ovn-northd uses the group and ignores the rows ("Both
 * ha_chassis_group and gateway_chassis configured on port …; ignoring the latter"); an older
 * Neutron re-scheduling a migrated port leaves it so.
 */
export function schedulingOf(nb: NbState, lrp: NbState["routerPorts"][number]): Scheduling {
  const byPriority = (a: { priority: number }, b: { priority: number }) => b.priority - a.priority;
  const group = lrp.haChassisGroup
    ? nb.haChassisGroups.find((g) => g.uuid === lrp.haChassisGroup)
    : undefined;
  if (lrp.haChassisGroup) {
    return {
      table: "HA_Chassis_Group",
      group: group?.name ?? lrp.haChassisGroup,
      candidates: nb.haChassis
        .filter((h) => group?.haChassis.includes(h.uuid))
        .map((h) => ({ name: h.chassisName, priority: h.priority }))
        .sort(byPriority),
      ignoredGatewayChassis: lrp.gatewayChassis.length,
    };
  }
  return {
    table: "Gateway_Chassis",
    group: null,
    candidates: nb.gatewayChassis
      .filter((g) => lrp.gatewayChassis.includes(g.uuid))
      .map((g) => ({ name: g.chassisName, priority: g.priority }))
      .sort(byPriority),
    ignoredGatewayChassis: 0,
  };
}

export function gatewayChain(snapshot: Snapshot, routerId: string): GatewayChain | null {
  const router = snapshot.neutron.routers.find((r) => r.id === routerId);
  const { nb, sb } = ovnCentral(snapshot);
  const nbRouter = nb?.state.routers.find((r) => r.name === `neutron-${routerId}`);
  if (!router && !nbRouter) return null;
  const port: NeutronPort | undefined = snapshot.neutron.gatewayPorts.find(
    (p) => p.deviceId === routerId,
  );
  const neutronKnown = snapshot.neutron.state === "ok";
  // Without Neutron, find the gateway port through NB: the router's port that has gateway chassis.
  const lrp = port
    ? nb?.state.routerPorts.find((p) => p.name === `lrp-${port.id}`)
    : nb?.state.routerPorts.find(
        (p) =>
          nbRouter?.ports.includes(p.uuid) && (p.gatewayChassis.length > 0 || p.haChassisGroup),
      );
  const portId = port?.id ?? lrp?.name.replace(/^lrp-/, "") ?? null;
  const networkId =
    router?.gateway?.networkId ??
    port?.networkId ??
    lrp?.externalIds["neutron:network_name"]?.replace(/^neutron-/, "") ??
    null;
  const physnet = physnetOf(snapshot, networkId);
  const networkName = snapshot.neutron.externalNetworks.find((n) => n.id === networkId)?.name;
  const neutronStatus =
    port?.status ?? (neutronKnown ? (router?.gateway ? "unknown" : "no gateway") : "unknown");
  const links: ChainLink[] = [];
  const nbSrc = nb ? `${nb.node}: NB` : "NB";
  const sbSrc = sb ? `${sb.node}: SB` : "SB";

  links.push({
    id: "neutron-port",
    status: !neutronKnown
      ? "unknown"
      : neutronStatus === "ACTIVE"
        ? "ok"
        : neutronStatus === "DOWN"
          ? "broken"
          : "warning",
    fact: port
      ? `port ${port.id} status=${port.status} binding:host_id=${port.hostId || "—"} fixed_ips=${port.fixedIps.map((i) => i.ipAddress).join(",") || "—"} network=${port.networkId}${networkName ? ` (${networkName})` : ""} provider:physical_network=${physnet ?? "—"}`
      : neutronKnown
        ? `router ${routerId} has no network:router_gateway port`
        : `Neutron API not readable: ${snapshot.neutron.error ?? ""}`,
    source: `${snapshot.neutron.node ?? "?"}: GET /v2.0/ports${snapshot.neutron.collectedAt ? ` at ${snapshot.neutron.collectedAt}` : ""}`,
  });

  if (!nb) {
    links.push({
      id: "logical-router-port",
      status: "unknown",
      fact: "NB not readable",
      source: nbSrc,
    });
  } else if (!lrp) {
    links.push({
      id: "logical-router-port",
      status: "broken",
      fact: portId
        ? `no Logical_Router_Port lrp-${portId} in NB`
        : "no gateway Logical_Router_Port in NB",
      source: nbSrc,
    });
  } else {
    links.push({
      id: "logical-router-port",
      status: "ok",
      fact: `${lrp.name} networks=${lrp.networks.join(",")} status:hosting-chassis=${lrp.status["hosting-chassis"] ?? "—"}`,
      source: nbSrc,
    });
  }

  const sbChassisNames = new Set(sb?.state.chassis.map((c) => c.name));
  const scheduling = lrp && nb ? schedulingOf(nb.state, lrp) : null;
  const candidates = scheduling?.candidates ?? [];
  if (!lrp || !scheduling) {
    links.push({
      id: "gateway-chassis",
      status: "unknown",
      fact: nb ? "no logical router port to read candidates from" : "NB not readable",
      source: nbSrc,
    });
  } else {
    const real = candidates.filter((c) => sbChassisNames.has(c.name));
    const listed = candidates.length
      ? candidates
          .map(
            (c) =>
              `${c.name}(prio ${c.priority})${sb && !sbChassisNames.has(c.name) ? " — no such chassis in SB" : ""}`,
          )
          .join(", ")
      : scheduling.group
        ? "no HA_Chassis in the group"
        : "no Gateway_Chassis / HA_Chassis rows";
    links.push({
      id: "gateway-chassis",
      status:
        candidates.length === 0 || (sb && real.length === 0) ? "broken" : sb ? "ok" : "unknown",
      fact:
        (scheduling.group ? `HA_Chassis_Group ${scheduling.group}: ` : "") +
        listed +
        (scheduling.ignoredGatewayChassis
          ? ` — ${scheduling.ignoredGatewayChassis} Gateway_Chassis also set, ignored by OVN (the group wins)`
          : ""),
      source: nbSrc,
    });
  }

  const binding = portId
    ? sb?.state.portBindings.find((b) => b.logicalPort === `cr-lrp-${portId}`)
    : undefined;
  const chassisRow = binding?.chassis
    ? sb?.state.chassis.find((c) => c.uuid === binding.chassis)
    : undefined;
  const boundChassis = chassisRow?.name ?? null;
  if (!sb)
    links.push({ id: "cr-lrp-binding", status: "unknown", fact: "SB not readable", source: sbSrc });
  else if (!binding)
    links.push({
      id: "cr-lrp-binding",
      status: "broken",
      fact: `no Port_Binding cr-lrp-${portId ?? "?"} in SB`,
      source: sbSrc,
    });
  else
    links.push({
      id: "cr-lrp-binding",
      status: binding.chassis ? (binding.up === false ? "warning" : "ok") : "broken",
      fact: `cr-lrp-${portId} chassis=${boundChassis ?? "[]"} up=${binding.up ?? "—"}`,
      source: sbSrc,
    });

  // The chassis that hosts the port, or — when none does — the best candidate, to explain why.
  const hostName = boundChassis ?? candidates.find((c) => sbChassisNames.has(c.name))?.name ?? null;
  const hostNode = hostName ? nodeOfChassis(snapshot, hostName) : undefined;
  // A node that cannot be read now says nothing about now: its links are unknown.
  const hostData = hostNode ? currentData(hostNode) : null;
  const ovs = hostData?.ovs;
  if (hostName) {
    const controller = hostData?.controllerConnection;
    links.push({
      id: "chassis",
      status: !hostNode
        ? "warning"
        : controller === "connected"
          ? "ok"
          : controller
            ? "broken"
            : "unknown",
      fact: `${hostName}${boundChassis ? "" : " (best candidate, not bound)"} on node ${hostNode?.name ?? "not in the inventory"}${hostNode && !hostData ? ` (${hostNode.reach}: not read now)` : ""}, ovn-controller ${controller ?? "—"}`,
      source: hostNode ? `${hostNode.name}: ovn-appctl connection-status` : "inventory",
    });
    const bridge = physnet ? ovs?.bridgeMappings[physnet] : undefined;
    links.push({
      id: "bridge-mapping",
      status: !ovs || !physnet ? "unknown" : bridge ? "ok" : "broken",
      fact: ovs
        ? `ovn-bridge-mappings=${ovs.externalIds["ovn-bridge-mappings"] ?? "(unset)"}${physnet && !bridge ? ` — no entry for ${physnet}` : ""}`
        : "OVS not readable",
      source: `${hostNode?.name ?? "?"}: ovs-vsctl get open . external_ids`,
    });
    if (bridge && ovs) {
      const exists = ovs.bridges.some((b) => b.name === bridge);
      links.push({
        id: "bridge",
        status: exists ? "ok" : "broken",
        fact: exists
          ? `bridge ${bridge} exists`
          : `bridge ${bridge} does not exist (bridges: ${ovs.bridges.map((b) => b.name).join(", ")})`,
        source: `${hostNode?.name ?? "?"}: ovs-vsctl list-br`,
      });
    }
  }
  links.push({
    id: "physnet",
    status: physnet ? "ok" : "unknown",
    fact: physnet
      ? `external network ${networkId} is on physical network ${physnet}`
      : "physical network unknown",
    source: physnet ? "Neutron provider:physical_network / NB localnet network_name" : "—",
  });

  const candidateDetails = candidates.map((c) =>
    candidateOf(snapshot, c, sb ? sbChassisNames : null, boundChassis, physnet),
  );
  // Candidates that exist but could not host the port: the gateway has less failover than
  // its Gateway_Chassis rows promise (or none at all).
  const unable = candidateDetails.filter((c) => c.status === "broken").map((c) => c.chassis);
  const candidatesLink = links.find((l) => l.id === "gateway-chassis");
  if (candidatesLink?.status === "ok" && unable.length) {
    candidatesLink.status = "warning";
    candidatesLink.fact += ` — cannot host it: ${unable.join(", ")}`;
  }
  const ovnBroken = links.find((l) => l.id !== "neutron-port" && l.status === "broken")?.id ?? null;
  const neutronLink = links[0]!;
  const disagreement =
    neutronStatus === "ACTIVE" && sb && binding && !binding.chassis
      ? "active-unbound"
      : neutronStatus === "DOWN" && boundChassis
        ? "down-bound"
        : null;
  return {
    routerId,
    routerName: router?.name ?? nbRouter?.externalIds["neutron:router_name"] ?? routerId,
    portId,
    neutronStatus,
    network: networkId ? { id: networkId, name: networkName ?? null } : null,
    gatewayIps: (port?.fixedIps ?? router?.gateway?.fixedIps ?? []).map((i) => i.ipAddress),
    physnet,
    boundChassis,
    scheduling: scheduling
      ? {
          table: scheduling.table,
          group: scheduling.group,
          ignoredGatewayChassis: scheduling.ignoredGatewayChassis,
        }
      : null,
    candidates: candidateDetails,
    links,
    firstBroken: ovnBroken ?? (neutronLink.status === "broken" ? "neutron-port" : null),
    disagreement,
  };
}

/** Router ids known to Neutron or, when Neutron is unreadable, to NB. */
export function routerIds(snapshot: Snapshot): string[] {
  const ids = new Set(snapshot.neutron.routers.map((r) => r.id));
  for (const r of ovnCentral(snapshot).nb?.state.routers ?? [])
    if (r.name.startsWith("neutron-")) ids.add(r.name.slice(8));
  return [...ids];
}
