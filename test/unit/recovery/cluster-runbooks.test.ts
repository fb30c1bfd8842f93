import { describe, expect, it } from "vitest";
import { ovnClusters } from "@/lib/facts/ovn-cluster";
import { dbAnswers, dbServes } from "@/lib/recovery/checks";
import { planRunbook } from "@/lib/recovery/planner";
import { runbook } from "@/lib/recovery/runbooks";
import type { Plan } from "@/lib/recovery/types";
import { inventoryOf, snapshotFromFixtures } from "../../support/fixtures";

// The clustered runbooks' plans on the clustered lab's captures: Remove stale cluster servers
// (cluster-stale-member: ctl3's NB and SB re-joined under new ids, the old ids still listed)
// and Rejoin a database member (cluster-id-mismatch: ctl3's NB a cluster of its own).

const ACT = "sudo -n /usr/local/libexec/ovnscope/act";
function plan(state: string, id: string, target: string | null = null): Plan {
  return planRunbook(runbook(id)!, snapshotFromFixtures(state), inventoryOf(state), target);
}
const decisions = (p: Plan) => p.steps.map((s) => [s.key, s.decision]);

describe("remove stale cluster servers", () => {
  it("cluster-stale-member: a backup on the leader's node, then one kick per stale id, through that node", () => {
    const s = snapshotFromFixtures("cluster-stale-member");
    const clusters = ovnClusters(s);
    const stale = clusters.flatMap((c) =>
      c.stale.map((x) => ({ db: c.db, sid: x.sid, via: c.leaders[0]!.node.name })),
    );
    expect(stale.map((x) => x.db)).toEqual(["NB", "SB"]);
    const p = plan("cluster-stale-member", "remove-stale-member");
    expect(p.confirm).toEqual({ kind: "cloud", text: "lab" });
    const vias = [...new Set(stale.map((x) => x.via))];
    expect(decisions(p)).toEqual([
      ...vias.map((n) => [`backup-dbs@${n}`, "run"]),
      ...stale.map((x) => [`kick-stale-server@${x.via}/${x.db}:${x.sid}`, "run"]),
      [`verify-clusters@${clusters[0]!.leaders[0]!.node.name}`, "skip"],
    ]);
    for (const x of stale)
      expect(p.steps.find((st) => st.member?.sid === x.sid)!.command).toBe(
        `${ACT} cluster-kick ${x.db.toLowerCase()} ${x.sid}`,
      );
  });

  it("nothing stale (cluster-healthy, and the standalone lab): nothing to do", () => {
    for (const state of ["cluster-healthy", "healthy"]) {
      const p = plan(state, "remove-stale-member");
      expect(
        p.steps.filter((st) => st.decision === "run"),
        state,
      ).toEqual([]);
    }
  });
});

describe("rejoin a database member", () => {
  it("cluster-id-mismatch on ctl3: back up, rejoin NB into the others' cluster, then kick its old id; confirmed with ctl3", () => {
    const s = snapshotFromFixtures("cluster-id-mismatch");
    const nb = ovnClusters(s).find((c) => c.db === "NB")!;
    const own = nb.foreign.find((r) => r.node.name === "ctl3")!;
    const old = nb.servers.find((x) => x.node === "ctl3" && !x.report)!;
    const leader = nb.leaders.find((l) => l.node.name !== "ctl3")!.node.name;
    const p = plan("cluster-id-mismatch", "rejoin-member", "ctl3");
    expect(p.confirm).toEqual({ kind: "target", text: "ctl3" });
    expect(decisions(p)).toEqual([
      ["backup-dbs@ctl3", "run"],
      [`rejoin-db@ctl3/NB:${own.status.serverId.slice(0, 4)}`, "run"],
      // Not stale yet: ctl3 answers for another cluster, not under a new id of this one.
      [`kick-stale-server@${leader}/NB:${old.sid}`, "blocked"],
      ["verify-clusters@ctl3", "run"],
    ]);
    expect(p.steps[1]!.command).toBe(`${ACT} rejoin-cluster nb ${nb.clusterId}`);
    expect(p.steps[1]!.reason).toMatch(/ctl3's NB server [0-9a-f]{4}: cluster member of cluster /);
    expect(p.refusal).toBeNull();
  });

  it("a member that is in its cluster (ctl1 there, ctl3 on a healthy cluster) has nothing to rejoin", () => {
    for (const [state, node] of [
      ["cluster-id-mismatch", "ctl1"],
      ["cluster-healthy", "ctl3"],
    ] as const) {
      const p = plan(state, "rejoin-member", node);
      expect(
        p.steps.filter((st) => st.stepId === "rejoin-db"),
        `${state} ${node}`,
      ).toEqual([]);
      expect(p.steps.find((st) => st.stepId === "backup-dbs")!.decision).toBe("skip");
    }
  });

  it("quorum-lost: no member is outside its cluster, so there is nothing to rejoin", () => {
    // ctl1 alone is up there; no member of it is outside its cluster either.
    const p = plan("cluster-quorum-lost", "rejoin-member", "ctl1");
    expect(
      p.steps.filter((st) => st.decision === "run" && st.stepId !== "verify-clusters"),
    ).toEqual([]);
  });
});

describe("rejoin a database member that is merely down", () => {
  it("cluster-member-down on ctl3: nothing to rejoin and no id to kick (its id stays its own)", () => {
    const p = plan("cluster-member-down", "rejoin-member", "ctl3");
    expect(
      p.steps.filter((s) => s.stepId === "rejoin-db" || s.stepId === "kick-stale-server"),
    ).toEqual([]);
    expect(p.steps.find((s) => s.stepId === "backup-dbs")!.decision).toBe("skip");
  });
});

describe("Recover OVN central on a cluster that lost its majority", () => {
  it("quorum-lost: the member left running is up (it cannot answer a query without a majority): its start steps skip, the stopped members' run", () => {
    const s = snapshotFromFixtures("cluster-quorum-lost");
    const running = s.nodes
      .filter((n) =>
        n.data?.units.some(
          (u) => u.id === "ovn-ovsdb-server-nb.service" && u.activeState === "active",
        ),
      )
      .map((n) => n.name);
    expect(running).toHaveLength(1);
    const [member] = running;
    // Captured a moment after the fault, it still answered; read later (in a run on the lab,
    // after the backup), it gave no answer on its socket, NB nor SB, until a majority ran
    // again. That later state: before, start-nb@member waited 30 s for an answer and failed.
    const data = s.nodes.find((n) => n.name === member)!.data!;
    data.nb = null;
    data.sb = null;
    expect(dbAnswers(s, member!, "NB").fact).toBe("NB does not answer on its unix socket");
    const serves = dbServes(s, member!, "NB");
    expect(serves.ok, serves.fact).toBe(true);
    expect(serves.fact).toMatch(
      /NB cluster member [0-9a-f]{4} \(.+, \w+, term \d+\): it answers queries once a majority of its cluster runs$/,
    );
    const p = planRunbook(
      runbook("recover-ovn-central")!,
      s,
      inventoryOf("cluster-quorum-lost"),
      null,
    );
    const d = Object.fromEntries(decisions(p));
    // Its control socket silent too (no cluster/status): its ovn-ctl options still make it a
    // member, and its unit runs.
    data.nbCluster = null;
    expect(dbServes(s, member!, "NB").fact).toMatch(
      /; configured as NB cluster member tcp:[\d.]+:6643, not answering yet: it answers once a majority of its cluster runs$/,
    );
    for (const db of ["nb", "sb"])
      for (const n of ["ctl1", "ctl2", "ctl3"])
        expect(d[`start-${db}@${n}`], `start-${db}@${n}`).toBe(n === member ? "skip" : "run");
  });
});
