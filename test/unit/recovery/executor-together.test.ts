import { afterEach, describe, expect, it } from "vitest";
import type { Snapshot } from "@/lib/model/snapshot";
import type { ReadScope } from "@/lib/collect/collector";
import { sharedReads } from "@/lib/recovery/executor/reads";
import type { Store } from "@/lib/store";
import { CLUSTER_TWO_NEUTRONS_INVENTORY } from "../../support/fixtures";
import { finished, readingExecutor } from "../../support/executor-reading";

// A step's targets that may act at the same time (StepSpec.together) do: Recover OVN central
// restarts the neutron-servers that serve nothing side by side, each decided and verified as
// alone. Read from the captured clustered lab with two neutron-servers (cluster-two-neutrons),
// whose APIs the test makes silent until their restart command was sent; commands are recorded,
// not run.

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("restart-neutron: servers that serve nothing are restarted at the same time", () => {
  it("both APIs silent: both restarts sent before either step ends, each saying why together", async () => {
    const restartSent = new Map<string, number>();
    const silent = (node: string) => !restartSent.has(node);
    const reading = await readingExecutor(() => "cluster-two-neutrons", {
      inventory: CLUSTER_TWO_NEUTRONS_INVENTORY,
      prepare: (s: Snapshot) => {
        const now = new Date().toISOString();
        if (silent("ctl1")) Object.assign(s.neutron, { state: "unavailable", error: "timed out" });
        s.neutron.servers = s.neutron.servers?.map((x) =>
          silent(x.node)
            ? { ...x, state: "unavailable", error: "timed out", askedAt: now }
            : { ...x, state: "ok", error: null, collectedAt: now, askedAt: now },
        );
      },
      exec: async (node, command) => {
        if (/ restart 'neutron-server\.service'$/.test(command)) {
          restartSent.set(node, Date.now());
          await sleep(300); // systemctl restart returns once the unit started again
        }
        return { stdout: "", stderr: "", code: 0 } as never;
      },
    });
    store = reading.store;
    const started = await reading.executor.start({
      runbook: "recover-ovn-central",
      operator: "op",
      confirm: "lab",
    });
    if (!started.started) throw new Error(started.reason);
    const run = await finished(reading.executor, started.run.id);
    expect(run.status, run.summary ?? "").toBe("succeeded");

    const [a, b] = ["restart-neutron@ctl1", "restart-neutron@ctl2"].map((key) =>
      run.steps.find((s) => s.key === key)!,
    );
    for (const [step, other] of [
      [a!, b!],
      [b!, a!],
    ] as const) {
      expect(step.status, step.fact ?? "").toBe("succeeded");
      expect(step.together).toEqual([other.key]);
      expect(step.output).toMatch(
        new RegExp(`^at the same time as ${other.key}: its API does not answer: unavailable`),
      );
      // Sent before the other step had ended: side by side, not one after the other.
      expect(restartSent.get(step.node)!).toBeLessThan(other.endedAt!);
    }
    expect(reading.commands.filter((c) => c.includes("neutron-server"))).toHaveLength(2);
  }, 60_000);
});

describe("sharedReads: the reads of targets running at once", () => {
  /** A collector whose reads end when the test says; each records its scope. */
  function pendingCollector() {
    const reads: { scope: ReadScope; end: () => void }[] = [];
    const refreshWith = (scope: ReadScope) =>
      new Promise<Snapshot>((resolve) =>
        reads.push({ scope, end: () => resolve({ generation: reads.length } as Snapshot) }),
      );
    return { reads, collector: { refreshWith, refreshAll: () => refreshWith(ALL) } };
  }
  const ALL: ReadScope = { journal: "always", neutron: "always" };
  const STATE: ReadScope = { journal: "never", neutron: "never" };

  it("reads asked while one is under way wait for it, then share one new read; one asked after that began waits for the next", async () => {
    const { reads, collector } = pendingCollector();
    const shared = sharedReads(collector);
    const first = shared.refreshWith(ALL);
    await sleep(5);
    // Both asked after the first read began: it may miss what their askers just did.
    const second = shared.refreshWith(ALL);
    const third = shared.refreshWith(STATE);
    await sleep(5);
    expect(reads).toHaveLength(1);
    reads[0]!.end();
    await first;
    await sleep(5);
    // One new read, begun after both asked, serves both (it reads all the third asked for).
    expect(reads).toHaveLength(2);
    const fourth = shared.refreshWith(ALL);
    reads[1]!.end();
    expect(await second).toBe(await third);
    await sleep(5);
    // The fourth was asked after that read began: it gets a read of its own.
    expect(reads).toHaveLength(3);
    reads[2]!.end();
    expect(await fourth).not.toBe(await second);
  });

  it("a read under way that reads less than asked (no journal, no Neutron) is not joined", async () => {
    const { reads, collector } = pendingCollector();
    const shared = sharedReads(collector);
    const light = shared.refreshWith(STATE);
    await sleep(5);
    const waiting = shared.refreshWith(ALL);
    await sleep(5);
    reads[0]!.end();
    await light;
    await sleep(5);
    expect(reads.map((r) => r.scope)).toEqual([STATE, ALL]);
    reads[1]!.end();
    await waiting;
  });
});
