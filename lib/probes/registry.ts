/**
 * Every probe, declared once: the section a node script prints, what the node runs for it,
 * the parser, the command an operator would type to check the fact by hand (a finding's
 * evidence), and the NodeData field it fills. lib/collect/node-data.ts builds NodeData by
 * walking this table; lib/diagnose/evidence.ts reads the commands from it; a unit test
 * (test/unit/probes/registry.test.ts) checks the node scripts in deploy/libexec/ovnscope print
 * exactly the sections declared here for them.
 *
 * Adding a probe: its section in the node reader (collect-serve.py's collect_once(), printed
 * as the tool an operator would use prints it), its name in SectionName (lib/model/snapshot.ts),
 * its field in NodeData, a parser here in lib/probes (tested on a captured fixture), and its
 * entry below. The compiler refuses a SectionName without an entry and a NodeData field that no
 * probe fills; the unit test refuses a section the reader prints and no entry declares, or the
 * other way round; test/integration/collect-serve.test.ts compares the section with the tool.
 */
import type { NodeData, SectionName } from "@/lib/model/snapshot";
import { centralDb } from "@/lib/profiles";
import { parseControllerConnection, parseNorthdStatus, parseRemotes } from "./appctl";
import { parseConfig } from "./config";
import { parseFiles } from "./files";
import { parseJournal } from "./journal";
import { parseConnections, parseListeners } from "./listeners";
import { COLLECT_VERSION, parseMeta } from "./meta";
import { parseNeutron } from "./neutron";
import { parseNeutronOptions } from "./neutron-options";
import { parseRaftStatus, parseServedDatabases } from "./ovn-cluster";
import { parseNb } from "./ovn-nb";
import { parseSb } from "./ovn-sb";
import { parseOvs } from "./ovs";
import { parseProcesses } from "./processes";
import { parseUnits } from "./systemd-units";

/**
 * The node script (deploy/libexec/ovnscope/) whose output carries the section. `collect` (its
 * reader is collect-serve.py) runs on every refresh, through `collect --serve` on the held
 * connection; the others run on their own schedule (see lib/collect/collector.ts), and their
 * sections are read where they come.
 */
export type NodeScript = "collect" | "collect-journal" | "neutron-query" | "neutron-options";

/** NodeData's fields that a probe fills (the rest is bookkeeping the collector sets). */
export type ProbedField = Exclude<
  keyof NodeData,
  "sections" | "journalCollectedAt" | "neutronOptionsCollectedAt"
>;

interface Declared {
  script: NodeScript;
  /** What the node does for this section (the reader's own words; see the script). */
  nodeRuns: string;
  /**
   * The command an operator would type to check the fact by hand (a finding's evidence); a
   * function of the node's profile where it names a socket or file.
   */
  evidenceCommand: string | ((profile: string) => string);
  /**
   * Added to the reader after its version was set, without a new version: a node whose reader
   * is older does not print it, which reads as "not known", not as a failed section.
   */
  addedLater?: true;
}

/** A probe whose section fills one NodeData field. */
export interface NodeProbe<K extends ProbedField = ProbedField> extends Declared {
  field: K;
  parse: (text: string) => NodeData[K];
  /** The field's value when the section is absent, failed or unparsable (a fresh one each call). */
  fallback: () => NodeData[K];
  /** A problem with a value that parsed (e.g. the node runs another script version); null if none. */
  check?(value: NodeData[K]): string | null;
}

/** A probe whose section is not a node's own state (Neutron's API, read through one node). */
export interface SnapshotProbe extends Declared {
  /** Where the parsed section goes instead of a NodeData field. */
  field: "Snapshot.neutron";
  parse: (text: string) => unknown;
}

export type Probe = NodeProbe | SnapshotProbe;

/** Keeps K (the field) tied to its parser's and fallback's type, then forgets it. */
function nodeProbe<K extends ProbedField>(probe: NodeProbe<K>): NodeProbe<K> {
  return probe;
}

const dbQuery = (p: string, db: "NB" | "SB") =>
  `ovsdb-client query unix:${centralDb(p, db).socket} (${centralDb(p, db).schema})`;
const listRemotes = (p: string, db: "NB" | "SB") =>
  `ovn-appctl -t ${centralDb(p, db).ctl} ovsdb-server/list-remotes`;

const serverQuery = (p: string, db: "NB" | "SB") =>
  `ovsdb-client dump unix:${centralDb(p, db).socket} _Server Database name model connected leader cid sid index`;
const clusterStatus = (p: string, db: "NB" | "SB") =>
  `ovn-appctl -t ${centralDb(p, db).ctl} cluster/status ${centralDb(p, db).schema}`;

const DECLARED = {
  meta: nodeProbe({
    script: "collect",
    nodeRuns:
      "the script's version, /proc/sys/kernel/hostname, the clock (epoch seconds), /proc/uptime, /etc/os-release's ID and VERSION_ID, the installed Neutron's package metadata directory",
    evidenceCommand: "hostname; date",
    field: "meta",
    parse: parseMeta,
    fallback: () => null,
    check: (meta) =>
      meta && meta.version !== COLLECT_VERSION
        ? `the node runs collect script version ${meta.version}, this ovnscope reads version ${COLLECT_VERSION}: install deploy/libexec/ovnscope on it`
        : null,
  }),
  units: nodeProbe({
    script: "collect",
    nodeRuns:
      "the OVN/OVS/Neutron units that have a unit file: their properties over systemd's private D-Bus socket (systemctl show as the fallback), printed as `systemctl show --timestamp=unix -p <UNIT_PROPS>` prints them",
    evidenceCommand: "systemctl show <unit>",
    field: "units",
    parse: parseUnits,
    fallback: () => [],
  }),
  dropins: nodeProbe({
    script: "collect",
    nodeRuns:
      "the OVN/OVS/Neutron units' drop-ins under /etc/systemd/system and /run/systemd/system, each after '@@file PATH', secrets redacted",
    evidenceCommand: "systemctl cat <unit>",
    field: "dropIns",
    parse: parseFiles,
    fallback: () => [],
  }),
  config: nodeProbe({
    script: "collect",
    nodeRuns:
      "ml2_conf.ini, ovn.ini, neutron.conf, /etc/default/ovn-central, /etc/default/ovn-host, /etc/sysconfig/ovn-northd without comments and blank lines, each after '@@file PATH', secrets redacted",
    evidenceCommand: "cat <config file>",
    field: "config",
    parse: parseConfig,
    fallback: () => null,
  }),
  listen: nodeProbe({
    script: "collect",
    nodeRuns:
      "listening TCP sockets from netlink sock_diag, their owners from /proc/*/fd, printed as `ss -H -ltnp` prints them",
    evidenceCommand: "ss -H -ltnp",
    field: "listeners",
    parse: parseListeners,
    fallback: () => [],
  }),
  conns: nodeProbe({
    script: "collect",
    nodeRuns:
      "established TCP connections on the ports this node's ovsdb-servers listen on and to the OVN NB/SB ports (6641, 6642), from netlink sock_diag, their owners from /proc/*/fd, printed as `ss -H -tnp` prints them",
    evidenceCommand: "ss -H -tnp state established",
    addedLater: true,
    field: "connections",
    parse: parseConnections,
    fallback: () => [],
  }),
  procs: nodeProbe({
    script: "collect",
    nodeRuns:
      "the OVN/OVS daemons' and Neutron's server processes from /proc, printed as `ps -eo pid=,ppid=,user=,etimes=,rss=,args= -ww` prints them",
    evidenceCommand: "ps -eo pid,ppid,user,etimes,rss,args",
    field: "processes",
    parse: parseProcesses,
    fallback: () => [],
  }),
  nb: nodeProbe({
    script: "collect",
    nodeRuns:
      "one OVSDB transact on NB's local unix socket, its result as `ovsdb-client query` prints it: NB_Global, Logical_Router, Logical_Router_Port, Gateway_Chassis, HA_Chassis_Group, HA_Chassis, Logical_Switch, router and localnet Logical_Switch_Ports",
    evidenceCommand: (p) => dbQuery(p, "NB"),
    field: "nb",
    parse: parseNb,
    fallback: () => null,
  }),
  sb: nodeProbe({
    script: "collect",
    nodeRuns:
      "one OVSDB transact on SB's local unix socket, its result as `ovsdb-client query` prints it: SB_Global, Chassis, Chassis_Private, Encap, chassisredirect/localnet/l3gateway Port_Bindings, Datapath_Binding",
    evidenceCommand: (p) => dbQuery(p, "SB"),
    field: "sb",
    parse: parseSb,
    fallback: () => null,
  }),
  "nb-remotes": nodeProbe({
    script: "collect",
    nodeRuns: "ovsdb-server/list-remotes over NB's control socket (as ovn-appctl)",
    evidenceCommand: (p) => listRemotes(p, "NB"),
    field: "nbRemotes",
    parse: parseRemotes,
    fallback: () => null,
  }),
  "sb-remotes": nodeProbe({
    script: "collect",
    nodeRuns: "ovsdb-server/list-remotes over SB's control socket (as ovn-appctl)",
    evidenceCommand: (p) => listRemotes(p, "SB"),
    field: "sbRemotes",
    parse: parseRemotes,
    fallback: () => null,
  }),
  "nb-server": nodeProbe({
    script: "collect",
    nodeRuns:
      "one OVSDB transact on NB's local unix socket: the _Server database's Database rows (name, model, connected, leader, cid, sid, index), as `ovsdb-client query` prints it",
    evidenceCommand: (p) => serverQuery(p, "NB"),
    field: "nbServer",
    parse: parseServedDatabases,
    fallback: () => null,
  }),
  "nb-cluster": nodeProbe({
    script: "collect",
    nodeRuns:
      "cluster/status over NB's control socket (as ovn-appctl), only when the _Server answer says NB is clustered; absent otherwise",
    evidenceCommand: (p) => clusterStatus(p, "NB"),
    field: "nbCluster",
    parse: parseRaftStatus,
    fallback: () => null,
  }),
  "sb-server": nodeProbe({
    script: "collect",
    nodeRuns:
      "one OVSDB transact on SB's local unix socket: the _Server database's Database rows (name, model, connected, leader, cid, sid, index), as `ovsdb-client query` prints it",
    evidenceCommand: (p) => serverQuery(p, "SB"),
    field: "sbServer",
    parse: parseServedDatabases,
    fallback: () => null,
  }),
  "sb-cluster": nodeProbe({
    script: "collect",
    nodeRuns:
      "cluster/status over SB's control socket (as ovn-appctl), only when the _Server answer says SB is clustered; absent otherwise",
    evidenceCommand: (p) => clusterStatus(p, "SB"),
    field: "sbCluster",
    parse: parseRaftStatus,
    fallback: () => null,
  }),
  northd: nodeProbe({
    script: "collect",
    nodeRuns: "status over ovn-northd's control socket (as ovn-appctl -t ovn-northd)",
    evidenceCommand: "ovn-appctl -t ovn-northd status",
    field: "northdStatus",
    parse: parseNorthdStatus,
    fallback: () => null,
  }),
  ovs: nodeProbe({
    script: "collect",
    nodeRuns:
      "one OVSDB transact on Open vSwitch's local unix socket, its result as `ovsdb-client query` prints it: Open_vSwitch, Bridge, and the geneve/vxlan/stt Interfaces' name, type, options, bfd, bfd_status",
    evidenceCommand: "ovs-vsctl list Open_vSwitch . ; ovs-vsctl list-br",
    field: "ovs",
    parse: parseOvs,
    fallback: () => null,
  }),
  controller: nodeProbe({
    script: "collect",
    nodeRuns: "connection-status over ovn-controller's control socket (as ovn-appctl)",
    evidenceCommand: "ovn-appctl -t ovn-controller connection-status",
    field: "controllerConnection",
    parse: parseControllerConnection,
    fallback: () => null,
  }),
  journal: nodeProbe({
    script: "collect-journal",
    nodeRuns:
      "journalctl -o json of the OVN/OVS/Neutron units' recent lines; ovn-controller.log's gateway claims, releases and BFD changes, and ovsdb-server-{nb,sb}.log's raft election lines, as lines of their units",
    evidenceCommand: "journalctl -u <unit>",
    field: "journal",
    parse: parseJournal,
    fallback: () => [],
  }),
  neutron: {
    script: "neutron-query",
    nodeRuns:
      "curl of Neutron's API (routers, gateway ports, external networks, agents) with the node's clouds.yaml credentials, each body followed by '@@ovnscope http CODE URL'",
    evidenceCommand:
      "GET /v2.0/routers, /v2.0/ports?device_owner=network:router_gateway, /v2.0/networks, /v2.0/agents",
    field: "Snapshot.neutron",
    parse: parseNeutron,
  },
  "neutron-options": nodeProbe({
    script: "neutron-options",
    nodeRuns:
      "python3: every option the installed Neutron registers (its oslo.config.opts entry points)",
    evidenceCommand:
      "/usr/local/libexec/ovnscope/neutron-options (Neutron's oslo.config.opts lists)",
    field: "neutronOptions",
    parse: parseNeutronOptions,
    fallback: () => null,
  }),
} satisfies Record<SectionName, Probe>;

// Every NodeData field a probe fills has a probe (a compile error names the one without).
type Filled = {
  [S in keyof typeof DECLARED]: (typeof DECLARED)[S]["field"];
}[keyof typeof DECLARED];
type Unfilled = Exclude<ProbedField, Filled>;
const everyFieldFilled: [Unfilled] extends [never] ? true : Unfilled = true;
void everyFieldFilled;

/** Every probe, in the order the collect script prints its sections. */
export const PROBES: readonly (Probe & { section: SectionName })[] = (
  Object.keys(DECLARED) as SectionName[]
).map((section) => ({ ...DECLARED[section], section }));

/** The probes whose sections fill NodeData fields. */
export const NODE_PROBES: readonly (NodeProbe & { section: SectionName })[] = PROBES.filter(
  (p): p is NodeProbe & { section: SectionName } => p.field !== "Snapshot.neutron",
);

/** The command an operator would type for a section, on a node of this profile. */
export function probeCommand(section: SectionName, profile: string): string {
  const command = PROBES.find((p) => p.section === section)!.evidenceCommand;
  return typeof command === "string" ? command : command(profile);
}

/** The sections a node script prints, in order. */
export function sectionsOf(script: NodeScript): SectionName[] {
  return PROBES.filter((p) => p.script === script).map((p) => p.section);
}
