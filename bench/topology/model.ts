import type { Health } from "@/lib/model/health";
import type { TopoEdge, TopoNode, TopologyModel } from "@/lib/views/topology";

/**
 * A synthetic topology of `hosts` nodes and `routers` routers, shaped like topologyModel()'s
 * output for a real cloud: 3 controllers with NB/SB/northd/neutron-server, network nodes as
 * gateway chassis, compute nodes, four external networks on two physical networks. Health varies so every style renders.
 */
export function syntheticTopology(hosts: number, routers: number): TopologyModel {
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
  for (let i = 0; i < hosts; i++) {
    const name =
      i < controllers ? `ctl${i + 1}` : i < controllers + network ? `net${i}` : `cmp${i}`;
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
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  edges.sort((a, b) => a.id.localeCompare(b.id));
  return { finishedAt: new Date().toISOString(), nodes, edges, findings: [] };
}
