/**
 * Clustered OVN central (issue #17) on the clustered lab's captured states (lab up
 * --controllers 3; capture-all.sh cluster-…): what the members say, what ovnscope concludes,
 * and the series /metrics serves.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnose, flatten } from "@/lib/diagnose";
import { ovnCentral } from "@/lib/facts/ovn-central";
import { clusterView, configuredMembers, ovnClusters } from "@/lib/facts/ovn-cluster";
import { clustersFormed } from "@/lib/recovery/checks";
import { snapshotSeries } from "@/lib/metrics/series";
import { parseRaftStatus } from "@/lib/probes/ovn-cluster";
import { CLUSTER_STATES, snapshotFromFixtures } from "../../support/fixtures";

const CONTROLLERS = ["ctl1", "ctl2", "ctl3"];
const clusterFindings = (state: string) =>
  flatten(diagnose(snapshotFromFixtures(state))).filter((f) => f.rule === "ovn-cluster");

describe("a healthy 3-member cluster", () => {
  const s = snapshotFromFixtures("cluster-healthy");

  it.each(["NB", "SB"] as const)(
    "%s: three servers, every one a member, one leader, a majority of two",
    (db) => {
      const c = clusterView(s, db)!;
      expect(c.servers.map((x) => x.node).sort()).toEqual(CONTROLLERS);
      expect(c.up).toHaveLength(3);
      expect([c.quorum, c.leaders.length]).toEqual([2, 1]);
      expect([c.missing, c.stale, c.foreign, c.notMembers]).toEqual([[], [], [], []]);
      expect(c.name).toBe(db === "NB" ? "OVN_Northbound" : "OVN_Southbound");
      // Every member answers for the same cluster, and the leader's term is the highest.
      expect(new Set(c.up.map((x) => x.report!.status.clusterId)).size).toBe(1);
      expect(c.leaders[0]!.status.term).toBe(c.term);
    },
  );

  it("NB and SB are read from their leaders", () => {
    const { nb, sb } = ovnCentral(s);
    expect(nb!.node).toBe(clusterView(s, "NB")!.leaders[0]!.node.name);
    expect(sb!.node).toBe(clusterView(s, "SB")!.leaders[0]!.node.name);
  });

  it("no cluster finding; one northd active, the others standby", () => {
    expect(clusterFindings("cluster-healthy")).toEqual([]);
    const northd = CONTROLLERS.map(
      (n) => s.nodes.find((x) => x.name === n)!.data!.northdStatus,
    ).sort();
    expect(northd).toEqual(["active", "standby", "standby"]);
  });

  it("series: ovn-kubernetes' per-member families with node added, ovnscope's majority figures", () => {
    const series = snapshotSeries(s, Date.parse(s.finishedAt));
    const leaders = series.clusterServerRole.filter((x) => x.labels.server_role === "leader");
    expect(leaders.map((x) => x.labels.db_name).sort()).toEqual([
      "OVN_Northbound",
      "OVN_Southbound",
    ]);
    expect(series.clusterServerStatus).toHaveLength(6);
    expect(
      series.clusterServerStatus.every((x) => x.labels.server_status === "cluster member"),
    ).toBe(true);
    for (const db of ["OVN_Northbound", "OVN_Southbound"]) {
      const of = (k: "clusterServers" | "clusterServersUp" | "clusterQuorum") =>
        series[k].find((x) => x.labels.db_name === db)!.value;
      expect([of("clusterServers"), of("clusterServersUp"), of("clusterQuorum")]).toEqual([
        3, 3, 2,
      ]);
    }
    expect(series.clusterConnOutErr.every((x) => x.value === 0)).toBe(true);
  });
});

describe("a standalone lab has no cluster", () => {
  it("no cluster view, no cluster series", () => {
    const s = snapshotFromFixtures("healthy");
    expect(ovnClusters(s)).toEqual([]);
    const series = snapshotSeries(s, Date.parse(s.finishedAt));
    expect([series.clusterServerRole, series.clusterServers]).toEqual([[], []]);
  });
});

describe("faults on the cluster", () => {
  it("member-down (ctl3's NB and SB stopped): a warning per database naming ctl3, quorum kept", () => {
    const s = snapshotFromFixtures("cluster-member-down");
    for (const db of ["NB", "SB"] as const) {
      const c = clusterView(s, db)!;
      expect([c.up.length, c.leaders.length]).toEqual([2, 1]);
      expect(c.missing.map((x) => x.node)).toEqual(["ctl3"]);
    }
    const found = clusterFindings("cluster-member-down");
    expect(found.map((f) => [f.id, f.severity]).sort()).toEqual([
      ["ovn-cluster:NB:ctl3", "warning"],
      ["ovn-cluster:SB:ctl3", "warning"],
    ]);
    expect(found[0]!.affects).toEqual([
      found[0]!.id.includes(":NB:") ? "service:ctl3:nb-db" : "service:ctl3:sb-db",
    ]);
    expect(found.every((f) => f.runbook === "recover-ovn-central")).toBe(true);
  });

  it("quorum-lost (ctl2's and ctl3's stopped): critical for both databases, one member up of three", () => {
    const s = snapshotFromFixtures("cluster-quorum-lost");
    for (const db of ["NB", "SB"] as const) {
      const c = clusterView(s, db)!;
      expect([c.up.length, c.quorum, c.leaders.length]).toEqual([1, 2, 0]);
      expect(c.missing.map((x) => x.node).sort()).toEqual(["ctl2", "ctl3"]);
    }
    const found = clusterFindings("cluster-quorum-lost");
    expect(found.map((f) => [f.id, f.severity]).sort()).toEqual([
      ["ovn-cluster:NB:quorum", "critical"],
      ["ovn-cluster:SB:quorum", "critical"],
    ]);
    // The evidence is the surviving member's own cluster/status.
    for (const f of found) {
      expect(f.evidence[0]!.node).toBe("ctl1");
      expect(f.evidence[0]!.fact).toMatch(/role (candidate|follower), term \d+, leader unknown/);
      expect(f.evidence[0]!.command).toMatch(/^ovn-appctl -t \S+\.ctl cluster\/status OVN_/);
    }
    const series = snapshotSeries(s, Date.parse(s.finishedAt));
    expect(series.clusterServersUp.map((x) => x.value)).toEqual([1, 1]);
  });

  it("leader-killed: a leader again (a new term), every member back", () => {
    const before = clusterView(snapshotFromFixtures("cluster-healthy"), "NB")!;
    const c = clusterView(snapshotFromFixtures("cluster-leader-killed"), "NB")!;
    expect([c.up.length, c.leaders.length]).toEqual([3, 1]);
    expect(c.clusterId).toBe(before.clusterId);
    expect(c.term).toBeGreaterThan(before.term);
  });
});

describe("Neutron's connection list against the members", () => {
  const withNbConnection = (connection: string) => {
    const s = snapshotFromFixtures("cluster-healthy");
    s.nodes.find((n) => n.name === "ctl1")!.data!.config!.neutronOvn!.nbConnection = connection;
    return flatten(diagnose(s)).filter((f) => f.id.startsWith("ovn-cluster:NB:ctl1:neutron"));
  };

  it("the lab's Neutron lists all three members: nothing to say", () => {
    const ovn = snapshotFromFixtures("cluster-healthy").nodes.find((n) => n.name === "ctl1")!.data!
      .config!.neutronOvn!;
    expect(ovn.nbConnection!.split(",")).toHaveLength(3);
    expect(withNbConnection(ovn.nbConnection!)).toEqual([]);
  });

  it("a member left out and a host that is no member: one warning naming both", () => {
    const [f, ...rest] = withNbConnection(
      "tcp:10.250.0.11:6641,tcp:10.250.0.13:6641,tcp:10.250.0.99:6641",
    );
    expect(rest).toEqual([]);
    expect(f!.severity).toBe("warning");
    expect(f!.title.params).toMatchObject({
      strangers: "10.250.0.99",
      option: "ovn_nb_connection",
    });
    expect(String(f!.title.params!.missing)).toMatch(/^[0-9a-f]{4} \(ctl3\)$/);
    expect(f!.affects).toEqual(["edge:neutron-nb"]);
  });
});

describe("northd across the controllers", () => {
  it("every northd paused: none active, critical, naming each controller's status", () => {
    const found = flatten(diagnose(snapshotFromFixtures("cluster-northd-none-active"))).filter(
      (f) => f.rule === "northd-active",
    );
    expect(found.map((f) => [f.id, f.severity])).toEqual([["northd-active:none", "critical"]]);
    expect(found[0]!.affects.sort()).toEqual(CONTROLLERS.map((n) => `service:${n}:northd`));
    expect(found[0]!.evidence.map((e) => e.fact)).toEqual(
      CONTROLLERS.map((n) => `ovn-northd on ${n}: paused`),
    );
  });

  it.each(["cluster-healthy", "healthy"])("%s: one active, nothing to say", (state) => {
    expect(
      flatten(diagnose(snapshotFromFixtures(state))).filter((f) => f.rule === "northd-active"),
    ).toEqual([]);
  });
});

describe("a member that only says it is joining", () => {
  it("no majority is counted over an empty configuration: the member's status, a warning", () => {
    // cluster-healthy with NB answered by ctl1 alone, in the words a joining member prints
    // (test/fixtures/ovn-cluster/joining.txt, real ovsdb-server output).
    const s = snapshotFromFixtures("cluster-healthy");
    const joining = parseRaftStatus(
      readFileSync(join(process.cwd(), "test/fixtures/ovn-cluster/joining.txt"), "utf8"),
    );
    for (const n of s.nodes) if (n.data) n.data.nbCluster = n.name === "ctl1" ? joining : null;
    const nb = flatten(diagnose(s)).filter((f) => f.id.startsWith("ovn-cluster:NB"));
    expect(nb.map((f) => [f.id, f.severity])).toEqual([["ovn-cluster:NB:ctl1:status", "warning"]]);
    expect(nb[0]!.title.params).toMatchObject({ status: "joining cluster" });
  });
});

describe("the cluster fixtures", () => {
  it.each(CLUSTER_STATES)("%s: every controller answered", (state) => {
    const s = snapshotFromFixtures(state);
    for (const n of CONTROLLERS)
      expect(s.nodes.find((x) => x.name === n)!.reach, n).toBe(
        // Its NB server stopped: that server's sections time out, the node's others are read.
        state === "cluster-follower-stalled" && n === "ctl2" ? "partial" : "reachable",
      );
  });
});

describe("a clustered database no member answers (cluster-incident)", () => {
  it("the nodes' ovn-ctl options say it is clustered: quorum lost, under the stop that caused it", () => {
    const s = snapshotFromFixtures("cluster-incident");
    const answering = ovnClusters(s).map((c) => c.db);
    for (const db of ["NB", "SB"] as const) {
      expect(configuredMembers(s, db).map((m) => [m.node.name, m.address])).toEqual(
        [11, 13, 14].map((h, i) => [
          `ctl${i + 1}`,
          `tcp:10.250.0.${h}:${db === "NB" ? 6643 : 6644}`,
        ]),
      );
    }
    const root = diagnose(s).find((f) => f.id === "northd-stops-dbs:ctl1")!;
    const quorum = root.symptoms.filter((f) => /^ovn-cluster:(NB|SB):quorum$/.test(f.id));
    expect(quorum.map((f) => f.id).sort()).toEqual([
      "ovn-cluster:NB:quorum",
      "ovn-cluster:SB:quorum",
    ]);
    for (const f of quorum) {
      expect(f.severity).toBe("critical");
      expect(f.runbook).toBe("recover-ovn-central");
      if (!answering.includes(f.id.includes(":NB:") ? "NB" : "SB"))
        expect(f.title.params).toMatchObject({ up: 0, size: 3, quorum: 2 });
    }
    expect(clustersFormed(s).ok).toBe(false);
  });

  it("a standalone lab's options name no cluster", () => {
    for (const db of ["NB", "SB"] as const)
      expect(configuredMembers(snapshotFromFixtures("incident"), db)).toEqual([]);
  });
});

describe("log-lag (cluster-follower-stalled: an NB follower SIGSTOPped while 30 writes commit)", () => {
  it("names the stopped member, how far behind and how long silent; its member-down hangs under it", () => {
    const s = snapshotFromFixtures("cluster-follower-stalled");
    const all = flatten(diagnose(s));
    const lag = all.filter((f) => f.id.endsWith(":lag"));
    expect(lag.map((f) => f.id)).toEqual(["ovn-cluster:NB:ctl2:lag"]);
    const params = lag[0]!.title.params!;
    expect(Number(params.behind)).toBeGreaterThanOrEqual(30);
    expect(Number(params.silentS) * 1000).toBeGreaterThan(Number(params.timerMs));
    expect(params.leader).toBe("ctl1");
    // The stopped server's process is in the evidence: running, not stopped.
    expect(lag[0]!.evidence.some((e) => e.probe === "procs" && e.node === "ctl2")).toBe(true);
    // ctl2's node still answered: one timeout for its NB server, its other sections read.
    const ctl2 = s.nodes.find((n) => n.name === "ctl2")!;
    expect(ctl2.reach).toBe("partial");
    expect(ctl2.data?.sbCluster?.status).toBe("cluster member");
    const roots = diagnose(s);
    const root = roots.find((f) => f.id === "ovn-cluster:NB:ctl2:lag");
    expect(root).toBeDefined();
    expect(roots.map((f) => f.id)).not.toContain("ovn-cluster:NB:ctl2");
  });

  it("no lag on the other captured states", () => {
    for (const state of [
      "cluster-healthy",
      "cluster-member-down",
      "cluster-stale-member",
      "cluster-id-mismatch",
    ])
      expect(
        flatten(diagnose(snapshotFromFixtures(state))).filter((f) => f.id.endsWith(":lag")),
        state,
      ).toEqual([]);
  });
});
