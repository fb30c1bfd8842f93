import type { Profile, Role } from "@/lib/inventory/schema";

/** The OVN/Neutron services ovnscope watches, whatever a distribution calls their units. */
export const SERVICES = [
  "nb-db",
  "sb-db",
  "northd",
  "neutron-server",
  "neutron-rpc",
  "ovn-controller",
  "ovs-vswitchd",
] as const;
export type Service = (typeof SERVICES)[number];

export interface ServiceSpec {
  service: Service;
  /** Short label for dense tables; never translated (it is a name). */
  label: string;
  /** Unit names in this profile, first match wins (aliases included). */
  units: string[];
  /** Process command names that belong to it. */
  commands: string[];
  /** When several services share a command (ovsdb-server), a text its arguments contain. */
  argsContain?: string;
  /** Roles whose nodes must run it. */
  roles: Role[];
  /**
   * A layout's own part (Neutron's RPC server beside neutron-api): expected on a node of its
   * roles only where one of these units is in use there (enabled, or not inactive).
   */
  onlyWith?: string[];
}

/**
 * Debian/Ubuntu packages (ovn-central, ovn-host, openvswitch-switch, neutron-server).
 * RHEL-family (ovn-northd runs the DBs via ovn-ctl; ovn-db@nb/sb) and containerised
 * (kolla: ovn_nb_db, …) profiles add their own table here.
 */
const DEBIAN: ServiceSpec[] = [
  {
    service: "nb-db",
    label: "NB",
    units: ["ovn-ovsdb-server-nb.service"],
    commands: ["ovsdb-server"],
    argsContain: "ovnnb_db",
    roles: ["controller"],
  },
  {
    service: "sb-db",
    label: "SB",
    units: ["ovn-ovsdb-server-sb.service"],
    commands: ["ovsdb-server"],
    argsContain: "ovnsb_db",
    roles: ["controller"],
  },
  {
    service: "northd",
    label: "northd",
    units: ["ovn-northd.service"],
    commands: ["ovn-northd"],
    roles: ["controller"],
  },
  // Neutron's API in either layout: the eventlet neutron-server (API and RPC in one unit), or
  // since 2025.1 neutron-api under uWSGI, with neutron-rpc-server beside it (Neutron's "WSGI
  // Usage" docs; Debian 12's Neutron 21 ships both units). Which unit carries it on a node is
  // the one in use there (services.ts serviceUnit).
  {
    service: "neutron-server",
    label: "neutron",
    units: ["neutron-server.service", "neutron-api.service"],
    commands: ["neutron-server", "neutron-api"],
    roles: ["controller"],
  },
  {
    service: "neutron-rpc",
    label: "neutron-rpc",
    units: ["neutron-rpc-server.service"],
    commands: ["neutron-rpc-server"],
    roles: ["controller"],
    onlyWith: ["neutron-api.service", "neutron-rpc-server.service"],
  },
  {
    service: "ovn-controller",
    label: "ovn-controller",
    units: ["ovn-controller.service"],
    commands: ["ovn-controller"],
    roles: ["network", "compute"],
  },
  {
    service: "ovs-vswitchd",
    label: "ovs",
    units: ["ovs-vswitchd.service", "openvswitch-switch.service"],
    commands: ["ovs-vswitchd"],
    roles: ["network", "compute"],
  },
];

const PROFILES: Record<Profile, ServiceSpec[]> = { debian: DEBIAN };

export function serviceSpecs(profile: Profile): ServiceSpec[] {
  return PROFILES[profile];
}

/**
 * Which services a node with these roles is expected to run, whatever its layout (a layout's
 * own part, `onlyWith`, is expected where the node's data shows that layout: services.ts).
 */
export function expectedServices(profile: Profile, roles: readonly Role[]): ServiceSpec[] {
  return serviceSpecs(profile).filter((s) => !s.onlyWith && s.roles.some((r) => roles.includes(r)));
}

/** Neutron's server in this profile, in either layout: its API, then its RPC server. */
export function neutronServices(profile: Profile): ServiceSpec[] {
  return serviceSpecs(profile).filter((s) => NEUTRON.includes(s.service));
}
const NEUTRON: readonly Service[] = ["neutron-server", "neutron-rpc"];

/** OVN's well-known TCP ports, used when a DB's remotes name none. */
export const NB_PORT = 6641;
export const SB_PORT = 6642;
