import type { Health } from "@/lib/model/health";
import {
  foldGroups,
  GROUP_ABOVE,
  namePrefix,
  worstSeverity,
  type TopoEdge,
  type TopoNode,
  type TopologyModel,
} from "@/lib/views/topology";

export interface SyntheticOptions {
  /** Group keys drawn host by host, as `/api/topology?expand=` asks. */
  expand?: string[];
  /** Draw every host on its own, as before issue #18 (for comparing). */
  ungrouped?: boolean;
}

/**
 * A synthetic topology of `hosts` nodes and `routers` routers, shaped like topologyModel()'s
 * output for a real cloud: 3 controllers with NB/SB/northd/neutron-server, network nodes as
 * gateway chassis, compute nodes named by zone (`az<z>-cmp<i>`, 250 to a zone), four external
 * networks on two physical networks. Health varies so every style renders. The compute hosts
 * are grouped by name prefix as topologyModel() groups them (foldGroups, lib/views/topology):
 * one card per zone for its healthy hosts, the others drawn on their own.
 */
export function syntheticTopology(
  hosts: number,
  routers: number,
  { expand = [], ungrouped = false }: SyntheticOptions = {},
): TopologyModel {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const health = (i: number): Health =>
    i % 97 === 0 ? "down" : i % 31 === 0 ? "degraded" : i % 53 === 0 ? "stale" : "ok";
  const node = (
    id: string,
    kind: TopoNode["kind"],
    label: string,
    sub: string,
    h: Health,
  ): TopoNode => ({
    id,
    kind,
    label,
    sub,
    health: h,
    state: h,
    href: null,
    services:
      kind === "host"
        ? [
            {
              service: "ovn-controller",
              label: "ovn-controller",
              health: h,
              state: "active (running)",
            },
            { service: "ovs-vswitchd", label: "ovs", health: "ok", state: "active (running)" },
          ]
        : [],
    facts: [["kind", kind]],
    findings: h === "down" ? [`finding:${id}`] : [],
    severity: h === "down" ? "critical" : null,
  });
  const edge = (source: string, target: string, label: string, h: Health) =>
    edges.push({
      id: `${source}->${target}`,
      source,
      target,
      label,
      health: h,
      findings: [],
      severity: null,
    });
  const controllers = 3;
  const network = Math.max(2, Math.round(hosts * 0.03));
  for (let c = 1; c <= controllers; c++) {
    for (const [svc, label] of [
      ["nb-db", "NB"],
      ["sb-db", "SB"],
      ["northd", "northd"],
      ["neutron-server", "neutron"],
    ] as const)
      nodes.push(node(`service:ctl${c}:${svc}`, "service", label, `ctl${c}`, "ok"));
    edge(`service:ctl${c}:neutron-server`, `service:ctl${c}:nb-db`, "NB 6641", "ok");
    edge(`service:ctl${c}:neutron-server`, `service:ctl${c}:sb-db`, "SB 6642", "ok");
    edge(`service:ctl${c}:northd`, `service:ctl${c}:nb-db`, "NB", "ok");
    edge(`service:ctl${c}:northd`, `service:ctl${c}:sb-db`, "SB", "ok");
  }
  const computes: string[] = [];
  for (let i = 0; i < hosts; i++) {
    const c = i - controllers - network;
    const name =
      i < controllers
        ? `ctl${i + 1}`
        : i < controllers + network
          ? `net${i}`
          : `az${Math.floor(c / 250) + 1}-cmp${String(i).padStart(4, "0")}`;
    if (c >= 0) computes.push(name);
    const role = i < controllers ? "controller" : i < controllers + network ? "network" : "compute";
    nodes.push(node(`node:${name}`, "host", name, role, health(i)));
    edge(
      `node:${name}`,
      `service:ctl${(i % controllers) + 1}:sb-db`,
      "ovn-controller",
      health(i) === "down" ? "down" : "ok",
    );
  }
  for (const p of ["physnet1", "physnet2"])
    nodes.push(node(`physnet:${p}`, "physnet", p, "physical network", "ok"));
  for (let n = 0; n < network; n++)
    edge(`node:net${controllers + n}`, `physnet:physnet${(n % 2) + 1}`, "br-ex", "ok");
  const externalNetworks = 4;
  for (let x = 0; x < externalNetworks; x++) {
    nodes.push(node(`network:ext${x}`, "network", `public${x}`, "flat", "ok"));
    edge(`network:ext${x}`, `physnet:physnet${(x % 2) + 1}`, "provider", "ok");
  }
  for (let r = 0; r < routers; r++) {
    const id = `00000000-0000-4000-8000-${String(r).padStart(12, "0")}`;
    nodes.push(node(`router:${id}`, "router", `router${r}`, "ACTIVE", health(r)));
    edge(
      `router:${id}`,
      `node:net${controllers + (r % network)}`,
      "cr-lrp",
      health(r) === "down" ? "down" : "ok",
    );
    edge(`router:${id}`, `network:ext${r % externalNetworks}`, `203.0.113.${r % 250}`, "ok");
  }
  const groups = new Map<string, string[]>();
  if (!ungrouped && computes.length > GROUP_ABOVE)
    for (const name of computes) {
      const key = namePrefix(name);
      const members = groups.get(key);
      if (members) members.push(`node:${name}`);
      else groups.set(key, [`node:${name}`]);
    }
  const folded = foldGroups(nodes, edges, groups, expand, (ids) => worstSeverity(ids, []));
  folded.nodes.sort((a, b) => a.id.localeCompare(b.id));
  folded.edges.sort((a, b) => a.id.localeCompare(b.id));
  return {
    finishedAt: new Date().toISOString(),
    nodes: folded.nodes,
    edges: folded.edges,
    findings: [],
    expanded: folded.expanded,
  };
}
