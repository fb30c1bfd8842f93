import { Collector, type CollectorOptions } from "@/lib/collect/collector";
import { loadInventoryFile } from "@/lib/inventory";
import { DEFAULT_POOL_OPTIONS, type PoolOptions, type SshPool } from "@/lib/ssh/pool";
import { labInventoryPath } from "./lab";

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
