/**
 * The Snapshot: everything ovnscope knows about a cloud at one moment, built by lib/collect
 * from the probes' parsers, read by lib/diagnose and sent as JSON to the browser.
 * Plain data only (no classes, no Dates): it crosses the wire unchanged.
 */
import type { Role } from "@/lib/inventory/schema";

/** ISO 8601 time string. */
export type Iso = string;

/**
 * How the last attempt to read a node went. Only "reachable" means the data is current and
 * complete; "partial" means some sections failed (see `sections`). The others say why there
 * is no current data — never shown as healthy, and unreachable is never shown as down.
 */
export type Reachability = "reachable" | "partial" | "unreachable" | "refused" | "denied";

export type SectionName =
  | "meta"
  | "units"
  | "dropins"
  | "config"
  | "listen"
  | "conns"
  | "procs"
  | "nb"
  | "sb"
  | "nb-remotes"
  | "sb-remotes"
  | "nb-server"
  | "nb-cluster"
  | "sb-server"
  | "sb-cluster"
  | "northd"
  | "ovs"
  | "controller"
  | "journal"
  | "neutron"
  | "neutron-options";

/** How one section of the collection script went: "absent" = this node has no such daemon. */
export type SectionStatus =
  | { state: "ok" }
  | { state: "absent" }
  | { state: "failed"; rc: number | null; message: string }
  | { state: "unparsable"; message: string };

export interface ExecCommand {
  path: string;
  argv: string[];
}

export interface Unit {
  id: string;
  names: string[];
  loadState: string;
  activeState: string;
  subState: string;
  type: string;
  remainAfterExit: boolean;
  mainPid: number;
  execMainStatus: number;
  execMainCode: number;
  nRestarts: number;
  result: string;
  unitFileState: string;
  requires: string[];
  wants: string[];
  bindsTo: string[];
  partOf: string[];
  after: string[];
  before: string[];
  activeEnterTimestamp: Iso | null;
  inactiveEnterTimestamp: Iso | null;
  stateChangeTimestamp: Iso | null;
  fragmentPath: string;
  dropInPaths: string[];
  execStart: ExecCommand[];
  execStop: ExecCommand[];
  execStopPost: ExecCommand[];
}

export interface ProcessRef {
  name: string;
  pid: number;
}

export interface Listener {
  proto: "tcp";
  address: string;
  port: number;
  processes: ProcessRef[];
}

/** An established TCP connection to or from an OVSDB port, as this node's kernel has it. */
export interface Connection {
  address: string;
  port: number;
  peerAddress: string;
  peerPort: number;
  /** The processes holding it here (an ovsdb-server for one it accepted). */
  processes: ProcessRef[];
}

export interface Process {
  pid: number;
  ppid: number;
  user: string;
  elapsedSeconds: number;
  rssKb: number;
  command: string;
  args: string;
}

export interface FileText {
  path: string;
  text: string;
}

/** Settings read from the node's config files that decide who connects where. */
export interface NodeConfig {
  files: FileText[];
  /** [ovn] ovn_nb_connection / ovn_sb_connection from ml2_conf.ini / ovn.ini (last wins). */
  neutronOvn: {
    nbConnection?: string;
    sbConnection?: string;
    source?: string;
    options: Record<string, string>;
  };
  /** OVN_CTL_OPTS from /etc/default/ovn-central (or /etc/sysconfig/ovn-northd). */
  ovnCtlOpts?: string;
}

export interface JournalEntry {
  time: Iso;
  unit: string;
  priority: number;
  pid: number | null;
  identifier: string;
  message: string;
}

export type OvsdbMap = Record<string, string>;

export interface OvsState {
  systemId?: string;
  ovsVersion?: string;
  externalIds: OvsdbMap;
  /** external_ids:ovn-bridge-mappings parsed: physical network → bridge. */
  bridgeMappings: Record<string, string>;
  /** external_ids:ovn-cms-options parsed. */
  cmsOptions: string[];
  bridges: { name: string; datapathType: string; failMode: string | null }[];
  /**
   * The tunnel interfaces (geneve, vxlan, stt) with their BFD settings and state: OVN's gateway
   * election runs on BFD over them. Absent when the node's collect script does not read them.
   */
  tunnels?: OvsTunnel[];
}

/** One tunnel Interface row of the chassis' OVS. */
export interface OvsTunnel {
  name: string;
  type: string;
  /** options:remote_ip: the peer chassis' encap IP. */
  remoteIp: string | null;
  /** Interface.bfd, the configuration (enable, min_rx, min_tx, mult, …); empty: BFD off. */
  bfd: OvsdbMap;
  /** Interface.bfd_status (state, forwarding, diagnostic, remote_state, flap_count, …). */
  bfdStatus: OvsdbMap;
}

export interface NbState {
  global: { nbCfg: number; sbCfg: number; hvCfg: number } | null;
  routers: {
    uuid: string;
    name: string;
    ports: string[];
    externalIds: OvsdbMap;
    enabled: boolean | null;
  }[];
  routerPorts: {
    uuid: string;
    name: string;
    networks: string[];
    mac: string;
    gatewayChassis: string[];
    haChassisGroup: string | null;
    status: OvsdbMap;
    options: OvsdbMap;
    externalIds: OvsdbMap;
  }[];
  gatewayChassis: { uuid: string; name: string; chassisName: string; priority: number }[];
  haChassisGroups: { uuid: string; name: string; haChassis: string[] }[];
  haChassis: { uuid: string; chassisName: string; priority: number }[];
  switches: { uuid: string; name: string; ports: string[]; externalIds: OvsdbMap }[];
  switchPorts: {
    uuid: string;
    name: string;
    type: string;
    options: OvsdbMap;
    externalIds: OvsdbMap;
    up: boolean | null;
  }[];
}

export interface SbState {
  global: { nbCfg: number } | null;
  chassis: {
    uuid: string;
    name: string;
    hostname: string;
    encaps: string[];
    externalIds: OvsdbMap;
    otherConfig: OvsdbMap;
  }[];
  chassisPrivate: {
    uuid: string;
    name: string;
    chassis: string | null;
    nbCfg: number;
    nbCfgTimestamp: number;
  }[];
  encaps: { uuid: string; type: string; ip: string; chassisName: string }[];
  portBindings: {
    uuid: string;
    logicalPort: string;
    type: string;
    chassis: string | null;
    up: boolean | null;
    datapath: string;
    options: OvsdbMap;
    externalIds: OvsdbMap;
  }[];
  datapaths: { uuid: string; externalIds: OvsdbMap }[];
}

/**
 * Every option the node's installed Neutron registers (deploy/libexec/ovnscope/neutron-options),
 * read once per node and again when its Neutron changes: what a setting is checked against.
 */
export interface NeutronOptions {
  version: string;
  namespaces: string[];
  /** Group (lower case, "DEFAULT" as is) → option names ("_", lower case). */
  options: Record<string, string[]>;
  /** An old "group.name" oslo.config still accepts → the "group.name" it now stands for. */
  deprecated: Record<string, string>;
  /** Namespaces whose list could not be read (their options are then unknown, not absent). */
  failed: string[];
}

/**
 * One database as its ovsdb-server's _Server database describes it (ovsdb-server(5)). For a
 * clustered one: whether this member is connected to the cluster and is its leader, the
 * cluster's id (cid), this member's server id (sid) and the last log index it has seen.
 */
export interface ServedDatabase {
  name: string;
  model: "standalone" | "clustered" | "relay" | string;
  connected: boolean;
  leader: boolean;
  cid: string | null;
  sid: string | null;
  index: number | null;
}

/** One server in a member's `Servers:` list of `cluster/status`. */
export interface RaftPeer {
  /** Short server id (first four hex digits), as cluster/status prints it. */
  sid: string;
  /** Its raft address, e.g. tcp:10.250.0.13:6643. */
  address: string;
  self: boolean;
  /** Only the leader tracks these: the next log entry to send, the last one it has. */
  nextIndex: number | null;
  matchIndex: number | null;
  /** "last msg N ms ago": null when this member has not heard from it. */
  lastMsgMs: number | null;
}

/** A member's `cluster/status DB` (ovsdb-server's raft), field by field. */
export interface RaftStatus {
  name: string;
  /** Full ids (cluster and this server); the cluster's is null while joining ("not yet known"). */
  clusterId: string | null;
  serverId: string;
  address: string;
  /** "cluster member", "joining cluster", "leaving cluster", "left cluster", "disconnected from the cluster (election timeout)". */
  status: string;
  role: "leader" | "follower" | "candidate" | string;
  term: number;
  /** "self", "unknown", or the leader's short server id. */
  leader: string;
  vote: string;
  lastElectionStartedMs: number | null;
  lastElectionWonMs: number | null;
  electionTimerMs: number | null;
  log: { start: number; next: number } | null;
  notCommitted: number;
  notApplied: number;
  /** Raft connections: inbound or outbound, to which short id; failing ones are printed in (). */
  connections: { direction: "in" | "out"; sid: string; failing: boolean }[];
  disconnections: number;
  servers: RaftPeer[];
}

export interface NodeData {
  meta: {
    version: number;
    hostname: string;
    time: Iso;
    uptimeSeconds: number;
    os: string;
    /** The installed Neutron's package metadata directory (e.g. neutron-21.0.0.egg-info), if any. */
    neutron?: string;
  } | null;
  units: Unit[];
  dropIns: FileText[];
  config: NodeConfig | null;
  listeners: Listener[];
  /**
   * Established TCP connections of OVSDB: those this node's ovsdb-servers accepted and those its
   * processes opened to an OVN database port (which member each client talks to). [] when not read.
   */
  connections: Connection[];
  processes: Process[];
  /** Present only on nodes that run the database locally. */
  nb: NbState | null;
  sb: SbState | null;
  nbRemotes: string[] | null;
  sbRemotes: string[] | null;
  /** The _Server database of the NB/SB ovsdb-server here: how each database it serves is run. */
  nbServer: ServedDatabase[] | null;
  sbServer: ServedDatabase[] | null;
  /** `cluster/status` of a clustered NB/SB served here; null when standalone or not here. */
  nbCluster: RaftStatus | null;
  sbCluster: RaftStatus | null;
  /** `ovn-appctl -t ovn-northd status`, e.g. "active" / "standby"; null when not running here. */
  northdStatus: string | null;
  ovs: OvsState | null;
  /** `ovn-appctl -t ovn-controller connection-status`: "connected" / "not connected". */
  controllerConnection: string | null;
  journal: JournalEntry[];
  /** Journal lines are read only when a unit changed or every minute or so: when these were. */
  journalCollectedAt: Iso | null;
  /** Read rarely (see Collector): null until read, or on a node without Neutron. */
  neutronOptions: NeutronOptions | null;
  neutronOptionsCollectedAt: Iso | null;
  sections: Partial<Record<SectionName, SectionStatus>>;
}

export interface NodeSnapshot {
  name: string;
  address: string;
  roles: Role[];
  profile: string;
  /** The inventory's group for it (availability zone, aggregate, rack), or null. */
  group: string | null;
  reach: Reachability;
  /** Why the node is not (fully) reachable, in words an operator can act on. */
  error: string | null;
  /** When this collection attempt started and how long it took. */
  attemptedAt: Iso;
  durationMs: number;
  /**
   * The latest data that was read successfully, and when. After a failed attempt it is the
   * previous data (stale: dataCollectedAt < attemptedAt), or null if none was ever read.
   */
  data: NodeData | null;
  dataCollectedAt: Iso | null;
  /**
   * True when this attempt did not read the node because nothing could have changed: its change
   * watch (lib/collect/watch.ts) has run since the read of dataCollectedAt and no node of the
   * cloud reported a change since. The data is current as of attemptedAt, not stale; a full
   * read comes again within the collector's fullReadMs.
   */
  followed?: boolean;
}

export interface NeutronRouter {
  id: string;
  name: string;
  status: string;
  adminStateUp: boolean;
  gateway: { networkId: string; fixedIps: { subnetId: string; ipAddress: string }[] } | null;
}

export interface NeutronPort {
  id: string;
  name: string;
  status: string;
  deviceId: string;
  deviceOwner: string;
  networkId: string;
  fixedIps: { subnetId: string; ipAddress: string }[];
  hostId: string;
}

export interface NeutronNetwork {
  id: string;
  name: string;
  status: string;
  networkType: string | null;
  physicalNetwork: string | null;
}

export interface NeutronAgent {
  id: string;
  agentType: string;
  host: string;
  alive: boolean;
  adminStateUp: boolean;
}

/**
 * The Neutron API's view. When it cannot be read, state is "unavailable" and the lists are
 * empty: gateway port status is then unknown, never the last value passed off as current.
 */
export interface NeutronState {
  state: "ok" | "unavailable" | "unconfigured";
  error: string | null;
  node: string | null;
  endpoint: string | null;
  collectedAt: Iso | null;
  routers: NeutronRouter[];
  gatewayPorts: NeutronPort[];
  externalNetworks: NeutronNetwork[];
  agents: NeutronAgent[];
  /**
   * Each other neutron-server's own API, asked the same GETs in the same read (through the
   * Neutron node, with its credentials): with several servers behind one endpoint, the
   * endpoint's answer says nothing about a given server. Absent where there is none to ask.
   */
  servers?: NeutronServerState[];
}

/** One neutron-server's own API, as read beside the cloud's endpoint. */
export interface NeutronServerState {
  node: string;
  endpoint: string;
  state: "ok" | "unavailable";
  error: string | null;
  collectedAt: Iso | null;
  /** When the read that gave this answer began (an answer kept while a newer read of this
   *  server is under way is older than its snapshot). */
  askedAt: Iso;
}

export interface Snapshot {
  cloud: string;
  /** Increases by one with every collection; lets pages tell a fresh snapshot from a cached one. */
  generation: number;
  startedAt: Iso;
  finishedAt: Iso;
  nodes: NodeSnapshot[];
  neutron: NeutronState;
}

/** A node's own cluster/status of its NB or SB member (null: standalone, or not a member here). */
export function raftStatusOf(
  data: NodeData | null | undefined,
  db: "NB" | "SB",
): RaftStatus | null {
  return (db === "NB" ? data?.nbCluster : data?.sbCluster) ?? null;
}

/** A node's own `_Server.Database` rows of its NB or SB server. */
export function servedDatabasesOf(
  data: NodeData | null | undefined,
  db: "NB" | "SB",
): ServedDatabase[] {
  return (db === "NB" ? data?.nbServer : data?.sbServer) ?? [];
}
