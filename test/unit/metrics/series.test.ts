/**
 * The /metrics series on captured lab states (issue #19): a healthy cloud and each fault must
 * differ exactly where their facts differ.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/diagnose";
import {
  FAMILIES,
  gatewayChains,
  recoveryRunSeries,
  snapshotSeries,
  type FamilyKey,
  type Sample,
  type Series,
} from "@/lib/metrics/series";
import type { Snapshot } from "@/lib/model/snapshot";
import { CAPTURED_STATES, snapshotFromFixtures } from "../../support/fixtures";

const at = (s: Snapshot, plusSeconds = 0) => Date.parse(s.finishedAt) + plusSeconds * 1000;
const seriesOf = (state: string, plusSeconds = 0) => {
  const s = snapshotFromFixtures(state);
  return snapshotSeries(s, at(s, plusSeconds));
};

/** The value of the one sample of `key` whose labels include `labels` (throws unless one). */
function value(series: Series, key: FamilyKey, labels: Record<string, string>): number {
  const hits = series[key].filter((x) =>
    Object.entries(labels).every(([k, v]) => x.labels[k] === v),
  );
  if (hits.length !== 1)
    throw new Error(`${key} ${JSON.stringify(labels)}: ${hits.length} samples`);
  return hits[0]!.value;
}
const ones = (samples: Sample[]) => samples.filter((x) => x.value !== 0);
const sum = (samples: Sample[]) => samples.reduce((a, x) => a + x.value, 0);

const healthy = seriesOf("healthy");
/** router1 and the chassis its gateway is bound to in the healthy capture (ids change with every lab). */
const [ROUTER, BOUND] = (() => {
  const [chain] = gatewayChains(snapshotFromFixtures("healthy"));
  return [chain!.routerId, chain!.boundChassis!];
})();

describe("metrics series: families and labels", () => {
  it("every sample has exactly its family's labels, with values that are numbers", () => {
    for (const state of CAPTURED_STATES) {
      const series = seriesOf(state);
      for (const key of Object.keys(FAMILIES) as FamilyKey[])
        for (const sample of series[key]) {
          expect(Object.keys(sample.labels).sort(), `${state} ${key}`).toEqual(
            [...FAMILIES[key].labelNames].sort(),
          );
          expect(typeof sample.value).toBe("number");
        }
    }
  });

  it("conventional names are spelled as ovn-kubernetes does, with node added; the rest are ovnscope_", () => {
    expect(FAMILIES.northdStatus.name).toBe("ovn_northd_status");
    expect(FAMILIES.controllerSbConnected.name).toBe(
      "ovn_controller_southbound_database_connected",
    );
    expect(FAMILIES.northdStatus.labelNames).toEqual(["node"]);
    // ovn-kubernetes' go-controller/pkg/metrics/ovn_db.go: db_name, cluster_id, server_id and,
    // for the state families, the state as a label.
    const CLUSTER: Record<string, string[]> = {
      ovn_db_cluster_server_role: ["server_role"],
      ovn_db_cluster_server_status: ["server_status"],
      ovn_db_cluster_term: [],
      ovn_db_cluster_election_timer: [],
      ovn_db_cluster_log_not_committed: [],
      ovn_db_cluster_log_not_applied: [],
      ovn_db_cluster_inbound_connections_total: [],
      ovn_db_cluster_outbound_connections_total: [],
      ovn_db_cluster_inbound_connections_error_total: [],
      ovn_db_cluster_outbound_connections_error_total: [],
    };
    const clusterFamilies = Object.values(FAMILIES).filter((f) => f.name in CLUSTER);
    expect(clusterFamilies.map((f) => f.name).sort()).toEqual(Object.keys(CLUSTER).sort());
    for (const f of clusterFamilies)
      expect(f.labelNames).toEqual([
        "node",
        "db_name",
        "cluster_id",
        "server_id",
        ...CLUSTER[f.name]!,
      ]);
    const others = Object.entries(FAMILIES).filter(
      ([k, f]) => k !== "northdStatus" && k !== "controllerSbConnected" && !(f.name in CLUSTER),
    );
    for (const [, f] of others) expect(f.name).toMatch(/^ovnscope_[a-z_]+$/);
  });

  it("labels are bounded: no finding id, no free text", () => {
    const findingIds = new Set(
      diagnose(snapshotFromFixtures("incident")).flatMap((f) => [
        f.id,
        ...f.symptoms.map((s) => s.id),
      ]),
    );
    // raft's own words for a member's status, as ovn-kubernetes labels them ("cluster member",
    // "disconnected from the cluster (election timeout)"): a fixed vocabulary, spaces included.
    const RAFT_STATUS =
      /^(cluster member|joining cluster|leaving cluster|left cluster|disconnected from the cluster \(election timeout\))$/;
    for (const state of [
      "incident",
      "gateway-bfd-down",
      "bridge-mapping-missing",
      "cluster-quorum-lost",
      "cluster-member-down",
    ]) {
      const series = seriesOf(state);
      for (const key of Object.keys(FAMILIES) as FamilyKey[])
        for (const sample of series[key])
          for (const [name, v] of Object.entries(sample.labels)) {
            expect(findingIds.has(v), `${key} ${v}`).toBe(false);
            expect(v, `${key}`).toMatch(
              name === "server_status" ? RAFT_STATUS : /^[A-Za-z0-9_.:@-]*$/,
            );
          }
    }
    expect(
      seriesOf("cluster-quorum-lost").clusterServerStatus.map((x) => x.labels.server_status),
    ).toEqual([
      "disconnected from the cluster (election timeout)",
      "disconnected from the cluster (election timeout)",
    ]);
  });
});

describe("metrics series: healthy vs. faults", () => {
  it("healthy: northd active, every ovn-controller connected, the gateway up on its chassis", () => {
    expect(value(healthy, "northdStatus", { node: "ctl1" })).toBe(1);
    for (const node of ["ctl1", "net1", "cmp1"]) {
      expect(value(healthy, "controllerSbConnected", { node })).toBe(1);
      expect(value(healthy, "nodeReachable", { node })).toBe(1);
      expect(value(healthy, "nodeReach", { node, reach: "reachable" })).toBe(1);
    }
    expect(["ctl1", "net1"]).toContain(BOUND);
    expect(healthy.gatewayUp).toEqual([{ labels: { router: ROUTER, chassis: BOUND }, value: 1 }]);
    expect(ones(healthy.gatewayDisagreement)).toEqual([]);
    expect(ones(healthy.gatewayBrokenLink)).toEqual([]);
    expect(value(healthy, "neutronApiUp", {})).toBe(1);
    // Stock Debian's ExecStop hazard is the only finding: a warning root, no critical.
    expect(ones(healthy.rootCausesOpen)).toEqual([
      { labels: { rule: "northd-stops-dbs", severity: "warning" }, value: 1 },
    ]);
    expect(sum(healthy.findingsOpen.filter((x) => x.labels.severity === "critical"))).toBe(0);
    expect(healthy.serviceHealth.every((x) => x.labels.health === "ok" && x.value === 1)).toBe(
      true,
    );
    expect(healthy.unitState.every((x) => x.labels.state === "active" && x.value === 1)).toBe(true);
    expect(healthy.unitState.length).toBe(healthy.serviceHealth.length);
  });

  it("gateway-bfd-down: the gateway is down, unbound, Neutron still ACTIVE (a disagreement)", () => {
    const s = seriesOf("gateway-bfd-down");
    const [gw] = s.gatewayUp;
    expect(s.gatewayUp).toHaveLength(1);
    expect(gw!.value).toBe(0);
    expect(gw!.labels.chassis).toBe("");
    expect(
      value(s, "gatewayDisagreement", { router: gw!.labels.router!, kind: "active-unbound" }),
    ).toBe(1);
    expect(
      value(s, "gatewayBrokenLink", { router: gw!.labels.router!, link: "cr-lrp-binding" }),
    ).toBe(1);
    expect(value(s, "rootCausesOpen", { rule: "gateway", severity: "critical" })).toBe(1);
    // The control plane itself is as healthy as before.
    expect(value(s, "northdStatus", { node: "ctl1" })).toBe(1);
    expect(value(s, "neutronApiUp", {})).toBe(1);
  });

  it("nb-down: NB's unit inactive and down on ctl1, a critical root cause, Neutron's API gone", () => {
    const s = seriesOf("nb-down");
    // One series per unit, labelled with its state now (other states have none).
    expect(
      s.unitState.filter((x) => x.labels.node === "ctl1" && x.labels.service === "nb-db"),
    ).toEqual([
      {
        labels: {
          node: "ctl1",
          service: "nb-db",
          unit: "ovn-ovsdb-server-nb.service",
          state: "inactive",
        },
        value: 1,
      },
    ]);
    expect(value(healthy, "unitState", { node: "ctl1", service: "nb-db", state: "active" })).toBe(
      1,
    );
    expect(value(s, "serviceHealth", { node: "ctl1", service: "nb-db", health: "down" })).toBe(1);
    expect(value(s, "rootCausesOpen", { rule: "service", severity: "critical" })).toBe(1);
    expect(value(s, "neutronApiUp", {})).toBe(0);
  });

  it("incident: the databases down, neutron-server crash-looping, every ovn-controller cut off", () => {
    const s = seriesOf("incident");
    for (const node of ["ctl1", "net1", "cmp1"])
      expect(value(s, "controllerSbConnected", { node })).toBe(0);
    expect(
      value(s, "unitState", { node: "ctl1", service: "neutron-server", state: "activating" }),
    ).toBe(1);
    expect(value(s, "rootCausesOpen", { rule: "northd-stops-dbs", severity: "critical" })).toBe(1);
    // Its symptoms are open findings but not root causes.
    expect(sum(s.findingsOpen)).toBeGreaterThan(sum(s.rootCausesOpen));
  });

  it("northd-down: ovn_northd_status -1 (no answer), as ovn-kubernetes reports a failed status call", () => {
    expect(value(seriesOf("northd-down"), "northdStatus", { node: "ctl1" })).toBe(-1);
  });

  it("controller-disconnected: only cmp1's ovn-controller is not connected", () => {
    const s = seriesOf("controller-disconnected");
    expect(ones(s.controllerSbConnected).map((x) => x.labels.node)).toEqual(["ctl1", "net1"]);
    expect(value(s, "controllerSbConnected", { node: "cmp1" })).toBe(0);
  });

  it("bridge-mapping-missing: bound and ACTIVE (up), but broken at the bridge mapping", () => {
    const s = seriesOf("bridge-mapping-missing");
    expect(value(s, "gatewayUp", { router: ROUTER })).toBe(1);
    expect(value(s, "gatewayBrokenLink", { router: ROUTER, link: "bridge-mapping" })).toBe(1);
    expect(value(s, "rootCausesOpen", { rule: "gateway", severity: "critical" })).toBe(1);
  });

  it("open findings and root causes list every rule × severity (0 when none)", () => {
    const rules = new Set(healthy.findingsOpen.map((x) => x.labels.rule));
    expect(rules.size).toBeGreaterThanOrEqual(12);
    expect(healthy.findingsOpen.length).toBe(rules.size * 3);
  });
});

describe("metrics series: nodes, age and duration", () => {
  it("data age is the scrape time minus the node's data time; duration in seconds", () => {
    const s = snapshotFromFixtures("healthy");
    s.nodes[1]!.durationMs = 250;
    const series = snapshotSeries(s, Date.parse(s.nodes[1]!.dataCollectedAt!) + 42_000);
    expect(value(series, "nodeDataAge", { node: "net1" })).toBeCloseTo(42, 3);
    expect(value(series, "nodeCollectionDuration", { node: "net1" })).toBe(0.25);
  });

  it("an unreachable node: reachable 0, its reach named, old data aged, services stale, no unit state", () => {
    const s = snapshotFromFixtures("healthy");
    const cmp1 = s.nodes.find((n) => n.name === "cmp1")!;
    cmp1.reach = "unreachable";
    cmp1.error = "connect ETIMEDOUT";
    const series = snapshotSeries(s, Date.parse(cmp1.dataCollectedAt!) + 600_000);
    expect(value(series, "nodeReachable", { node: "cmp1" })).toBe(0);
    expect(series.nodeReach.filter((x) => x.labels.node === "cmp1")).toEqual([
      { labels: { node: "cmp1", reach: "unreachable" }, value: 1 },
    ]);
    expect(value(series, "nodeDataAge", { node: "cmp1" })).toBeCloseTo(600, 3);
    expect(
      value(series, "serviceHealth", { node: "cmp1", service: "ovn-controller", health: "stale" }),
    ).toBe(1);
    expect(series.unitState.filter((x) => x.labels.node === "cmp1")).toEqual([]);
    expect(series.controllerSbConnected.map((x) => x.labels.node)).not.toContain("cmp1");
  });

  it("a node never read has an infinite data age", () => {
    const s = snapshotFromFixtures("healthy");
    const net1 = s.nodes.find((n) => n.name === "net1")!;
    Object.assign(net1, { reach: "refused", data: null, dataCollectedAt: null });
    expect(value(snapshotSeries(s, at(s)), "nodeDataAge", { node: "net1" })).toBe(Infinity);
  });
});

describe("recovery runs", () => {
  it("counts by runbook and outcome, every outcome of a runbook that ran", () => {
    const samples = recoveryRunSeries([
      { runbook: "recover-ovn-central", status: "succeeded" },
      { runbook: "recover-ovn-central", status: "succeeded" },
      { runbook: "recover-ovn-central", status: "failed" },
      { runbook: "rebind-gateways", status: "interrupted" },
    ]);
    const get = (runbook: string, outcome: string) =>
      samples.find((x) => x.labels.runbook === runbook && x.labels.outcome === outcome)?.value;
    expect(get("recover-ovn-central", "succeeded")).toBe(2);
    expect(get("recover-ovn-central", "failed")).toBe(1);
    expect(get("recover-ovn-central", "running")).toBe(0);
    expect(get("rebind-gateways", "interrupted")).toBe(1);
    expect(samples).toHaveLength(8);
    expect(recoveryRunSeries([])).toEqual([]);
  });
});

describe("a neutron-server per controller (cluster-two-neutrons, cluster-neutron-stalled)", () => {
  it("each server asked beside the endpoint has its own series; a stalled one reads 0 while the endpoint reads 1", () => {
    const both = seriesOf("cluster-two-neutrons");
    const ctl2 = { node: "ctl2", endpoint: "http://10.250.0.13:9696" };
    expect(value(both, "neutronServerApiUp", ctl2)).toBe(1);
    expect(both.neutronServerApiUp).toHaveLength(1);
    const stalled = seriesOf("cluster-neutron-stalled");
    expect(value(stalled, "neutronServerApiUp", ctl2)).toBe(0);
    expect(value(stalled, "neutronApiUp", {})).toBe(1);
    // One endpoint, one server: no per-server series at all.
    expect(healthy.neutronServerApiUp).toEqual([]);
  });
});
