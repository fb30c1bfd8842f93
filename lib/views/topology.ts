import { diagnose, flatten, type Finding, type Severity } from "@/lib/diagnose";
import { SEVERITY_RANK } from "@/lib/diagnose/types";
import { nodeHealth, serviceStates, type ServiceState } from "@/lib/facts/services";
import type { Health } from "@/lib/model/health";
import type { NodeSnapshot, Snapshot } from "@/lib/model/snapshot";
import { gatewayChain, routerIds } from "@/lib/facts/gateway-chain";
import { ovnCentral } from "@/lib/facts/ovn-central";
import type { TopologyLayout } from "./topology-layout";
import { isCurrent } from "@/lib/model/current";

/**
 * `chassis`: an SB chassis that no inventory node claims (a node outside the inventory, or a
 * stale row). `network`: a router's external network, between its routers and its physnet.
 */
export type TopoKind = "service" | "host" | "chassis" | "router" | "network" | "physnet";

export interface TopoNode {
  id: string;
  kind: TopoKind;
  label: string;
  /** Second line: the host of a service, the roles of a host, the status of a router. */
  sub: string;
  health: Health;
  /** Words for the badge: the state itself ("inactive (dead)", "ACTIVE", "unreachable"). */
  state: string;
  /** Deep link to the element's page. */
  href: string | null;
  /** Chips shown inside host cards. */
  services: Pick<ServiceState, "service" | "label" | "health" | "state">[];
  /** Facts for the side panel, in the tools' words. */
  facts: [string, string][];
  /** Ids of findings that concern it. */
  findings: string[];
  /** The worst severity among them; null when none. */
  severity: Severity | null;
}

export interface TopoEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  health: Health;
  findings: string[];
  severity: Severity | null;
}

/**
 * What an element's findings draw around it: a critical finding a red ring, a warning an amber
 * one, info nothing (a healthy cloud with a stock-unit hazard or an unused option stays calm;
 * the count still says there is something to read).
 */
export type Ring = "critical" | "warning" | null;

export function ringOf(severity: Severity | null): Ring {
  return severity === "critical" || severity === "warning" ? severity : null;
}

/** The worst of these findings' severities (critical before warning before info); null if none. */
export function worstSeverity(ids: string[], findings: Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings)
    if (ids.includes(f.id) && (worst === null || SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst]))
      worst = f.severity;
  return worst;
}

export interface TopologyModel {
  finishedAt: string;
  nodes: TopoNode[];
  edges: TopoEdge[];
  findings: Finding[];
  /** Where each card goes, computed on the server (`withLayout`, lib/views/topology-layout). */
  layout?: TopologyLayout;
}

const CENTRAL = ["nb-db", "sb-db", "northd", "neutron-server", "neutron-rpc"] as const;

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
 * The cloud as a graph: the OVN central services and neutron-server, every host as a chassis
 * card, routers and physical networks; edges that mean a connection or a binding. Health on
 * every element; findings name the elements they affect.
 */
export function topologyModel(snapshot: Snapshot): TopologyModel {
  const findings = diagnose(snapshot);
  const all = flatten(findings);
  const about = (id: string) => all.filter((f) => f.affects.includes(id)).map((f) => f.id);
  const worst = (ids: string[]) => worstSeverity(ids, all);
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const serviceNode = new Map<string, TopoNode>();

  for (const host of snapshot.nodes) {
    const states = serviceStates(host);
    for (const s of states.filter((x) => (CENTRAL as readonly string[]).includes(x.service))) {
      const id = `service:${host.name}:${s.service}`;
      const findingIds = about(id);
      const node: TopoNode = {
        id,
        kind: "service",
        label: s.label,
        sub: host.name,
        health: s.health,
        state: s.state,
        href: `/nodes/${host.name}`,
        services: [],
        facts: [
          ["unit", s.unit ?? "—"],
          ["state", s.state],
          ...s.reasons.map((r): [string, string] => ["why", r]),
        ],
        findings: findingIds,
        severity: worst(findingIds),
      };
      nodes.push(node);
      serviceNode.set(`${host.name}:${s.service}`, node);
    }
    const chassisServices = states.filter(
      (x) => !(CENTRAL as readonly string[]).includes(x.service),
    );
    const chassis = host.data?.ovs?.systemId;
    const hostFindings = [
      ...new Set([...about(`node:${host.name}`), ...(chassis ? about(`chassis:${chassis}`) : [])]),
    ];
    nodes.push({
      id: `node:${host.name}`,
      kind: "host",
      label: host.name,
      sub: host.roles.join(", "),
      health: nodeHealth(host, states),
      state: isCurrent(host) ? nodeHealth(host, states) : host.reach,
      href: `/nodes/${host.name}`,
      services: chassisServices.map(({ service, label, health, state }) => ({
        service,
        label,
        health,
        state,
      })),
      facts: hostFacts(host),
      findings: hostFindings,
      severity: worst(hostFindings),
    });
  }

  const edge = (
    source: string,
    target: string,
    label: string,
    health: Health,
    findingIds: string[] = [],
  ) => {
    if (!nodes.some((n) => n.id === source) || !nodes.some((n) => n.id === target)) return;
    edges.push({
      id: `${source}->${target}`,
      source,
      target,
      label,
      health,
      findings: findingIds,
      severity: worst(findingIds),
    });
  };
  const centralOf = (service: string) =>
    [...serviceNode.entries()].filter(([k]) => k.endsWith(`:${service}`)).map(([, v]) => v);
  const hostOf = (node: TopoNode) => snapshot.nodes.find((n) => n.name === node.sub);
  /** A client's edge to a database is as good as the database's socket: is anything serving it? */
  const dbEdgeHealth = (db: TopoNode, port: number | null): Health => {
    const host = hostOf(db);
    if (!host?.data || !isCurrent(host)) return host?.data ? "stale" : "unknown";
    const marker = db.id.endsWith(":nb-db") ? "ovnnb_db" : "ovnsb_db";
    const serving =
      port === null
        ? host.data.processes.some((p) => p.command === "ovsdb-server" && p.args.includes(marker))
        : host.data.listeners.some((l) => l.port === port);
    return serving ? "ok" : "down";
  };

  // Neutron's API and, in the split layout, its RPC server read the same [ovn] connections.
  for (const neutron of [...centralOf("neutron-server"), ...centralOf("neutron-rpc")]) {
    const ovn = hostOf(neutron)?.data?.config?.neutronOvn;
    const portOf = (conn: string | undefined, fallback: number) =>
      Number(/:(\d+)$/.exec(conn ?? "")?.[1] ?? fallback);
    const nbPort = portOf(ovn?.nbConnection, 6641);
    const sbPort = portOf(ovn?.sbConnection, 6642);
    for (const db of centralOf("nb-db"))
      edge(neutron.id, db.id, `NB ${nbPort}`, dbEdgeHealth(db, nbPort), about("edge:neutron-nb"));
    for (const db of centralOf("sb-db"))
      edge(neutron.id, db.id, `SB ${sbPort}`, dbEdgeHealth(db, sbPort), about("edge:neutron-sb"));
  }
  // northd talks to the databases over their local unix sockets.
  for (const northd of centralOf("northd")) {
    for (const db of [...centralOf("nb-db"), ...centralOf("sb-db")])
      edge(northd.id, db.id, db.label, dbEdgeHealth(db, null));
  }
  for (const host of snapshot.nodes) {
    const conn = host.data?.controllerConnection;
    if (conn === null || conn === undefined) continue;
    const current = isCurrent(host);
    for (const db of centralOf("sb-db"))
      edge(
        `node:${host.name}`,
        db.id,
        "ovn-controller",
        !current ? "stale" : conn === "connected" ? "ok" : "down",
        about(`service:${host.name}:ovn-controller`),
      );
  }

  // SB chassis no inventory node claims: shown on their own, from what SB says of them.
  const { sb } = ovnCentral(snapshot);
  const claimed = new Set(snapshot.nodes.map((n) => n.data?.ovs?.systemId));
  for (const chassis of sb?.state.chassis ?? []) {
    if (claimed.has(chassis.name)) continue;
    const priv = sb!.state.chassisPrivate.find((p) => p.name === chassis.name);
    const current = priv !== undefined && priv.nbCfg >= (sb!.state.global?.nbCfg ?? 0);
    const findingIds = about(`chassis:${chassis.name}`);
    const health: Health = sb!.stale
      ? "stale"
      : findingIds.length
        ? "down"
        : current
          ? "ok"
          : "unknown";
    nodes.push({
      id: `chassis:${chassis.name}`,
      kind: "chassis",
      label: chassis.name,
      sub: chassis.hostname || "chassis",
      health,
      state: health === "down" ? "stale chassis" : current ? "answers SB" : "not yet answered",
      href: null,
      services: [],
      facts: [
        ["hostname", chassis.hostname || "—"],
        [
          "encap",
          sb!.state.encaps
            .filter((e) => e.chassisName === chassis.name)
            .map((e) => `${e.type} ${e.ip}`)
            .join(", ") || "—",
        ],
        ["nb_cfg", `${priv?.nbCfg ?? "—"} of ${sb!.state.global?.nbCfg ?? "?"}`],
        [
          "ovn-bridge-mappings",
          chassis.externalIds["ovn-bridge-mappings"] ||
            chassis.otherConfig["ovn-bridge-mappings"] ||
            "—",
        ],
        ["inventory", "no node has this system-id"],
      ],
      findings: findingIds,
      severity: worst(findingIds),
    });
    for (const db of centralOf("sb-db"))
      edge(`chassis:${chassis.name}`, db.id, "ovn-controller", health, findingIds);
  }

  const physnets = new Set<string>();
  /** External networks and, per router on them, its gateway port edge. */
  const networks = new Map<
    string,
    {
      name: string | null;
      physnet: string | null;
      ports: Omit<TopoEdge, "target" | "id" | "severity">[];
    }
  >();
  for (const id of routerIds(snapshot)) {
    const chain = gatewayChain(snapshot, id);
    if (!chain) continue;
    const routerFindings = about(`router:${id}`);
    nodes.push({
      id: `router:${id}`,
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
      severity: worst(routerFindings),
    });
    const host = chain.boundChassis
      ? snapshot.nodes.find(
          (n) => n.data?.ovs?.systemId === chain.boundChassis || n.name === chain.boundChassis,
        )
      : undefined;
    if (host || chain.boundChassis)
      edge(
        `router:${id}`,
        host ? `node:${host.name}` : `chassis:${chain.boundChassis}`,
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
        source: `router:${id}`,
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
  for (const [netId, net] of networks) {
    const neutronNet = snapshot.neutron.externalNetworks.find((n) => n.id === netId);
    const known = snapshot.neutron.state === "ok";
    const health: Health =
      !known || !neutronNet ? "unknown" : neutronNet.status === "ACTIVE" ? "ok" : "degraded";
    nodes.push({
      id: `network:${netId}`,
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
      edge(port.source, `network:${netId}`, port.label, port.health, port.findings);
  }
  for (const physnet of physnets) {
    const findingIds = about(`physnet:${physnet}`);
    const mappedBy = snapshot.nodes.filter((n) => n.data?.ovs?.bridgeMappings[physnet]);
    const gatewayHosts = snapshot.nodes.filter((n) =>
      n.data?.ovs?.cmsOptions.includes("enable-chassis-as-gw"),
    );
    nodes.push({
      id: `physnet:${physnet}`,
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
      severity: worst(findingIds),
    });
    for (const host of new Set([...mappedBy, ...gatewayHosts])) {
      const bridge = host.data?.ovs?.bridgeMappings[physnet];
      const exists = bridge ? host.data?.ovs?.bridges.some((b) => b.name === bridge) : false;
      edge(
        `node:${host.name}`,
        `physnet:${physnet}`,
        bridge ?? "no mapping",
        bridge ? (exists ? "ok" : "down") : "down",
        findingIds,
      );
    }
  }
  for (const [netId, net] of networks)
    if (net.physnet) edge(`network:${netId}`, `physnet:${net.physnet}`, "provider", "ok");
  // Sort for stable ids order: the layout depends only on structure, so nothing jumps.
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  edges.sort((a, b) => a.id.localeCompare(b.id));
  return { finishedAt: snapshot.finishedAt, nodes, edges, findings };
}
