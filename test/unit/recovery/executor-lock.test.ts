import { hostname } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { RecoveryExecutor } from "@/lib/recovery/executor";
import type { Snapshot } from "@/lib/model/snapshot";
import type { RunRecord } from "@/lib/recovery/types";
import { openStore, type Store } from "@/lib/store";
import { LAB_LIKE_INVENTORY, snapshotFromFixtures } from "../../support/fixtures";

// The cloud's run lock is kept (its heartbeat beating) from the moment it is taken, not from
// the first step: the plan's read can take longer than the lock's stale time (a node timing
// out), and a lock gone stale while it is made would let a second run start beside the first.
// A start that ends without a run stops beating at once. And a run whose server died (this host
// and its process gone, or its lock no longer beating) is shown interrupted.

const BEAT_MS = 3_000;
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

type Exec = (
  node: unknown,
  command: string,
) => Promise<{ stdout: string; stderr: string; code: number }>;

async function executorWith(
  refreshAll: () => Promise<Snapshot>,
  exec: Exec = async () => ({ stdout: "", stderr: "", code: 0 }),
) {
  store = await openStore({ kind: "sqlite", file: ":memory:" });
  const beats: string[] = [];
  const heartbeat = store.locks.heartbeat.bind(store.locks);
  store.locks.heartbeat = (cloud, holder, now) => {
    beats.push(holder);
    return heartbeat(cloud, holder, now);
  };
  const executor = new RecoveryExecutor({
    inventory: LAB_LIKE_INVENTORY,
    pool: { exec } as never,
    collector: { refreshAll, refreshWith: refreshAll },
    store,
    maxStepTimeoutMs: 50,
  });
  return { executor, beats, store };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function finished(executor: RecoveryExecutor, id: string): Promise<RunRecord> {
  for (;;) {
    const run = await executor.get(id);
    if (run && run.status !== "running") return run;
    await sleep(50);
  }
}

describe("the run lock beats from the moment it is taken", () => {
  it("a slow plan read: the lock's heartbeat moves on while the plan is read", async () => {
    let reads = 0;
    const { executor, store } = await executorWith(async () => {
      if (reads++ === 0) await sleep(BEAT_MS + 700);
      return snapshotFromFixtures("northd-down");
    });
    const starting = executor.start({
      runbook: "restart-northd-safely",
      operator: "op",
      confirm: "lab",
    });
    await sleep(BEAT_MS + 400); // one beat due, the plan's read still under way
    const lock = await store.locks.get("lab");
    expect(lock).not.toBeNull();
    expect(lock!.heartbeatAt).toBeGreaterThan(lock!.acquiredAt);
    const started = await starting;
    if (!started.started) throw new Error("not started");
    await finished(executor, started.run.id);
    expect(await store.locks.get("lab")).toBeNull();
  }, 20_000);

  it("a start refused (a masked unit) or failed (the read threw): no beat after it, lock free", async () => {
    for (const read of [
      async () => snapshotFromFixtures("sb-masked"),
      async (): Promise<Snapshot> => {
        throw new Error("read failed");
      },
    ]) {
      const { executor, beats, store: s } = await executorWith(read);
      const result = executor.start({
        runbook: "recover-ovn-central",
        operator: "op",
        confirm: "lab",
      });
      const outcome = await result.then(
        (r) => (r.started ? "started" : r.reason),
        (e: Error) => e.message,
      );
      expect(["blocked", "read failed"]).toContain(outcome);
      await sleep(BEAT_MS + 300);
      expect(beats, outcome).toEqual([]);
      expect(await s.locks.get("lab")).toBeNull();
      await s.close();
      store = null;
    }
  }, 20_000);
});

describe("a run that cannot be audited does not start", () => {
  it("the start's audit fails: nothing runs on a node, the run ends failed, the lock is free", async () => {
    const commands: string[] = [];
    const { executor, store } = await executorWith(
      async () => snapshotFromFixtures("northd-down"),
      async (_node, command) => {
        commands.push(command);
        return { stdout: "", stderr: "", code: 0 };
      },
    );
    const append = store.audit.append.bind(store.audit);
    store.audit.append = async (entry) => {
      if (entry.event === "recovery.start") throw new Error("disk full");
      return append(entry);
    };
    await expect(
      executor.start({ runbook: "restart-northd-safely", operator: "op", confirm: "lab" }),
    ).rejects.toThrow("disk full");
    await sleep(300);
    expect(commands).toEqual([]);
    expect(await store.locks.get("lab")).toBeNull();
    const [run] = await store.runs.list("lab", 5);
    expect(run!.status).toBe("failed");
    expect(run!.summary).toMatch(/audit log could not be written, nothing was run/);
    expect(run!.steps.every((s) => s.status === "not-run")).toBe(true);
  });
});

describe("a run whose server died is shown interrupted", () => {
  const dead = (holder: string, at: number): RunRecord => ({
    id: "run0",
    cloud: "lab",
    runbook: "restart-northd-safely",
    target: null,
    operator: "op0",
    status: "running",
    startedAt: at,
    endedAt: null,
    holder,
    steps: [
      { ...step("backup-dbs@ctl1"), status: "succeeded", fact: "backed up" },
      { ...step("restart-northd-safely@ctl1"), status: "verifying", fact: "not restarted yet" },
      step("verify-gateways@ctl1"),
    ],
    summary: null,
    remaining: [],
  });
  const step = (key: string): RunRecord["steps"][number] => ({
    key,
    stepId: key.split("@")[0] as RunRecord["steps"][number]["stepId"],
    node: "ctl1",
    command: null,
    decision: "run",
    reason: "",
    status: "pending",
    startedAt: null,
    endedAt: null,
    output: null,
    fact: null,
  });

  it("same host, its process gone: interrupted at once, its lock freed, audited", async () => {
    const { executor, store } = await executorWith(async () => snapshotFromFixtures("healthy"));
    const holder = `${hostname()}:999999999:0dead000:run0`; // no such pid
    const now = Date.now();
    expect((await store.locks.acquire("lab", holder, "op0", now, 20_000)).acquired).toBe(true);
    await store.runs.create(dead(holder, now));
    const [run] = await executor.list();
    expect(run!.status).toBe("interrupted");
    expect(run!.steps.map((s) => s.status)).toEqual(["succeeded", "failed", "not-run"]);
    expect(run!.steps[1]!.fact).toBe(
      "interrupted: the server stopped during this step; not restarted yet",
    );
    expect(run!.summary).toBe(
      "Interrupted: the server running it stopped. Done and verified: backup-dbs@ctl1. " +
        "Failed: restart-northd-safely@ctl1: interrupted: the server stopped during this step; " +
        "not restarted yet. Not run: verify-gateways@ctl1.",
    );
    expect((await store.runs.get("run0"))!.status).toBe("interrupted");
    expect(await store.locks.get("lab")).toBeNull();
    const audited = await store.audit.query({ event: "recovery", limit: 10 });
    expect(audited.map((a) => [a.event, a.outcome])).toEqual([["recovery.interrupted", "failed"]]);
  });

  it("another host, its lock still beating: still running; gone stale: interrupted", async () => {
    const { executor, store } = await executorWith(async () => snapshotFromFixtures("healthy"));
    const holder = "elsewhere:1234:0abc0000:run0";
    const now = Date.now();
    await store.locks.acquire("lab", holder, "op0", now, 20_000);
    await store.runs.create(dead(holder, now));
    expect((await executor.get("run0"))!.status).toBe("running");
    await store.locks.heartbeat("lab", holder, now - 20_001);
    expect((await executor.get("run0"))!.status).toBe("interrupted");
    // Not certainly gone (another host): its lock is left to go stale, not released.
    expect((await store.locks.get("lab"))!.holder).toBe(holder);
  });
});
