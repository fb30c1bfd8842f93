import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Collector } from "@/lib/collect/collector";
import { diagnose, flatten } from "@/lib/diagnose";
import { loadInventoryFile } from "@/lib/inventory";
import { NEUTRON_UNDERWAY_MS } from "@/lib/recovery/checks";
import { RecoveryExecutor } from "@/lib/recovery/executor";
import type { Store } from "@/lib/store";
import { planRunbook } from "@/lib/recovery/planner";
import { runbook } from "@/lib/recovery/runbooks";
import type { RunRecord } from "@/lib/recovery/types";
import { labRecovery, type LabRecovery } from "../support/lab-collector";
import { eventually, labInventoryPath, labOk, nodeOut } from "../support/lab";

// Recovery against the real lab: real faults, real sudo, real systemd; the store is SQLite.

let collector: Collector;
let store: Store;
let lab: LabRecovery;
let executor: RecoveryExecutor;

const DB_FILES = ["/var/lib/ovn/ovnnb_db.db", "/var/lib/ovn/ovnsb_db.db"];
const UNITS = [
  "ovn-ovsdb-server-nb",
  "ovn-ovsdb-server-sb",
  "ovn-northd",
  "neutron-server",
  "ovn-controller",
];

beforeAll(async () => {
  await labOk(["ready"]);
  lab = await labRecovery("recovery", 45_000);
  ({ collector, store, executor } = lab);
});

afterAll(async () => {
  await lab?.close();
  await labOk(["heal"]);
});

async function runToEnd(
  name: string,
  target: string | null = null,
  by: RecoveryExecutor = executor,
): Promise<RunRecord> {
  const started = await by.start({ runbook: name, target, operator: "test", confirm: "lab" });
  if (!started.started)
    throw new Error(
      started.reason === "locked" ? `refused: held by ${started.lock.operator}` : started.refusal,
    );
  let run: RunRecord | null = null;
  await eventually(
    `run ${started.run.id} to end`,
    async () => (run = await by.get(started.run.id))?.status !== "running",
    300_000,
    500,
  );
  return run!;
}

/** Inode, size and a hash of the file's first `size` bytes, per OVN DB file on ctl1. */
async function dbFiles(): Promise<Map<string, { inode: string; size: number }>> {
  const out = new Map<string, { inode: string; size: number }>();
  for (const f of DB_FILES) {
    const [inode, size] = (await nodeOut("ctl1", `stat -c '%i %s' ${f}`)).split(" ");
    out.set(f, { inode: inode!, size: Number(size) });
  }
  return out;
}

/** The file kept its inode and its old bytes: only appended to (by the database itself). */
async function onlyAppended(
  before: Map<string, { inode: string; size: number }>,
  hashes: Map<string, string>,
) {
  for (const [f, b] of before) {
    const [inode] = (await nodeOut("ctl1", `stat -c '%i %s' ${f}`)).split(" ");
    expect(inode, `${f} replaced`).toBe(b.inode);
    const prefix = await nodeOut("ctl1", `head -c ${b.size} ${f} | sha256sum | cut -d' ' -f1`);
    expect(prefix, `${f} rewritten`).toBe(hashes.get(f));
  }
}

async function prefixHashes(before: Map<string, { inode: string; size: number }>) {
  const out = new Map<string, string>();
  for (const [f, b] of before)
    out.set(f, await nodeOut("ctl1", `head -c ${b.size} ${f} | sha256sum | cut -d' ' -f1`));
  return out;
}

const activeSince = () =>
  nodeOut(
    "ctl1",
    `systemctl show -p ActiveEnterTimestampMonotonic --value ${UNITS.slice(0, 4).join(" ")}`,
  );

async function backupsOf(run: RunRecord): Promise<string[]> {
  const dir = /backup-dir (\S+)/.exec(
    run.steps.find((s) => s.stepId === "backup-dbs")?.output ?? "",
  )?.[1];
  expect(dir, "backup step output names its directory").toBeTruthy();
  return (await nodeOut("ctl1", `for f in ${dir}/*.db; do ovsdb-tool db-name "$f"; done`)).split(
    "\n",
  );
}

function expectAllGreen(run: RunRecord) {
  expect(run.status, run.summary ?? "").toBe("succeeded");
  for (const s of run.steps)
    expect(["succeeded", "skipped"], `${s.key}: ${s.fact}`).toContain(s.status);
}

describe("recovery against the lab", () => {
  it("healthy lab: the plan is all skips and running it changes nothing", async () => {
    const inventory = loadInventoryFile(labInventoryPath());
    const planNow = async () =>
      planRunbook(runbook("recover-ovn-central")!, await collector.refreshAll(), inventory, null);
    // Heal may have just restarted a database: Neutron's workers then reconnect (their log says
    // so, and the plan would restart a neutron-server caught mid-way), within seconds.
    let plan = await planNow();
    await eventually(
      "a plan of skips only (Neutron's workers connected again after heal)",
      async () => (plan = await planNow()).noop,
      45_000,
      2000,
    ).catch(() => undefined);
    expect(plan.steps.filter((s) => s.decision !== "skip")).toEqual([]);
    expect(plan.noop).toBe(true);
    const before = await activeSince();
    const backups = await nodeOut("ctl1", "ls /var/backups/ovnscope 2>/dev/null | wc -l");
    const run = await runToEnd("recover-ovn-central");
    expect(run.status).toBe("succeeded");
    expect(run.steps.every((s) => s.status === "skipped")).toBe(true);
    expect(await activeSince()).toBe(before);
    expect(await nodeOut("ctl1", "ls /var/backups/ovnscope 2>/dev/null | wc -l")).toBe(backups);
  });

  it("20 concurrent run requests start exactly one run", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        executor.start({ runbook: "recover-ovn-central", operator: `op${i}`, confirm: "lab" }),
      ),
    );
    const started = results.filter((r) => r.started);
    expect(started).toHaveLength(1);
    const refused = results.filter((r) => !r.started);
    expect(refused).toHaveLength(19);
    const winner = started[0] as { run: RunRecord };
    for (const r of refused)
      expect(!r.started && r.reason === "locked" ? r.lock.holder : null).toBe(winner.run.holder);
    await eventually(
      "the run ends",
      async () => (await executor.get(winner.run.id))?.status !== "running",
      60_000,
      300,
    );
  });

  it("incident: Recover OVN central brings everything back, DB files untouched, backups taken, cause still reported", async () => {
    const files = await dbFiles();
    const hashes = await prefixHashes(files);
    await labOk(["fault", "incident"]);
    await eventually(
      "NB down",
      async () =>
        (await nodeOut("ctl1", "systemctl is-active ovn-ovsdb-server-nb || true")) !== "active",
    );
    const run = await runToEnd("recover-ovn-central");
    expectAllGreen(run);
    const ran = run.steps.filter((s) => s.status === "succeeded").map((s) => s.stepId);
    expect(ran).toEqual(expect.arrayContaining(["backup-dbs", "start-nb", "start-sb"]));
    // act waited on the node until each database answered, before ovnscope verified it.
    for (const id of ["start-nb", "start-sb"])
      expect(run.steps.find((s) => s.stepId === id)?.output, id).toMatch(
        /ready after \d+ ms \(ovsdb-client --timeout=1 list-dbs unix:/,
      );
    expect(await backupsOf(run)).toEqual(["OVN_Northbound", "OVN_Southbound"]);
    await onlyAppended(files, hashes);
    for (const u of UNITS.slice(0, 4))
      expect(await nodeOut("ctl1", `systemctl is-active ${u}`), u).toBe("active");
    // Recovery restored service, not the configuration: the drop-in's hazard is still reported.
    expect(run.remaining.map((f) => f.id)).toContain("northd-stops-dbs:ctl1:hazard");
    // Once the lab's chassis-settings shim has caught up (it copies every 2 s, and SB was just
    // restarted), only these two causes are left.
    let left: string[] = [];
    await eventually(
      "only the causes left",
      async () => {
        left = flatten(diagnose(await collector.refreshAll())).map((f) => f.id);
        return left.every(
          (id) => id.startsWith("northd-stops-dbs:") || id.startsWith("neutron-unknown-option:"),
        );
      },
      30_000,
      1000,
    ).catch(() => undefined);
    expect(left).toContain("neutron-unknown-option:ctl1:ovn.bridge_mappings");
    expect(
      left.filter(
        (id) => !id.startsWith("northd-stops-dbs:") && !id.startsWith("neutron-unknown-option:"),
      ),
    ).toEqual([]);
  });

  it("stray-ovsdb: the stray is stopped and the NB unit owns the database again", async () => {
    await labOk(["heal"]);
    await labOk(["fault", "stray-ovsdb"]);
    const run = await runToEnd("recover-ovn-central");
    expectAllGreen(run);
    expect(run.steps.find((s) => s.stepId === "stop-stray-ovsdb")?.status).toBe("succeeded");
    expect(await nodeOut("ctl1", "systemctl is-active ovn-ovsdb-server-nb")).toBe("active");
    expect(await nodeOut("ctl1", "pgrep -fc '[o]vsdb-server.*stray_nb' || true")).toBe("0");
    expect(flatten(diagnose(await collector.refreshAll())).map((f) => f.id)).toEqual([
      "northd-stops-dbs:ctl1:hazard",
    ]);
  });

  it("neutron-down: only neutron-server is started, verified through its API", async () => {
    await labOk(["heal"]);
    await labOk(["fault", "neutron-down"]);
    const run = await runToEnd("recover-ovn-central");
    expectAllGreen(run);
    // What acted (the gateway check runs nothing: it succeeds or is skipped, as it finds them).
    expect(
      run.steps.filter((s) => s.status === "succeeded" && !s.noCommand).map((s) => s.stepId),
    ).toEqual(["backup-dbs", "restart-neutron"]);
    expect(run.steps.find((s) => s.stepId === "verify-gateways")?.fact).toMatch(
      /router1 ACTIVE, cr-lrp on/,
    );
    expect(await nodeOut("ctl1", "systemctl is-active neutron-server")).toBe("active");
  });

  it("a neutron-server start already under way is waited for, not restarted again", async () => {
    await labOk(["heal"]);
    // What systemd does for a crash-looping neutron-server: a new start, here against live
    // databases. The step's verification (up 5 s, API answering) does not hold yet.
    await nodeOut("ctl1", "systemctl restart neutron-server");
    const pid = await nodeOut("ctl1", "systemctl show -p MainPID --value neutron-server");
    const run = await runToEnd("recover-ovn-central");
    expectAllGreen(run);
    const step = run.steps.find((s) => s.stepId === "restart-neutron")!;
    // (Skipped only if the API already answered when the step came up: no restart either.)
    if (step.status !== "skipped") {
      expect(step.status).toBe("succeeded");
      expect(step.output).toMatch(
        /^not run: neutron-server\.service \(pid \d+\) started \d+ s ago and is coming up.*; waiting for it instead$/,
      );
      expect(step.noCommand).toBe(true);
      expect(run.summary).toMatch(/Verified, no command run: [^.]*restart-neutron@ctl1/);
    }
    expect(step.fact).toMatch(/API answered at/);
    expect(await nodeOut("ctl1", "systemctl show -p MainPID --value neutron-server")).toBe(pid);
  });

  it("NB stopped under a running neutron-server: its sessions reconnect by themselves and it is waited for, restarted only if its API then hangs or a restart costs less than the wait", async () => {
    await labOk(["heal"]);
    // A settled server (heal may have restarted it): one still starting when NB goes is waited
    // for as a start under way, which is another test's case.
    const age = Number(
      await nodeOut(
        "ctl1",
        "echo $(( $(cut -d. -f1 /proc/uptime) - $(systemctl show -p ActiveEnterTimestampMonotonic --value neutron-server) / 1000000 ))",
      ),
    );
    const settleS = NEUTRON_UNDERWAY_MS / 1000 + 1;
    if (age < settleS) await new Promise((res) => setTimeout(res, (settleS - age) * 1000));
    const pid = await nodeOut("ctl1", "systemctl show -p MainPID --value neutron-server");
    // NB gone long enough for every worker's python-ovs session to notice and back off.
    await nodeOut("ctl1", "systemctl stop ovn-ovsdb-server-nb");
    await new Promise((res) => setTimeout(res, 6000));
    const run = await runToEnd("recover-ovn-central");
    expectAllGreen(run);
    expect(run.steps.find((s) => s.stepId === "start-nb")?.status).toBe("succeeded");
    const step = run.steps.find((s) => s.stepId === "restart-neutron")!;
    const after = await nodeOut("ctl1", "systemctl show -p MainPID --value neutron-server");
    // Restarted at once where its own journal says a restart takes less than the retries left
    // (the suite restarts it often: its stops took 0.6 s, or 15 s when they hit the timeout).
    if (/^not waited for: /.test(step.output ?? "")) {
      expect(step.output).toMatch(
        /^not waited for: restarting it is quicker than waiting: its sessions may take [\d.]+ s more to come back by themselves, and its journal's \d+ restarts? took at most [\d.]+ s to stop and typically [\d.]+ s from start until its API served/,
      );
      expect(step.noCommand).toBeUndefined();
      expect(after).not.toBe(pid);
      expect(step.fact).toMatch(/API answered at/);
      return;
    }
    // Otherwise it waited for the reconnection first ...
    expect(step.output ?? "").toMatch(
      /^not run: neutron-server\.service's workers retry their OVN sessions by themselves within their reconnect backoff \(at most 8 s\): NB on ctl1 came back/,
    );
    if (step.noCommand) {
      // ... and either it reconnected and was kept (same process) ...
      expect(after).toBe(pid);
      expect(run.summary).toMatch(/Verified, no command run: [^.]*restart-neutron@ctl1/);
    } else {
      // ... or restarted only once the wait was over: a session still retrying a backoff cap
      // after NB came back (seen: one worker's, with a request of ovnscope's in flight), or
      // every session back and its API still hung.
      expect(step.output, step.output ?? "").toMatch(
        /\nstopped waiting: .*(its workers were all connected again at .*, and its API still does not answer a read begun after: |its workers have not all reconnected although NB on ctl1 came back [\d.]+ s ago \(window 9 s\))/,
      );
      expect(after).not.toBe(pid);
    }
    expect(step.fact).toMatch(/API answered at/);
  });

  it("bridge-mapping-missing: nothing is restarted and the gateway check says no restart mends it", async () => {
    await labOk(["heal"]);
    await labOk(["fault", "bridge-mapping-missing"]);
    const before = await activeSince();
    const run = await runToEnd("recover-ovn-central");
    expect(run.status).toBe("failed");
    const failed = run.steps.find((s) => s.status === "failed")!;
    expect(failed.key).toBe("verify-gateways@ctl1");
    expect(failed.fact).toMatch(
      /^not started: precondition failed: router1's gateway is broken at bridge-mapping .*no restart mends that$/,
    );
    expect(run.steps.filter((s) => s !== failed).every((s) => s.status === "skipped")).toBe(true);
    expect(await activeSince()).toBe(before);
  });

  it("ml2-wrong-nb: neutron-server is not restarted into an endpoint nothing listens on", async () => {
    await labOk(["heal"]);
    await labOk(["fault", "ml2-wrong-nb"]);
    const run = await runToEnd("recover-ovn-central");
    expect(run.status).toBe("failed");
    const failed = run.steps.find((s) => s.status === "failed")!;
    expect(failed.key, `${failed.fact}\n${failed.output}`).toBe("restart-neutron@ctl1");
    expect(failed.fact).toMatch(
      /^not started: precondition failed: Neutron on ctl1 reaches NB at tcp:10\.250\.0\.11:6645 .*no restart mends that$/,
    );
    // Nothing but the backup ran before it; nothing after it ran.
    expect(
      run.steps
        .slice(0, run.steps.indexOf(failed))
        .filter((s) => s.status !== "skipped")
        .map((s) => `${s.key} ${s.status}`),
    ).toEqual(["backup-dbs@ctl1 succeeded"]);
    expect(
      run.steps.slice(run.steps.indexOf(failed) + 1).every((s) => s.status === "not-run"),
    ).toBe(true);
  });

  it("a step whose verification cannot pass stops the run; later steps are not run", async () => {
    await labOk(["heal"]);
    await labOk(["fault", "controller-disconnected"]);
    // cmp1's ovn-controller notices at its next probe (~5-10 s); the plan needs to see it.
    await eventually(
      "cmp1 disconnected",
      async () =>
        (await nodeOut("cmp1", "ovn-appctl -t ovn-controller connection-status")) ===
        "not connected",
      45_000,
    );
    // Steps capped at 20 s (not the file's 45 s): the step that cannot pass fails sooner.
    const impatient = new RecoveryExecutor({
      inventory: loadInventoryFile(labInventoryPath()),
      pool: lab.pool,
      collector,
      store,
      maxStepTimeoutMs: 20_000,
    });
    const run = await runToEnd("recover-ovn-central", null, impatient);
    expect(run.status).toBe("failed");
    const failed = run.steps.find((s) => s.status === "failed")!;
    expect(failed.key, `${failed.fact}\n${failed.output}`).toBe("reconnect-controller@cmp1");
    expect(failed.fact).toMatch(/not verified within/);
    const after = run.steps.slice(run.steps.indexOf(failed) + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.status === "not-run")).toBe(true);
    expect(run.summary).toMatch(/Not run: [^.]*verify-gateways@ctl1/);
    // Every step that was reached is in the audit log, the end with what was not run.
    const audited = await store.audit.query({ event: "recovery" });
    const mine = audited.filter((a) => a.detail?.run === run.id);
    expect(mine.filter((a) => a.event === "recovery.step").map((a) => a.detail?.step)).toEqual(
      run.steps
        .filter((s) => s.status !== "not-run")
        .map((s) => s.key)
        .reverse(),
    );
    expect(mine.find((a) => a.event === "recovery.end")?.outcome).toBe("failed");
    expect(await store.locks.get(run.cloud)).toBeNull();
  });

  it("restart ovn-northd safely leaves the databases running, even with the incident's drop-in", async () => {
    await labOk(["heal"]);
    await nodeOut(
      "ctl1",
      `mkdir -p /etc/systemd/system/ovn-northd.service.d && printf '[Service]\\nExecStop=\\nExecStop=/usr/share/ovn/scripts/ovn-ctl stop_northd\\n' >/etc/systemd/system/ovn-northd.service.d/incident.conf && systemctl daemon-reload`,
    );
    const before = await nodeOut(
      "ctl1",
      "systemctl show -p MainPID --value ovn-ovsdb-server-nb ovn-ovsdb-server-sb",
    );
    const run = await runToEnd("restart-northd-safely");
    expect(run.status, run.summary ?? "").toBe("succeeded");
    expect(run.steps.map((s) => s.status)).toEqual(["succeeded"]);
    expect(
      await nodeOut(
        "ctl1",
        "systemctl show -p MainPID --value ovn-ovsdb-server-nb ovn-ovsdb-server-sb",
      ),
    ).toBe(before);
    expect(
      await nodeOut("ctl1", "ls /run/systemd/system/ovn-northd.service.d 2>/dev/null | wc -l"),
    ).toBe("0");
  });
});
