/**
 * Typed references to the elements of a cloud that a finding concerns and the topology draws:
 * a node, a service on a node, an SB chassis, a router, a physical network, Neutron's edge to a
 * central database. `Finding.affects` carries their string form (`elementId`), which pages and
 * the topology match on (`node:ctl1`, `service:ctl1:nb-db`, `chassis:cmp1`, `router:<id>`,
 * `physnet:physnet1`, `network:<id>`, `edge:neutron-nb`): build them with `ref`, never by hand.
 */
export type ElementRef =
  | { kind: "node"; node: string }
  | { kind: "service"; node: string; service: string }
  | { kind: "chassis"; chassis: string }
  | { kind: "router"; router: string }
  | { kind: "physnet"; physnet: string }
  | { kind: "network"; network: string }
  | { kind: "edge"; from: "neutron"; db: "nb" | "sb" };

export type ElementKind = ElementRef["kind"];

export const ref = {
  node: (node: string): ElementRef => ({ kind: "node", node }),
  /** A watched service (lib/profiles' Service: nb-db, northd, neutron-server, …) on a node. */
  service: (node: string, service: string): ElementRef => ({ kind: "service", node, service }),
  /** An SB Chassis by its name (the chassis' OVS system-id). */
  chassis: (chassis: string): ElementRef => ({ kind: "chassis", chassis }),
  /** A Neutron router by its id. */
  router: (router: string): ElementRef => ({ kind: "router", router }),
  physnet: (physnet: string): ElementRef => ({ kind: "physnet", physnet }),
  /** A Neutron (external) network by its id, as the topology draws it between routers and physnets. */
  network: (network: string): ElementRef => ({ kind: "network", network }),
  /** Neutron's connection to the NB or SB database (its [ovn] ovn_*_connection). */
  neutronDb: (db: "NB" | "SB" | "nb" | "sb"): ElementRef => ({
    kind: "edge",
    from: "neutron",
    db: db === "NB" || db === "nb" ? "nb" : "sb",
  }),
};

/** The string form of an element reference, as `Finding.affects` and the topology's ids carry it. */
export function elementId(r: ElementRef): string {
  switch (r.kind) {
    case "node":
      return `node:${r.node}`;
    case "service":
      return `service:${r.node}:${r.service}`;
    case "chassis":
      return `chassis:${r.chassis}`;
    case "router":
      return `router:${r.router}`;
    case "physnet":
      return `physnet:${r.physnet}`;
    case "network":
      return `network:${r.network}`;
    case "edge":
      return `edge:${r.from}-${r.db}`;
  }
}
