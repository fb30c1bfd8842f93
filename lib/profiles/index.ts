import type { Profile, Role } from "@/lib/inventory/schema";

/** The OVN/Neutron services ovnscope watches, whatever a distribution calls their units. */
export const SERVICES = [
  "nb-db",
  "sb-db",
  "northd",
  "neutron-server",
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
  {
    service: "neutron-server",
    label: "neutron",
    units: ["neutron-server.service", "neutron-api.service"],
    commands: ["neutron-server"],
    roles: ["controller"],
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

/** Which services a node with these roles is expected to run. */
export function expectedServices(profile: Profile, roles: readonly Role[]): ServiceSpec[] {
  return serviceSpecs(profile).filter((s) => s.roles.some((r) => roles.includes(r)));
}

/** OVN's well-known TCP ports, used when a DB's remotes name none. */
export const NB_PORT = 6641;
export const SB_PORT = 6642;
