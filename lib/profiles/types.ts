import type { Role } from "@/lib/inventory/schema";

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
 * One of OVN's central databases as a deployment installs it: the unit that runs its
 * ovsdb-server, the text that tells that server's command line apart (its file or socket
 * stem), its control socket for ovn-appctl, its local socket and its well-known TCP port
 * (used when the database's remotes name none).
 */
export interface CentralDbSpec {
  db: "NB" | "SB";
  service: "nb-db" | "sb-db";
  /** The OVSDB schema name the server serves. */
  schema: "OVN_Northbound" | "OVN_Southbound";
  unit: string;
  /** Appears in the server's arguments (database file, sockets, pid file). */
  marker: string;
  socket: string;
  ctl: string;
  port: number;
  /**
   * The ovn-ctl option (in OVN_CTL_OPTS) that makes this node's server a member of a RAFT
   * cluster, with its local address as value; and the default raft port beside it.
   */
  clusterLocalAddrOption: string;
  clusterLocalPortOption: string;
  raftPort: number;
}

/** Everything about a deployment shape that differs between shapes: names, paths, ports. */
export interface DeploymentProfile {
  services: ServiceSpec[];
  centralDbs: CentralDbSpec[];
  /** Open vSwitch's own units: its database server and the switch daemon. */
  ovsUnits: { ovsdb: string; vswitchd: string };
  /**
   * Neutron's configuration: the directory its files live in, the files neutron-server reads
   * in order (a later one overrides an earlier one), and the one that holds ML2's [ovn] section.
   */
  neutronConfig: { dir: string; files: string[]; ml2: string };
}
