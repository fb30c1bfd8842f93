/**
 * Prometheus series from one Snapshot and its findings, at scrape time (issue #19). Pure: no
 * I/O, no clock (the scrape's time is an argument), so it is tested on captured fixtures;
 * lib/metrics/registry.ts hands the samples to prom-client and app/metrics/route.ts serves them.
 *
 * Where a concept has a conventional name it is used as ovn-kubernetes defines it
 * (go-controller/pkg/metrics/ovn_northd.go, ovn.go), so existing dashboards and alert rules
 * work: `ovn_northd_status` (standby 0, active 1, paused 2; -1 when it cannot be read, as
 * there) and `ovn_controller_southbound_database_connected` (1 / 0). Those exporters run one
 * per node and carry no node label; ovnscope is one exporter for every node, so both add
 * `node`. The clustered-database series are ovn-kubernetes' `ovn_db_cluster_*` (ovn_db.go: labels
 * db_name = the schema name, cluster_id and server_id = full uuids, one exporter per member), with
 * `node` added for the same reason; ovnscope adds what no member can say alone: the size of the
 * configuration, the members that answer and the majority needed.
 * Everything else is ovnscope's own, under `ovnscope_`. Labels are bounded: node, service,
 * unit, router and chassis names, rule ids and fixed vocabularies; never a finding id or text.
 */
import { diagnose, flatten, RULES, type Finding, type Severity } from "@/lib/diagnose";
import { gatewayChain, LINKS, routerIds, type GatewayChain } from "@/lib/facts/gateway-chain";
import { ovnClusters } from "@/lib/facts/ovn-cluster";
import { findUnit, serviceStates } from "@/lib/facts/services";
import { currentData, isCurrent, knownAt } from "@/lib/model/current";
import { raftStatusOf, type Snapshot } from "@/lib/model/snapshot";

export type Labels = Record<string, string>;
export interface Sample {
  labels: Labels;
  value: number;
}

export interface FamilySpec {
  name: string;
  help: string;
  labelNames: readonly string[];
}

/** Every family /metrics serves, with its labels: the registry registers exactly these. */
export const FAMILIES = {
  northdStatus: {
    name: "ovn_northd_status",
    help: "Specifies whether this instance of ovn-northd is standby(0) or active(1) or paused(2). -1: it did not answer (as ovn-kubernetes). Label node added by ovnscope (one exporter for every node).",
    labelNames: ["node"],
  },
  controllerSbConnected: {
    name: "ovn_controller_southbound_database_connected",
    help: "Specifies if OVN controller is connected to OVN southbound database (1) or not (0). Label node added by ovnscope (one exporter for every node).",
    labelNames: ["node"],
  },
  clusterServerRole: {
    name: "ovn_db_cluster_server_role",
    help: "A metric with a constant '1' value labeled by database name, cluster uuid, server uuid and server role (as ovn-kubernetes). Label node added by ovnscope.",
    labelNames: ["node", "db_name", "cluster_id", "server_id", "server_role"],
  },
  clusterServerStatus: {
    name: "ovn_db_cluster_server_status",
    help: "A metric with a constant '1' value labeled by database name, cluster uuid, server uuid server status (as ovn-kubernetes). Label node added by ovnscope.",
    labelNames: ["node", "db_name", "cluster_id", "server_id", "server_status"],
  },
  clusterTerm: {
    name: "ovn_db_cluster_term",
    help: "A metric that returns the current election term value labeled by database name, cluster uuid, and server uuid (as ovn-kubernetes). Label node added by ovnscope.",
    labelNames: ["node", "db_name", "cluster_id", "server_id"],
  },
  clusterElectionTimer: {
    name: "ovn_db_cluster_election_timer",
    help: "A metric that returns the current election timer value labeled by database name, cluster uuid, and server uuid (as ovn-kubernetes). Label node added by ovnscope.",
    labelNames: ["node", "db_name", "cluster_id", "server_id"],
  },
  clusterLogNotCommitted: {
    name: "ovn_db_cluster_log_not_committed",
    help: "A metric that returns the number of log entries not committed labeled by database name, cluster uuid, and server uuid (as ovn-kubernetes). Label node added by ovnscope.",
    labelNames: ["node", "db_name", "cluster_id", "server_id"],
  },
  clusterLogNotApplied: {
    name: "ovn_db_cluster_log_not_applied",
    help: "A metric that returns the number of log entries not applied labeled by database name, cluster uuid, and server uuid (as ovn-kubernetes). Label node added by ovnscope.",
    labelNames: ["node", "db_name", "cluster_id", "server_id"],
  },
  clusterConnIn: {
    name: "ovn_db_cluster_inbound_connections_total",
    help: "A metric that returns the total number of inbound connections to the server labeled by database name, cluster uuid, and server uuid (as ovn-kubernetes). Label node added by ovnscope.",
    labelNames: ["node", "db_name", "cluster_id", "server_id"],
  },
  clusterConnOut: {
    name: "ovn_db_cluster_outbound_connections_total",
    help: "A metric that returns the total number of outbound connections from the server labeled by database name, cluster uuid, and server uuid (as ovn-kubernetes). Label node added by ovnscope.",
    labelNames: ["node", "db_name", "cluster_id", "server_id"],
  },
  clusterConnInErr: {
    name: "ovn_db_cluster_inbound_connections_error_total",
    help: "A metric that returns the total number of failed inbound connections to the server labeled by database name, cluster uuid, and server uuid (as ovn-kubernetes). Label node added by ovnscope.",
    labelNames: ["node", "db_name", "cluster_id", "server_id"],
  },
  clusterConnOutErr: {
    name: "ovn_db_cluster_outbound_connections_error_total",
    help: "A metric that returns the total number of failed outbound connections from the server labeled by database name, cluster uuid, and server uuid (as ovn-kubernetes). Label node added by ovnscope.",
    labelNames: ["node", "db_name", "cluster_id", "server_id"],
  },
  clusterServers: {
    name: "ovnscope_ovn_db_cluster_servers",
    help: "Servers in the RAFT configuration of a clustered NB/SB database, as its leader (else the member in the highest term) lists them.",
    labelNames: ["db_name", "cluster_id"],
  },
  clusterServersUp: {
    name: "ovnscope_ovn_db_cluster_servers_up",
    help: "Servers of the configuration whose ovsdb-server answered ovnscope (running, whatever its raft status; a stopped or unreachable member counts as not up, which per-member exporters cannot say).",
    labelNames: ["db_name", "cluster_id"],
  },
  clusterQuorum: {
    name: "ovnscope_ovn_db_cluster_quorum",
    help: "Servers a majority of the configuration needs: fewer up than this and no write succeeds.",
    labelNames: ["db_name", "cluster_id"],
  },
  snapshotGeneration: {
    name: "ovnscope_snapshot_generation",
    help: "The collection the series are computed from (increases by one with every collection).",
    labelNames: [],
  },
  snapshotTimestamp: {
    name: "ovnscope_snapshot_timestamp_seconds",
    help: "When the collection the series are computed from finished (Unix time).",
    labelNames: [],
  },
  nodeReachable: {
    name: "ovnscope_node_reachable",
    help: "1 when ovnscope's last read of the node succeeded (fully or in part), else 0.",
    labelNames: ["node"],
  },
  nodeReach: {
    name: "ovnscope_node_reach",
    help: "How ovnscope's last read of the node went: 1, labelled with the current reach (reachable, partial, unreachable, refused, denied); other reaches have no series.",
    labelNames: ["node", "reach"],
  },
  nodeDataAge: {
    name: "ovnscope_node_data_age_seconds",
    help: "Age of what ovnscope knows of the node at scrape time: since its last read, or since the last refresh while its change watch vouched nothing changed (+Inf: never read).",
    labelNames: ["node"],
  },
  nodeCollectionDuration: {
    name: "ovnscope_node_collection_duration_seconds",
    help: "How long ovnscope's last read of the node took.",
    labelNames: ["node"],
  },
  serviceHealth: {
    name: "ovnscope_service_health",
    help: "Health of a watched service on a node as ovnscope shows it: 1, labelled with the current health (ok, degraded, down, stale, unknown, unreachable); other healths have no series.",
    labelNames: ["node", "service", "health"],
  },
  unitState: {
    name: "ovnscope_unit_state",
    help: "systemd ActiveState of the unit that carries a service on a node (current data only): 1, labelled with the current state (active, activating, deactivating, reloading, inactive, failed, or masked, not-installed); other states have no series.",
    labelNames: ["node", "service", "unit", "state"],
  },
  unitRestarts: {
    name: "ovnscope_unit_restarts",
    help: "systemd NRestarts of the unit that carries a service on a node (current data only).",
    labelNames: ["node", "service", "unit"],
  },
  neutronApiUp: {
    name: "ovnscope_neutron_api_up",
    help: "1 when the Neutron API answered ovnscope's last read, 0 when it did not (absent: not configured).",
    labelNames: [],
  },
  neutronServerApiUp: {
    name: "ovnscope_neutron_server_api_up",
    help: "Per neutron-server asked apart from the cloud's endpoint (each other server of a cloud running one per controller): 1 when its own API answered ovnscope's last Neutron read, 0 when it did not.",
    labelNames: ["node", "endpoint"],
  },
  gatewayUp: {
    name: "ovnscope_router_gateway_up",
    help: "1 when the router's gateway port is bound to a chassis in OVN (cr-lrp) and ACTIVE in Neutron, else 0 (Neutron unread counts as not ACTIVE). Label chassis: the hosting chassis (empty when unbound).",
    labelNames: ["router", "chassis"],
  },
  gatewayBrokenLink: {
    name: "ovnscope_router_gateway_broken_link",
    help: "1 for the first broken link of the router's gateway chain (neutron-port, logical-router-port, gateway-chassis, cr-lrp-binding, chassis, bridge-mapping, bridge, physnet), 0 for the others.",
    labelNames: ["router", "link"],
  },
  gatewayCandidates: {
    name: "ovnscope_router_gateway_candidates",
    help: "The router's gateway chassis candidates by whether they could host the port (ok, warning, unknown, broken).",
    labelNames: ["router", "status"],
  },
  gatewayDisagreement: {
    name: "ovnscope_router_gateway_disagreement",
    help: "1 when Neutron and OVN disagree on the router's gateway port: active-unbound (Neutron ACTIVE, cr-lrp bound to no chassis) or down-bound (Neutron DOWN, cr-lrp bound), else 0.",
    labelNames: ["router", "kind"],
  },
  findingsOpen: {
    name: "ovnscope_findings_open",
    help: "Open findings (root causes and their symptoms) by rule and severity.",
    labelNames: ["rule", "severity"],
  },
  rootCausesOpen: {
    name: "ovnscope_root_causes_open",
    help: "Open root findings (not explained by another finding) by rule and severity.",
    labelNames: ["rule", "severity"],
  },
  recoveryRuns: {
    name: "ovnscope_recovery_runs",
    help: "Recovery runs recorded in the store (the newest 500 of this cloud), by runbook and outcome (running, succeeded, failed, interrupted).",
    labelNames: ["runbook", "outcome"],
  },
} as const satisfies Record<string, FamilySpec>;

export type FamilyKey = keyof typeof FAMILIES;
export type Series = Record<FamilyKey, Sample[]>;

const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];
const CANDIDATE_STATUSES = ["ok", "warning", "unknown", "broken"] as const;
const DISAGREEMENTS = ["active-unbound", "down-bound"] as const;
const NORTHD_STATUS: Record<string, number> = { standby: 0, active: 1, paused: 2 };
export const RUN_OUTCOMES = ["running", "succeeded", "failed", "interrupted"] as const;

/** What the series need of a recovery run (lib/recovery's RunRecord has these). */
export interface RunSummary {
  runbook: string;
  status: string;
}

const seconds = (iso: string | null) => (iso ? Date.parse(iso) / 1000 : NaN);

/**
 * A state as one series: 1, labelled with the current state. The other states get no series
 * (not 0): at 500 nodes a 0 for every state of every service would treble the scrape, and
 * `…{state="failed"} == 1` finds the same either way.
 */
function state(labels: Labels, key: string, current: string): Sample {
  return { labels: { ...labels, [key]: current }, value: 1 };
}

/** Router gateways as recovery's verify-gateways sees them: routers with a gateway port. */
export function gatewayChains(snapshot: Snapshot): GatewayChain[] {
  return routerIds(snapshot)
    .map((id) => gatewayChain(snapshot, id))
    .filter((c): c is GatewayChain => c !== null && c.portId !== null)
    .filter((c) => c.neutronStatus !== "no gateway");
}

function empty(): Series {
  return Object.fromEntries(Object.keys(FAMILIES).map((k) => [k, []])) as unknown as Series;
}

/**
 * Each node's data age at `nowMs`: the one family that changes between scrapes of a snapshot.
 * A node followed by its change watch is known as of the snapshot's attempt, not its last read.
 */
export function dataAges(snapshot: Snapshot, nowMs: number): Sample[] {
  return snapshot.nodes.map((node) => {
    const at = seconds(knownAt(node));
    return {
      labels: { node: node.name },
      value: Number.isNaN(at) ? Infinity : Math.max(0, nowMs / 1000 - at),
    };
  });
}

function nodeSeries(snapshot: Snapshot, out: Series) {
  for (const node of snapshot.nodes) {
    const n = { node: node.name };
    out.nodeReachable.push({ labels: n, value: isCurrent(node) ? 1 : 0 });
    out.nodeReach.push(state(n, "reach", node.reach));
    out.nodeCollectionDuration.push({ labels: n, value: node.durationMs / 1000 });

    const data = currentData(node);
    const services = serviceStates(node);
    for (const s of services) {
      const labels = { node: node.name, service: s.service };
      out.serviceHealth.push(state(labels, "health", s.health));
      if (!data) continue;
      const unit = s.unit ? findUnit(data, [s.unit]) : undefined;
      const active = !unit
        ? "not-installed"
        : unit.loadState === "masked"
          ? "masked"
          : unit.activeState;
      const unitLabels = { ...labels, unit: unit?.id ?? "" };
      out.unitState.push(state(unitLabels, "state", active));
      if (unit) out.unitRestarts.push({ labels: unitLabels, value: unit.nRestarts });
    }
    if (!data) continue;
    if (services.some((s) => s.service === "northd"))
      out.northdStatus.push({ labels: n, value: NORTHD_STATUS[data.northdStatus ?? ""] ?? -1 });
    if (services.some((s) => s.service === "ovn-controller"))
      out.controllerSbConnected.push({
        labels: n,
        value: data.controllerConnection === "connected" ? 1 : 0,
      });
  }
}

function clusterSeries(snapshot: Snapshot, out: Series) {
  for (const c of ovnClusters(snapshot)) {
    const db = {
      db_name: c.servers[0]?.report?.status.name ?? c.db,
      cluster_id: c.clusterId ?? "",
    };
    out.clusterServers.push({ labels: db, value: c.servers.length });
    out.clusterServersUp.push({ labels: db, value: c.up.length });
    out.clusterQuorum.push({ labels: db, value: c.quorum });
  }
  for (const node of snapshot.nodes) {
    const data = currentData(node);
    for (const status of [raftStatusOf(data, "NB"), raftStatusOf(data, "SB")]) {
      if (!status) continue;
      const labels = {
        node: node.name,
        db_name: status.name,
        cluster_id: status.clusterId ?? "",
        server_id: status.serverId,
      };
      const count = (direction: "in" | "out", failing: boolean) =>
        status.connections.filter((c) => c.direction === direction && c.failing === failing).length;
      out.clusterServerRole.push(state(labels, "server_role", status.role));
      out.clusterServerStatus.push(state(labels, "server_status", status.status));
      out.clusterTerm.push({ labels, value: status.term });
      if (status.electionTimerMs !== null)
        out.clusterElectionTimer.push({ labels, value: status.electionTimerMs });
      out.clusterLogNotCommitted.push({ labels, value: status.notCommitted });
      out.clusterLogNotApplied.push({ labels, value: status.notApplied });
      out.clusterConnIn.push({ labels, value: count("in", false) });
      out.clusterConnOut.push({ labels, value: count("out", false) });
      out.clusterConnInErr.push({ labels, value: count("in", true) });
      out.clusterConnOutErr.push({ labels, value: count("out", true) });
    }
  }
}

function routerSeries(snapshot: Snapshot, out: Series) {
  for (const c of gatewayChains(snapshot)) {
    const r = { router: c.routerId };
    const up = c.boundChassis !== null && c.neutronStatus === "ACTIVE";
    out.gatewayUp.push({ labels: { ...r, chassis: c.boundChassis ?? "" }, value: up ? 1 : 0 });
    for (const link of LINKS)
      out.gatewayBrokenLink.push({
        labels: { ...r, link },
        value: c.firstBroken === link ? 1 : 0,
      });
    for (const status of CANDIDATE_STATUSES)
      out.gatewayCandidates.push({
        labels: { ...r, status },
        value: c.candidates.filter((k) => k.status === status).length,
      });
    for (const kind of DISAGREEMENTS)
      out.gatewayDisagreement.push({
        labels: { ...r, kind },
        value: c.disagreement === kind ? 1 : 0,
      });
  }
}

/** Counts by rule and severity, every known rule × severity present (0 when none open). */
function countByRule(findings: Finding[]): Sample[] {
  const counts = new Map<string, number>();
  const key = (rule: string, severity: string) => `${rule}\u0000${severity}`;
  for (const rule of RULES) for (const s of SEVERITIES) counts.set(key(rule.id, s), 0);
  for (const f of findings)
    counts.set(key(f.rule, f.severity), (counts.get(key(f.rule, f.severity)) ?? 0) + 1);
  return [...counts].map(([k, value]) => {
    const [rule, severity] = k.split("\u0000") as [string, string];
    return { labels: { rule, severity }, value };
  });
}

/**
 * Every series of the snapshot at scrape time `nowMs`. `findings` are diagnose(snapshot)'s
 * (roots with their symptoms attached); computed here when not given.
 */
export function snapshotSeries(
  snapshot: Snapshot,
  nowMs: number,
  findings: Finding[] = diagnose(snapshot),
): Series {
  const out = empty();
  out.snapshotGeneration.push({ labels: {}, value: snapshot.generation });
  out.snapshotTimestamp.push({ labels: {}, value: seconds(snapshot.finishedAt) });
  nodeSeries(snapshot, out);
  out.nodeDataAge = dataAges(snapshot, nowMs);
  if (snapshot.neutron.state !== "unconfigured")
    out.neutronApiUp.push({ labels: {}, value: snapshot.neutron.state === "ok" ? 1 : 0 });
  for (const server of snapshot.neutron.servers ?? [])
    out.neutronServerApiUp.push({
      labels: { node: server.node, endpoint: server.endpoint },
      value: server.state === "ok" ? 1 : 0,
    });
  clusterSeries(snapshot, out);
  routerSeries(snapshot, out);
  out.findingsOpen.push(...countByRule(flatten(findings)));
  out.rootCausesOpen.push(...countByRule(findings));
  return out;
}

/** Recovery runs by runbook and outcome (every outcome of a runbook that ran, 0 when none). */
export function recoveryRunSeries(runs: RunSummary[]): Sample[] {
  const counts = new Map<string, Map<string, number>>();
  for (const run of runs) {
    const byOutcome =
      counts.get(run.runbook) ?? new Map(RUN_OUTCOMES.map((o): [string, number] => [o, 0]));
    byOutcome.set(run.status, (byOutcome.get(run.status) ?? 0) + 1);
    counts.set(run.runbook, byOutcome);
  }
  return [...counts].flatMap(([runbook, byOutcome]) =>
    [...byOutcome].map(([outcome, value]) => ({ labels: { runbook, outcome }, value })),
  );
}
