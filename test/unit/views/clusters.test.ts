import { describe, expect, it } from "vitest";
import { clustersModel, ELECTIONS_SHOWN, type ClusterModel } from "@/lib/views/clusters";
import { snapshotFromFixtures } from "../../support/fixtures";

const of = (state: string, db: "NB" | "SB"): ClusterModel =>
  clustersModel(snapshotFromFixtures(state)).clusters.find((c) => c.db === db)!;

const columnOf = (c: ClusterModel, node: string) => c.columns.filter((x) => x.node === node);

describe("clusters page model", () => {
  it("healthy standalone lab: both databases standalone, no columns, no findings", () => {
    const m = clustersModel(snapshotFromFixtures("healthy"));
    expect(m.clusters.map((c) => [c.db, c.mode, c.columns.length])).toEqual([
      ["NB", "standalone", 0],
      ["SB", "standalone", 0],
    ]);
    expect(m.findings).toEqual([]);
  });

  it("cluster-healthy: three members side by side, ctl1 leads both, every field ok", () => {
    const m = clustersModel(snapshotFromFixtures("cluster-healthy"));
    expect(m.findings).toEqual([]);
    for (const c of m.clusters) {
      expect([c.mode, c.health, c.servers, c.up, c.quorum]).toEqual(["clustered", "ok", 3, 3, 2]);
      expect(c.name).toBe(c.db === "NB" ? "OVN_Northbound" : "OVN_Southbound");
      expect(c.columns.map((x) => [x.node, x.kind])).toEqual([
        ["ctl1", "member"],
        ["ctl2", "member"],
        ["ctl3", "member"],
      ]);
      expect(c.leaders.map((l) => l.node)).toEqual(["ctl1"]);
      expect(c.columns.filter((x) => x.leader).map((x) => x.node)).toEqual(["ctl1"]);
      expect(c.findings).toEqual([]);
      for (const col of c.columns) {
        const f = col.fields!;
        expect([f.status, f.statusBad, f.roleBad, f.leaderBad, f.termBehind]).toEqual([
          "cluster member",
          false,
          false,
          false,
          false,
        ]);
        expect(f.connections.some((x) => x.failing)).toBe(false);
        expect(Object.values(f.lastMsg).some((l) => l.late)).toBe(false);
        // Every member names its leader, ctl1 (itself for the leader).
        expect(f.leader === "self" ? col.node : f.leaderNode).toBe("ctl1");
      }
    }
    const nb = m.clusters[0]!;
    expect([nb.term, nb.leaders[0]!.sid]).toEqual([7, "af07"]);
    // The peers' rows: the configuration's servers, by node.
    expect(nb.peers).toEqual([
      { sid: "af07", node: "ctl1" },
      { sid: "e7b9", node: "ctl2" },
      { sid: "30cc", node: "ctl3" },
    ]);
    // ctl2 (a follower) last heard from ctl3 (another follower) long ago: normal, not late.
    const ctl2 = columnOf(nb, "ctl2")[0]!.fields!;
    expect(ctl2.lastMsg["30cc"]).toEqual({ self: false, ms: 81851, late: false });
    expect(ctl2.lastMsg["e7b9"]!.self).toBe(true);
  });

  it("cluster-member-down: ctl3's column says no answer, the leader's link to it fails", () => {
    for (const db of ["NB", "SB"] as const) {
      const c = of("cluster-member-down", db);
      expect([c.health, c.up, c.servers, c.quorum]).toEqual(["degraded", 2, 3, 2]);
      const [ctl3] = columnOf(c, "ctl3");
      expect([ctl3!.kind, ctl3!.fields, ctl3!.reach, ctl3!.leader]).toEqual([
        "missing",
        null,
        null,
        false,
      ]);
      expect(c.findings.map((f) => f.id)).toEqual([`ovn-cluster:${db}:ctl3`]);
    }
    const nb = of("cluster-member-down", "NB");
    const leader = columnOf(nb, "ctl1")[0]!.fields!;
    expect(leader.connections).toContainEqual({ direction: "out", sid: "30cc", failing: true });
    expect(leader.lastMsg["30cc"]).toEqual({ self: false, ms: 15756, late: true });
    expect(leader.lastMsg["e7b9"]!.late).toBe(false);
    expect(leader.disconnections).toBe(5);
  });

  it("cluster-quorum-lost: up 1 of 3, no leader, ctl1 a candidate in a higher term", () => {
    const m = clustersModel(snapshotFromFixtures("cluster-quorum-lost"));
    for (const c of m.clusters) {
      expect([c.health, c.up, c.servers, c.quorum, c.leaders]).toEqual(["down", 1, 3, 2, []]);
      expect(c.columns.filter((x) => x.kind === "missing").map((x) => x.node)).toEqual([
        "ctl2",
        "ctl3",
      ]);
      const ctl1 = columnOf(c, "ctl1")[0]!.fields!;
      expect([ctl1.role, ctl1.roleBad]).toEqual(["candidate", true]);
      expect(c.findings.map((f) => f.id)).toEqual([`ovn-cluster:${c.db}:quorum`]);
    }
    expect(m.clusters.map((c) => c.term)).toEqual([15, 13]);
    // northd has no active instance: a finding about both databases, listed once.
    expect(m.findings.map((f) => f.id)).toEqual(["northd-active:none"]);
  });

  it("cluster-incident: no member answers, yet the nodes' options configure a cluster: clustered and down, a no-answer column per configured server", () => {
    const m = clustersModel(snapshotFromFixtures("cluster-incident"));
    for (const c of m.clusters) {
      expect([c.mode, c.health, c.up, c.servers, c.quorum, c.leaders]).toEqual([
        "clustered",
        "down",
        0,
        3,
        2,
        [],
      ]);
      expect(c.columns.map((x) => [x.node, x.kind, x.fields])).toEqual([
        ["ctl1", "missing", null],
        ["ctl2", "missing", null],
        ["ctl3", "missing", null],
      ]);
      const port = c.db === "NB" ? 6643 : 6644;
      expect(c.columns.every((x) => x.address.endsWith(`:${port}`))).toBe(true);
      expect(c.findings.map((f) => f.id)).toEqual([`ovn-cluster:${c.db}:quorum`]);
    }
  });

  it("cluster-leader-killed: healthy again with new leaders in later terms (NB ctl1, SB ctl2)", () => {
    const m = clustersModel(snapshotFromFixtures("cluster-leader-killed"));
    expect(
      m.clusters.map((c) => [c.db, c.health, c.up, c.term, c.leaders.map((l) => l.node)]),
    ).toEqual([
      ["NB", "ok", 3, 22, ["ctl1"]],
      ["SB", "ok", 3, 19, ["ctl2"]],
    ]);
    const sb = m.clusters[1]!;
    expect(sb.columns.filter((x) => x.leader).map((x) => x.node)).toEqual(["ctl2"]);
    expect(columnOf(sb, "ctl1")[0]!.fields!.leaderNode).toBe("ctl2");
  });

  it("cluster-id-mismatch: ctl3's configured server does not answer, ctl3 shown as foreign", () => {
    const nb = of("cluster-id-mismatch", "NB");
    expect(nb.health).toBe("degraded");
    expect(columnOf(nb, "ctl3").map((x) => x.kind)).toEqual(["missing", "foreign"]);
    const foreign = nb.columns.find((x) => x.kind === "foreign")!;
    expect([foreign.leader, foreign.fields!.clusterId === nb.clusterId!.slice(0, 4)]).toEqual([
      false,
      false,
    ]);
    expect(nb.findings.map((f) => f.id)).toContain("ovn-cluster:NB:split");
  });

  it("cluster-stale-member: the stale server's column names the id its node answers as", () => {
    const nb = of("cluster-stale-member", "NB");
    const stale = nb.columns.find((x) => x.kind === "stale")!;
    expect([stale.sid, stale.node, stale.answersAs, stale.fields]).toEqual([
      "576c",
      "ctl3",
      "8bfd",
      null,
    ]);
    expect([nb.health, nb.servers, nb.quorum]).toEqual(["degraded", 4, 3]);
  });

  it("term history: every member's election lines, newest first, capped", () => {
    const nb = of("cluster-leader-flap", "NB");
    expect(nb.electionsTotal).toBeGreaterThan(ELECTIONS_SHOWN);
    expect(nb.elections).toHaveLength(ELECTIONS_SHOWN);
    const times = nb.elections.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The newest: ctl2 won term 40 and the others learned it.
    const term40 = nb.elections.filter((e) => e.term === 40);
    expect(term40.find((e) => e.kind === "won")).toMatchObject({
      node: "ctl2",
      message: "raft|INFO|term 40: elected leader by 2+ of 3 servers",
    });
    expect(nb.elections[0]!.kind).toBe("learned");
    expect(term40.every((e) => !e.alone)).toBe(true);
    expect(of("cluster-healthy", "NB").elections).toEqual([]);
  });

  it("term history: the newest term is not marked while only one member's journal has been read since", () => {
    // The collector reads each node's journal on its own schedule (when a unit changes, else
    // every few refreshes): for a while the newest term's lines can be one member's alone.
    // Here the others' lines of the newest term are left out of the leader-flap capture.
    const s = snapshotFromFixtures("cluster-leader-flap");
    const full = clustersModel(s).clusters.find((c) => c.db === "NB")!;
    const newest = Math.max(...full.elections.flatMap((e) => (e.term === null ? [] : [e.term])));
    const keeper = full.elections.find((e) => e.term === newest && e.kind === "learned")!.node;
    for (const node of s.nodes)
      if (node.name !== keeper && node.data)
        node.data.journal = node.data.journal.filter((j) => !j.message.includes(`term ${newest}`));
    const nb = clustersModel(s).clusters.find((c) => c.db === "NB")!;
    const lines = nb.elections.filter((e) => e.term === newest);
    expect(lines.map((e) => e.node)).toEqual(lines.map(() => keeper));
    expect(lines.filter((e) => e.alone)).toEqual([]);
  });

  it("term history: a leader only one member logged (ctl3's own cluster in cluster-id-mismatch) is marked alone", () => {
    const nb = of("cluster-id-mismatch", "NB");
    const own = nb.elections.filter((e) => e.message.includes("elected leader by 1+ of 1 servers"));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.node === "ctl3" && e.term === 1 && e.alone)).toBe(true);
    const shared = nb.elections.filter((e) => e.kind === "won" && e.term !== 1);
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.every((e) => !e.alone)).toBe(true);
  });
});

describe("a member's clients", () => {
  const columns = (state: string, db: "NB" | "SB") =>
    clustersModel(snapshotFromFixtures(state)).clusters.find((c) => c.db === db)!.columns;

  it("lists the sessions each member's ovsdb-server holds, by client; — where not read", () => {
    const sb = columns("cluster-healthy-sessions", "SB");
    expect(sb.find((c) => c.node === "ctl3")!.clients).toEqual([
      { who: "ovn-controller on cmp1", count: 1 },
    ]);
    expect(sb.find((c) => c.node === "ctl2")!.clients).toEqual([
      { who: "ovn-controller on net1", count: 1 },
    ]);
    // NB's leader holds every NB session; the followers none.
    const nb = columns("cluster-healthy-sessions", "NB");
    expect(nb.find((c) => c.node === "ctl2")!.clients).toEqual([]);
    expect(nb.find((c) => c.leader)!.clients).toContainEqual({
      who: "neutron-server on ctl1",
      count: 3,
    });
    expect(columns("cluster-healthy", "SB").map((c) => c.clients)).toEqual([null, null, null]);
  });

  it("the member of another cluster id shows the Neutron worker it holds", () => {
    const foreign = columns("cluster-id-mismatch-neutron-restarted", "NB").find(
      (c) => c.kind === "foreign",
    )!;
    expect([foreign.node, foreign.clients]).toEqual([
      "ctl3",
      [{ who: "neutron-server on ctl1", count: 1 }],
    ]);
  });
});
