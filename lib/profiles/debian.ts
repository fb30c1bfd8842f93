import type { CentralDbSpec, DeploymentProfile, ServiceSpec } from "./types";

/**
 * Debian/Ubuntu packages (ovn-central, ovn-host, openvswitch-switch, neutron-server).
 * RHEL-family (ovn-northd runs the DBs via ovn-ctl; ovn-db@nb/sb) and containerised
 * (kolla: ovn_nb_db, …) profiles add their own table here.
 */
const SERVICES: ServiceSpec[] = [
  {
    service: "nb-db",
    label: "NB",
    units: ["ovn-ovsdb-server-nb.service"],
    commands: ["ovsdb-server"],
    argsContain: "ovnnb_db",
    roles: ["controller", "ovn-central"],
  },
  {
    service: "sb-db",
    label: "SB",
    units: ["ovn-ovsdb-server-sb.service"],
    commands: ["ovsdb-server"],
    argsContain: "ovnsb_db",
    roles: ["controller", "ovn-central"],
  },
  {
    service: "northd",
    label: "northd",
    units: ["ovn-northd.service"],
    commands: ["ovn-northd"],
    roles: ["controller", "ovn-central"],
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

/** ovn-central's ovn-ctl defaults: files and sockets under /var/lib/ovn and /var/run/ovn. */
const CENTRAL_DBS: CentralDbSpec[] = [
  {
    db: "NB",
    service: "nb-db",
    schema: "OVN_Northbound",
    unit: "ovn-ovsdb-server-nb.service",
    marker: "ovnnb_db",
    socket: "/var/run/ovn/ovnnb_db.sock",
    ctl: "/var/run/ovn/ovnnb_db.ctl",
    port: 6641,
    clusterLocalAddrOption: "--db-nb-cluster-local-addr",
    clusterLocalPortOption: "--db-nb-cluster-local-port",
    raftPort: 6643,
  },
  {
    db: "SB",
    service: "sb-db",
    schema: "OVN_Southbound",
    unit: "ovn-ovsdb-server-sb.service",
    marker: "ovnsb_db",
    socket: "/var/run/ovn/ovnsb_db.sock",
    ctl: "/var/run/ovn/ovnsb_db.ctl",
    port: 6642,
    clusterLocalAddrOption: "--db-sb-cluster-local-addr",
    clusterLocalPortOption: "--db-sb-cluster-local-port",
    raftPort: 6644,
  },
];

export const DEBIAN: DeploymentProfile = {
  services: SERVICES,
  centralDbs: CENTRAL_DBS,
  // openvswitch-switch.service wraps these two (ovs-ctl --no-ovs-vswitchd / --no-ovsdb-server).
  ovsUnits: { ovsdb: "ovsdb-server.service", vswitchd: "ovs-vswitchd.service" },
  neutronConfig: {
    dir: "/etc/neutron/",
    files: [
      "/etc/neutron/neutron.conf",
      "/etc/neutron/plugins/ml2/ml2_conf.ini",
      "/etc/neutron/ovn.ini",
    ],
    ml2: "/etc/neutron/plugins/ml2/ml2_conf.ini",
  },
};
