/**
 * The seed incident on the clustered lab, mended by Recover OVN central through the executor,
 * real sudo and act: `lab fault incident` does the seed's restarts on ctl1 (neutron-server,
 * ovn-controller, ovn-northd), then on ctl2 (neutron-server, ovn-northd) and ctl3 (ovn-northd),
 * one after the other; each northd's ExecStop stops that controller's NB and SB, so both
 * clusters lose their quorum (then every member is down). The runbook must start every member's
 * databases, wait for the clusters to elect, then northd and the clients (both neutron-servers),
 * and must never replace or rewrite a database file. Needs root and the clustered lab; ends with
 * it healthy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import { loadInventoryFile } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";
import { dbAnswers } from "@/lib/recovery/checks";
import { planRunbook } from "@/lib/recovery/planner";
import { runbook } from "@/lib/recovery/runbooks";
import { clustersModel } from "@/lib/views/clusters";
import { labRecovery, runToEnd, type LabRecovery } from "../support/lab-collector";
import {
  LAB_API,
  eventually,
  labInventoryPath,
  labOk,
  nodeOut,
  northdStatus,
  raftStatus,
} from "../support/lab";

const CONTROLLERS = ["ctl1", "ctl2", "ctl3"];
const DB_FILES = ["/var/lib/ovn/ovnnb_db.db", "/var/lib/ovn/ovnsb_db.db"];
let lab: LabRecovery;

beforeAll(async () => {
  await labOk(["heal"]);
  lab = await labRecovery("cluster-incident", 60_000);
}, 600_000);

afterAll(async () => {
  await lab?.close();
  await labOk(["heal"]);
}, 600_000);

type Files = Map<string, { inode: string; size: number; hash: string }>;

/** Per controller and DB file: inode, size, and a hash of its bytes as they are now. */
async function dbFiles(): Promise<Files> {
  const out: Files = new Map();
  for (const n of CONTROLLERS)
    for (const f of DB_FILES) {
      const [inode, size] = (await nodeOut(n, `stat -c '%i %s' ${f}`)).split(" ");
      const hash = await nodeOut(n, `head -c ${size} ${f} | sha256sum | cut -d' ' -f1`);
      out.set(`${n}:${f}`, { inode: inode!, size: Number(size), hash });
    }
  return out;
}

/** Each file kept its inode and its old bytes: only appended to (by the database itself). */
async function onlyAppended(before: Files): Promise<void> {
  for (const [key, b] of before) {
    const [n, f] = key.split(":") as [string, string];
    const [inode, size] = (await nodeOut(n, `stat -c '%i %s' ${f}`)).split(" ");
    expect(inode, `${key} replaced`).toBe(b.inode);
    expect(Number(size), `${key} shrank`).toBeGreaterThanOrEqual(b.size);
    const prefix = await nodeOut(n, `head -c ${b.size} ${f} | sha256sum | cut -d' ' -f1`);
    expect(prefix, `${key} rewritten`).toBe(b.hash);
  }
}

/** Members whose database answers, as the collector read them. */
const answering = (s: Snapshot, db: "NB" | "SB") =>
  CONTROLLERS.filter((n) => dbAnswers(s, n, db).ok);

const show = (f: Finding, depth = 0): string[] => [
  `${"  ".repeat(depth)}${f.id} [${f.severity}]${f.runbook ? ` → ${f.runbook}` : ""}`,
  ...f.symptoms.flatMap((x) => show(x, depth + 1)),
];

/** Whether a Neutron API (the lab's, on ctl1, unless another node's is named) answers a list. */
async function apiAnswers(endpoint = LAB_API): Promise<boolean> {
  try {
    const r = await fetch(`${endpoint}/v2.0/networks?limit=1`, {
      signal: AbortSignal.timeout(5000),
    });
    return r.ok;
  } catch {
    return false;
  }
}

describe("the seed incident on the clustered lab", () => {
  it("incident on every controller: quorum lost; Recover OVN central starts every member, the clusters elect, northd and Neutron come back, no DB file rewritten", async () => {
    const files = await dbFiles();
    await labOk(["fault", "incident"]);

    // The collector sees both databases without a majority of answering members.
    let snapshot = await lab.collector.refresh();
    await eventually(
      "the quorum lost, as the collector sees it",
      async () => {
        snapshot = await lab.collector.refresh();
        return answering(snapshot, "NB").length < 2 && answering(snapshot, "SB").length < 2;
      },
      60_000,
      1000,
    );
    console.log(
      `members answering after the incident: NB [${answering(snapshot, "NB").join(", ")}], SB [${answering(snapshot, "SB").join(", ")}]`,
    );

    // Root findings: each controller's northd unit stops its databases, its NB and SB down.
    const roots = diagnose(snapshot);
    console.log(`root findings:\n${roots.flatMap((f) => show(f)).join("\n")}`);
    const ids = flatten(roots).map((f) => f.id);
    for (const n of CONTROLLERS) {
      // On a cgroup v1 host ctl3's members can come back by themselves; the fault then stops
      // them with systemctl (a lab workaround), which is no northd stop: the rule says hazard.
      const restopped = ids.includes(`northd-stops-dbs:${n}:hazard`);
      const root = roots.find((f) => f.id === `northd-stops-dbs:${n}`);
      if (!restopped) {
        expect(root, `root northd-stops-dbs:${n}`).toBeDefined();
        expect(root!.runbook).toBe("recover-ovn-central");
      }
      if (!answering(snapshot, "NB").includes(n)) expect(ids).toContain(`service:${n}:nb-db`);
      if (!answering(snapshot, "SB").includes(n)) expect(ids).toContain(`service:${n}:sb-db`);
    }

    // The clusters lost their majority, whether a member answers or none does (then the nodes'
    // ovn-ctl options say the databases are clustered).
    expect(ids).toContain("ovn-cluster:NB:quorum");
    expect(ids).toContain("ovn-cluster:SB:quorum");
    // The Clusters page says so too: clustered and down, not "unknown", when no member answers.
    for (const c of clustersModel(snapshot).clusters)
      expect([c.db, c.mode, c.health, c.servers]).toEqual([c.db, "clustered", "down", 3]);

    // The plan starts every stopped member's databases.
    const inventory = loadInventoryFile(labInventoryPath());
    const plan = planRunbook(runbook("recover-ovn-central")!, snapshot, inventory, null);
    console.log(
      `plan:\n${plan.steps.map((s) => `${s.key} ${s.decision}: ${s.reason}`).join("\n")}`,
    );
    expect(plan.refusal).toBeNull();
    expect(plan.steps.find((x) => x.stepId === "verify-clusters")?.decision).toBe("run");
    for (const n of CONTROLLERS) {
      for (const [step, db] of [
        ["start-nb", "NB"],
        ["start-sb", "SB"],
      ] as const) {
        const s = plan.steps.find((x) => x.stepId === step && x.node === n);
        expect(s, `${step}@${n} planned`).toBeDefined();
        if (!answering(snapshot, db).includes(n)) expect(s!.decision, `${step}@${n}`).toBe("run");
      }
    }

    // Neutron runs on ctl1 and ctl2 (inventory role controller): each is a target of its own.
    expect(
      plan.steps.filter((x) => x.stepId === "restart-neutron").map((x) => x.node),
      "restart-neutron targets",
    ).toEqual(["ctl1", "ctl2"]);

    // Run it (click → succeeded).
    const clicked = Date.now();
    const record = await runToEnd(lab.executor, { runbook: "recover-ovn-central", confirm: "lab" });
    const ended = Date.now();
    console.log(
      `Recover OVN central on the clustered incident: ${record.status} in ${((ended - clicked) / 1000).toFixed(1)} s (click → ${record.status}; run record ${(((record.endedAt ?? ended) - record.startedAt) / 1000).toFixed(1)} s)\n` +
        record.steps
          .map(
            (s) =>
              `  ${s.key} ${s.status}${s.startedAt && s.endedAt ? ` ${((s.endedAt - s.startedAt) / 1000).toFixed(1)} s` : ""}: ${s.fact ?? ""}`,
          )
          .join("\n") +
        `\n  summary: ${record.summary}`,
    );
    // One outcome besides success is right: Neutron missed the gateway's binding event. The
    // seed restarts both neutron-servers while ctl1's ovn-controller restart moves the cr-lrp;
    // Neutron 21 sets the port's status only on a Port_Binding update, handled by the server
    // its hash ring names (seen in CI: the claim at :52 logged by neither server, the port left
    // DOWN while OVN bound it on ctl1). No node command mends that (it takes a gateway change
    // through Neutron's API): the run must stop at its last check, say why, and the finding
    // must name it. Every other step must have succeeded.
    const failed = record.steps.filter((s) => s.status === "failed");
    if (record.status !== "succeeded") {
      expect(record.status, JSON.stringify(record.steps, null, 1)).toBe("failed");
      expect(failed.map((s) => s.stepId)).toEqual(["verify-gateways"]);
      expect(failed[0]!.fact).toMatch(/broken at neutron-port: port \S+ status=DOWN/);
      const after = await lab.collector.refresh();
      const keys = flatten(diagnose(after)).map((f) => f.title.key);
      expect(keys, "Neutron's missed binding named").toContain(
        "f.neutron-ovn-disagree.down-bound.title",
      );
      console.log("Neutron missed the gateway's binding event: the run stopped at verify-gateways");
    }
    for (const s of record.steps.filter((x) => !failed.includes(x)))
      expect(["succeeded", "skipped"], `${s.key}: ${s.fact}`).toContain(s.status);

    // On the nodes: both clusters whole, one leader each; one northd active; Neutron serving.
    for (const db of ["nb", "sb"] as const) {
      const members = await Promise.all(CONTROLLERS.map((n) => raftStatus(n, db)));
      CONTROLLERS.forEach((n, i) =>
        expect(members[i]?.status, `${n} ${db}`).toBe("cluster member"),
      );
      expect(
        members.filter((m) => m?.role === "leader"),
        `${db}: one leader`,
      ).toHaveLength(1);
    }
    const northd = await Promise.all(CONTROLLERS.map(northdStatus));
    expect(
      northd.filter((s) => s === "active"),
      `northd: ${northd.join(", ")}`,
    ).toHaveLength(1);
    for (const n of ["ctl1", "ctl2"])
      expect(await nodeOut(n, "systemctl is-active neutron-server"), n).toBe("active");
    expect(await apiAnswers(), "Neutron API answers").toBe(true);
    expect(await apiAnswers("http://10.250.0.13:9696"), "ctl2's neutron-server answers").toBe(true);
    await onlyAppended(files);
  });
});
