// An executor that reads captured lab states (test/fixtures/collect) instead of the nodes:
// each read returns the state `states()` names, stamped now, so a step's checks run on real
// tools' output while the test decides what the cloud looks like read after read. Commands go
// to `exec` (by default: recorded, exit 0); nothing reaches a node.
import { RecoveryExecutor } from "@/lib/recovery/executor";
import type { Inventory } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";
import type { RunRecord } from "@/lib/recovery/types";
import type { ExecResult } from "@/lib/ssh/pool";
import { openStore, type Store } from "@/lib/store";
import { LAB_LIKE_INVENTORY, snapshotFromFixtures } from "./fixtures";

export interface ReadingOptions {
  inventory?: Inventory;
  /** Every node's journal stamped as read now (a step that reads the journal sees it fresh). */
  journalsReadNow?: boolean;
  /** Changes each read's snapshot (a copy) before the executor sees it. */
  prepare?: (snapshot: Snapshot) => void;
  onSnapshot?: (listener: (snapshot: Snapshot) => void) => () => void;
  exec?: (node: string, command: string) => Promise<ExecResult>;
}

export async function readingExecutor(states: () => string, opts: ReadingOptions = {}) {
  const store: Store = await openStore({ kind: "sqlite", file: ":memory:" });
  const commands: string[] = [];
  let reads = 0;
  const cache = new Map<string, Snapshot>();
  const read = async (): Promise<Snapshot> => {
    reads++;
    const state = states();
    if (!cache.has(state)) cache.set(state, snapshotFromFixtures(state));
    const now = new Date().toISOString();
    const snapshot = structuredClone(cache.get(state)!);
    if (opts.journalsReadNow)
      for (const n of snapshot.nodes) if (n.data) n.data.journalCollectedAt = now;
    // A read made now: Neutron's API answer too (a step verifies its API answered since).
    const stamped = {
      ...snapshot,
      startedAt: now,
      finishedAt: now,
      neutron: { ...snapshot.neutron, collectedAt: now },
    };
    opts.prepare?.(stamped);
    return stamped;
  };
  const executor = new RecoveryExecutor({
    inventory: opts.inventory ?? LAB_LIKE_INVENTORY,
    pool: {
      exec: async (node, command) => {
        commands.push(command);
        if (opts.exec) return opts.exec(node.name, command);
        return { stdout: "", stderr: "", code: 0 } as never;
      },
    },
    collector: { refreshAll: read, refreshWith: read, onSnapshot: opts.onSnapshot },
    store,
  });
  return { executor, commands, reads: () => reads, store };
}

/** The run once it has ended (polled). */
export async function finished(executor: RecoveryExecutor, id: string): Promise<RunRecord> {
  for (;;) {
    const run = await executor.get(id);
    if (run && run.status !== "running") return run;
    await new Promise((r) => setTimeout(r, 50));
  }
}
