import { afterEach, describe, expect, it } from "vitest";
import { RecoveryExecutor } from "@/lib/recovery/executor";
import { openStore, type Store } from "@/lib/store";
import { inventoryOf, snapshotFromFixtures } from "../../support/fixtures";

// The executor on a captured state whose plan has a final block (sb-masked): the run is
// refused before anything runs — no backup, no command, no run record, the lock given back.

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function executorOn(state: string) {
  store = await openStore({ kind: "sqlite", file: ":memory:" });
  const commands: string[] = [];
  const snapshot = snapshotFromFixtures(state);
  const executor = new RecoveryExecutor({
    inventory: inventoryOf(state),
    pool: {
      exec: async (_node, command) => {
        commands.push(command);
        return { stdout: "", stderr: "", code: 0 } as never; // never reached: nothing may run
      },
    },
    collector: { refreshAll: async () => snapshot, refreshWith: async () => snapshot },
    store,
    maxStepTimeoutMs: 50,
  });
  return { executor, commands, store };
}

describe("a plan with a masked unit is refused before anything runs", () => {
  it("sb-masked: not started, reason and plan returned, nothing executed, nothing recorded, lock free, audited", async () => {
    const { executor, commands, store } = await executorOn("sb-masked");
    const result = await executor.start({
      runbook: "recover-ovn-central",
      operator: "op",
      confirm: "lab",
    });
    expect(result.started).toBe(false);
    if (result.started || result.reason !== "blocked") throw new Error("not refused");
    expect(result.refusal).toContain("start-sb@ctl1");
    expect(result.refusal).toContain("masked by an administrator");
    expect(result.plan.steps.find((s) => s.key === "start-sb@ctl1")?.final).toBe(true);
    expect(commands).toEqual([]);
    expect(await store.runs.list("lab", 10)).toEqual([]);
    const lock = await store.locks.acquire("lab", "someone-else", "op2", Date.now(), 20_000);
    expect(lock.acquired).toBe(true);
    const audited = await store.audit.query({ event: "recovery", limit: 10 });
    expect(audited.map((a) => [a.event, a.outcome])).toContainEqual(["recovery.refused", "denied"]);
  });
});

describe("a run is started only with the cloud's name typed, whoever starts it", () => {
  it("no name, another cloud's name, or the name with a space: refused before anything, nothing recorded, lock free", async () => {
    const { executor, commands, store } = await executorOn("healthy");
    for (const confirm of ["", "lab2", " lab", "LAB"]) {
      await expect(
        executor.start({ runbook: "recover-ovn-central", operator: "op", confirm }),
        JSON.stringify(confirm),
      ).rejects.toThrow("type the cloud's name (lab) to confirm the run");
    }
    expect(commands).toEqual([]);
    expect(await store.runs.list("lab", 10)).toEqual([]);
    const lock = await store.locks.acquire("lab", "someone-else", "op2", Date.now(), 20_000);
    expect(lock.acquired).toBe(true);
  });
});

describe("rejoining a member is confirmed with the member's name, not the cloud's", () => {
  it("cluster-id-mismatch: the cloud's name, another member's or none is refused; nothing runs", async () => {
    const { executor, commands, store } = await executorOn("cluster-id-mismatch");
    for (const confirm of ["lab", "ctl1", "", " ctl3"]) {
      await expect(
        executor.start({ runbook: "rejoin-member", target: "ctl3", operator: "op", confirm }),
        JSON.stringify(confirm),
      ).rejects.toThrow("type the member's name (ctl3) to confirm the run");
    }
    expect(commands).toEqual([]);
    expect(await store.runs.list("lab", 10)).toEqual([]);
  });
});
