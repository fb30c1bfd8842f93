import { Collector, type CollectorOptions } from "@/lib/collect/collector";
import { loadInventoryFile } from "@/lib/inventory";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { RecoveryExecutor } from "@/lib/recovery/executor";
import { DEFAULT_POOL_OPTIONS, SshPool, type PoolOptions } from "@/lib/ssh/pool";
import { openStore, type Store } from "@/lib/store";
import type { RunRecord } from "@/lib/recovery/types";
import { eventually, labInventoryPath } from "./lab";

/** Short timeouts and backoff, so faults show within seconds in tests. */
export const TEST_POOL: PoolOptions = {
  ...DEFAULT_POOL_OPTIONS,
  timeoutMs: 6000,
  keepaliveIntervalMs: 2000,
  backoffMs: 500,
  maxBackoffMs: 2000,
};

/** A collector on the lab's inventory that reads afresh on every refresh (no cache). */
export function labCollector(pool: SshPool, options: Partial<CollectorOptions> = {}): Collector {
  return new Collector(loadInventoryFile(labInventoryPath()), pool, {
    maxAgeMs: 0,
    fanOut: 8,
    ...options,
  });
}

/** What a recovery test drives on the lab: its own pool, collector, SQLite store and executor. */
export interface LabRecovery {
  pool: SshPool;
  collector: Collector;
  store: Store;
  executor: RecoveryExecutor;
  /** Closes the pool and the store and removes the store's directory. */
  close(): Promise<void>;
}

/** A recovery executor on the lab's inventory, with a throw-away store named after `name`. */
export async function labRecovery(name: string, maxStepTimeoutMs: number): Promise<LabRecovery> {
  const pool = new SshPool(TEST_POOL);
  const collector = labCollector(pool);
  const dataDir = mkdtempSync(path.join(tmpdir(), `ovnscope-${name}-`));
  const store = await openStore({ kind: "sqlite", file: path.join(dataDir, "ovnscope.db") });
  const executor = new RecoveryExecutor({
    inventory: loadInventoryFile(labInventoryPath()),
    pool,
    collector,
    store,
    maxStepTimeoutMs,
  });
  return {
    pool,
    collector,
    store,
    executor,
    close: async () => {
      pool.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a runbook on the lab through the executor and waits until the run ends; throws when
 * it is not started (locked, or refused before anything ran).
 */
export async function runToEnd(
  executor: RecoveryExecutor,
  args: { runbook: string; confirm: string; target?: string | null },
  timeoutMs = 300_000,
): Promise<RunRecord> {
  const started = await executor.start({
    runbook: args.runbook,
    target: args.target ?? null,
    operator: "test",
    confirm: args.confirm,
  });
  if (!started.started) throw new Error(JSON.stringify(started));
  let run: RunRecord | null = null;
  await eventually(
    `run ${started.run.id} (${args.runbook}) to end`,
    async () => (run = await executor.get(started.run.id))?.status !== "running",
    timeoutMs,
    500,
  );
  return run!;
}
