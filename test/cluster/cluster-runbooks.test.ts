/**
 * The clustered runbooks on the clustered lab, run by the executor through real sudo and act:
 * - Remove stale cluster servers: `lab fault stale-member` re-joins ctl3's NB and SB under new
 *   server ids and leaves the old ids in both configurations; the runbook kicks exactly those
 *   ids after a backup, and the members themselves then list three servers each.
 * - Rejoin a database member: `lab fault cluster-id-mismatch` re-creates ctl3's NB as a cluster
 *   of its own; the runbook moves its file aside (kept), starts it joining the others' cluster,
 *   kicks its old id, and every member then answers for one cluster id.
 * - Rolling Neutron restart, on a neutron-server per controller: `lab fault neutron-stalled`
 *   stops ctl2's server (SIGSTOP) while ctl1's serves the endpoint; ovnscope asks ctl2's own
 *   API, says it is silent, and the restart on ctl2 is verified by ctl2's API.
 * Needs root and the clustered lab; ends with it healthy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import { ovnClusters } from "@/lib/facts/ovn-cluster";
import { loadInventoryFile } from "@/lib/inventory";
import { planRunbook } from "@/lib/recovery/planner";
import { runbook } from "@/lib/recovery/runbooks";
import { labRecovery, runToEnd, type LabRecovery } from "../support/lab-collector";
import { eventually, labInventoryPath, labOk, nodeOut, raftStatus } from "../support/lab";

const CONTROLLERS = ["ctl1", "ctl2", "ctl3"];
let lab: LabRecovery;

beforeAll(async () => {
  await labOk(["heal"]);
  lab = await labRecovery("remove-stale-member", 30_000);
}, 600_000);

afterAll(async () => {
  await lab?.close();
  await labOk(["heal"]);
}, 600_000);

/**
 * The cluster findings a runbook here must leave none of. An election storm, or a leader lost
 * while running, is the cluster's recent history (earlier files' faults within five minutes),
 * not what these runbooks mend.
 */
const mendedHere = (f: Finding) =>
  f.rule === "ovn-cluster" && !f.id.endsWith(":elections") && !f.id.endsWith(":election-timer");

async function servers(db: "nb" | "sb"): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const n of CONTROLLERS) out[n] = (await raftStatus(n, db))?.servers.map((s) => s.sid) ?? [];
  return out;
}

describe("remove stale cluster servers", () => {
  it("stale-member: a plan that kicks exactly the old ids after a backup; run, every member lists three servers", async () => {
    const before = { nb: await servers("nb"), sb: await servers("sb") };
    await labOk(["fault", "stale-member"]);
    const inventory = loadInventoryFile(labInventoryPath());
    let stale: { db: string; sid: string }[] = [];
    let snapshot = await lab.collector.refresh();
    await eventually(
      "both databases' stale ids seen",
      async () => {
        snapshot = await lab.collector.refresh();
        stale = ovnClusters(snapshot).flatMap((c) =>
          c.stale.map((x) => ({ db: c.db, sid: x.sid })),
        );
        return stale.length === 2;
      },
      60_000,
      1000,
    );
    // The stale ids are ctl3's ids from before the fault.
    expect(stale.map((x) => x.db).sort()).toEqual(["NB", "SB"]);
    for (const x of stale)
      expect(before[x.db === "NB" ? "nb" : "sb"].ctl1, `${x.db} ${x.sid}`).toContain(x.sid);
    const findings = flatten(diagnose(snapshot)).filter(
      (f) => f.title.key === "f.ovn-cluster.stale-member.title",
    );
    expect(findings.map((f) => f.runbook)).toEqual(["remove-stale-member", "remove-stale-member"]);

    const plan = planRunbook(runbook("remove-stale-member")!, snapshot, inventory, null);
    const acting = plan.steps.filter((s) => s.decision === "run");
    // A backup on each node a kick goes through (NB's and SB's leaders may differ).
    const vias = new Set(
      ovnClusters(snapshot).flatMap((c) => (c.stale.length ? [c.leaders[0]!.node.name] : [])),
    );
    expect(acting.map((s) => s.stepId)).toEqual([
      ...[...vias].map(() => "backup-dbs"),
      "kick-stale-server",
      "kick-stale-server",
    ]);
    for (const x of stale)
      expect(plan.steps.find((s) => s.member?.db === x.db && s.member.sid === x.sid)?.command).toBe(
        `sudo -n /usr/local/libexec/ovnscope/act cluster-kick ${x.db.toLowerCase()} ${x.sid}`,
      );

    const run = await runToEnd(lab.executor, { runbook: "remove-stale-member", confirm: "lab" });
    expect(run.status, JSON.stringify(run.steps, null, 1)).toBe("succeeded");
    expect(run.steps.map((s) => s.stepId)).toEqual([
      ...[...vias].map(() => "backup-dbs"),
      "kick-stale-server",
      "kick-stale-server",
      "verify-clusters",
    ]);
    // The last one is a verification only: skipped when it already holds.
    expect(run.steps.slice(0, -1).every((s) => s.status === "succeeded")).toBe(true);
    // On the nodes: three servers per database on every member, none of them a kicked id.
    for (const db of ["nb", "sb"] as const) {
      const now = await servers(db);
      for (const n of CONTROLLERS) {
        expect(now[n], `${n} ${db}`).toHaveLength(3);
        for (const x of stale) expect(now[n]).not.toContain(x.sid);
      }
    }
    const after = await lab.collector.refresh();
    expect(flatten(diagnose(after)).filter(mendedHere)).toEqual([]);
  });

  it("cluster-id-mismatch: ctl3's NB moved aside and joined to the others' cluster under a new id, its old id kicked", async () => {
    await labOk(["heal"]);
    await labOk(["fault", "cluster-id-mismatch"]);
    let snapshot = await lab.collector.refresh();
    await eventually(
      "ctl3's NB seen answering for another cluster",
      async () => {
        snapshot = await lab.collector.refresh();
        return ovnClusters(snapshot).some((c) => c.db === "NB" && c.foreign.length === 1);
      },
      60_000,
      1000,
    );
    const nb = ovnClusters(snapshot).find((c) => c.db === "NB")!;
    const cid = nb.clusterId!;
    const split = flatten(diagnose(snapshot)).find((f) => f.id === "ovn-cluster:NB:split");
    expect(split?.runbook).toBe("rejoin-member");
    const filesBefore = await nodeOut("ctl3", "ls /var/lib/ovn");

    await expect(
      runToEnd(lab.executor, { runbook: "rejoin-member", confirm: "lab", target: "ctl3" }),
    ).rejects.toThrow("type the member's name (ctl3)");
    const run = await runToEnd(lab.executor, {
      runbook: "rejoin-member",
      confirm: "ctl3",
      target: "ctl3",
    });
    expect(run.status, JSON.stringify(run.steps, null, 1)).toBe("succeeded");
    expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["backup-dbs", "succeeded"],
      ["rejoin-db", "succeeded"],
      ["kick-stale-server", "succeeded"],
      // A verification only: skipped when the clusters are already formed.
      ["verify-clusters", expect.stringMatching(/^(succeeded|skipped)$/)],
    ]);
    const rejoin = run.steps[1]!;
    expect(rejoin.command).toBe(`sudo -n /usr/local/libexec/ovnscope/act rejoin-cluster nb ${cid}`);
    expect(rejoin.output).toMatch(
      /moved \/var\/lib\/ovn\/ovnnb_db\.db aside to \/var\/lib\/ovn\/ovnnb_db\.db\.ovnscope-rejoin-\d{8}T\d{6}Z/,
    );
    // On the nodes: ctl3 a member of the others' cluster; three servers listed everywhere; the
    // file it had is kept beside the new one.
    const ctl3 = await raftStatus("ctl3", "nb");
    expect([ctl3?.status, ctl3?.clusterId]).toEqual(["cluster member", cid]);
    for (const n of CONTROLLERS) expect((await servers("nb"))[n], n).toHaveLength(3);
    const filesAfter = await nodeOut("ctl3", "ls /var/lib/ovn");
    const asideOf = (ls: string) => ls.split("\n").filter((f) => f.includes(".ovnscope-rejoin-"));
    expect(asideOf(filesAfter)).toHaveLength(asideOf(filesBefore).length + 1);
    for (const f of filesBefore.split("\n").filter(Boolean)) expect(filesAfter).toContain(f);
    const after = await lab.collector.refresh();
    expect(
      flatten(diagnose(after))
        .filter(mendedHere)
        .map((f) => f.id),
    ).toEqual([]);
  });
});

describe("a neutron-server per controller", () => {
  it("neutron-stalled: ctl2's API silent while the endpoint (ctl1) answers; its finding, and a rolling restart verified by ctl2's own API", async () => {
    await labOk(["fault", "neutron-stalled"]);
    expect(await nodeOut("ctl2", "systemctl is-active neutron-server")).toBe("active");
    let snapshot = await lab.collector.refresh();
    const ctl2Api = () => snapshot.neutron.servers?.find((s) => s.node === "ctl2");
    await eventually(
      "ctl2's own API read as unavailable beside an answering endpoint",
      async () => {
        snapshot = await lab.collector.refresh();
        return snapshot.neutron.state === "ok" && ctl2Api()?.state === "unavailable";
      },
      90_000,
      1000,
    );
    expect(ctl2Api()!.endpoint).toBe("http://10.250.0.13:9696");
    expect(ctl2Api()!.error).toMatch(/curl: \(28\)/);
    const finding = flatten(diagnose(snapshot)).find((f) => f.id === "service:ctl2:neutron-server");
    expect(finding?.title.key).toBe("f.service.api.title");
    expect(finding?.runbook).toBe("rolling-neutron-restart");

    const run = await runToEnd(lab.executor, {
      runbook: "rolling-neutron-restart",
      confirm: "lab",
    });
    console.log(
      `rolling-neutron-restart: ${run.status}\n${run.steps.map((s) => `  ${s.key} ${s.status}: ${s.fact ?? ""}`).join("\n")}`,
    );
    expect(run.status, JSON.stringify(run.steps, null, 1)).toBe("succeeded");
    const ctl2Step = run.steps.find((s) => s.key === "rolling-neutron@ctl2");
    expect(ctl2Step?.status).toBe("succeeded");
    expect(ctl2Step?.fact).toContain("API (ctl2's own, http://10.250.0.13:9696) answered at");
    const r = await fetch("http://10.250.0.13:9696/v2.0/routers?fields=name", {
      signal: AbortSignal.timeout(10_000),
    });
    expect(r.ok, "ctl2's API answers").toBe(true);
    const after = await lab.collector.refresh();
    expect(flatten(diagnose(after)).map((f) => f.id)).not.toContain("service:ctl2:neutron-server");
  });
});
