import "server-only";
import { getInventory } from "@/lib/inventory";
import { maxAnswerBytesFromEnv } from "@/lib/ssh/bounded";
import { DEFAULT_POOL_OPTIONS, SshPool, type PoolOptions } from "@/lib/ssh/pool";
import { Collector } from "./collector";
import { fullReadIntervalMs } from "./settings";
import { getStore } from "@/lib/store";
import type { Snapshot } from "@/lib/model/snapshot";
import { ChangeWatch, DEFAULT_WATCH_OPTIONS } from "./watch";
import { collectorLeaseMs, localSnapshots, SharedCollection, type Snapshots } from "./shared";

export { collectorLeaseMs, fullReadIntervalMs };

/** How often pages refresh and how old a cached snapshot may be: OVNSCOPE_REFRESH_MS (1000–600000, default 5000). */
export function refreshIntervalMs(): number {
  const value = Number(process.env.OVNSCOPE_REFRESH_MS ?? 5000);
  return Number.isInteger(value) && value >= 1000 && value <= 600_000 ? value : 5000;
}

const holder = globalThis as typeof globalThis & {
  __ovnscopeCollector?: Collector;
  __ovnscopePool?: SshPool;
  __ovnscopeWatch?: ChangeWatch;
  __ovnscopeSnapshots?: Promise<Snapshots>;
};

/** The pool's options from the environment (OVNSCOPE_NODE_OUTPUT_MAX_BYTES); throws on a bad value. */
export function poolOptionsFromEnv(): PoolOptions {
  return { ...DEFAULT_POOL_OPTIONS, maxAnswerBytes: maxAnswerBytesFromEnv() };
}

/** The server's one SSH pool: collection and recovery share its held connections. */
export function getPool(): SshPool {
  holder.__ovnscopePool ??= new SshPool(poolOptionsFromEnv());
  return holder.__ovnscopePool;
}

/** The server's one collector (kept on globalThis so dev-mode reloads do not leak pools). */
export function getCollector(): Collector {
  holder.__ovnscopeCollector ??= new Collector(getInventory(), getPool(), {
    maxAgeMs: Math.max(1000, refreshIntervalMs() - 500),
    fanOut: 64,
    fullReadMs: fullReadIntervalMs(),
  });
  return holder.__ovnscopeCollector;
}

/** The server's one change watch (started by the first live page), refreshing the collector. */
export function getChangeWatch(): ChangeWatch {
  holder.__ovnscopeWatch ??= newChangeWatch();
  return holder.__ovnscopeWatch;
}

/** A change watch refreshing the collector (a new one each time this instance starts collecting). */
function newChangeWatch(): ChangeWatch {
  return new ChangeWatch(
    getInventory(),
    getPool(),
    (since) => getCollector().refreshSince(since),
    DEFAULT_WATCH_OPTIONS,
    (node, problem) => getCollector().noteStreamProblem(node, problem),
  );
}

/**
 * Where pages, metrics, history and the live channel get snapshots: this instance's collector
 * when it is alone on its store (SQLite); with PostgreSQL, whichever instance holds the cloud's
 * collector lease collects and the others serve what it publishes (shared.ts).
 */
export function getSnapshots(): Promise<Snapshots> {
  holder.__ovnscopeSnapshots ??= (async () => {
    const store = await getStore();
    if (store.kind !== "postgres") {
      // The watch runs from the start, page or not: quiet nodes are then read once a
      // fullReadMs instead of every refresh, and history sees changes when they happen.
      const watch = getChangeWatch();
      watch.start();
      getCollector().followWith(watch);
      return localSnapshots(getCollector(), getChangeWatch);
    }
    const shared = new SharedCollection(
      store,
      getInventory().cloud.name,
      getCollector(),
      newChangeWatch,
      { leaseMs: collectorLeaseMs(), pollMs: 500, refreshMs: refreshIntervalMs() },
    );
    shared.start();
    return shared;
  })();
  return holder.__ovnscopeSnapshots;
}

/** The cloud's current snapshot, wherever this instance gets it from (getSnapshots). */
export async function currentSnapshot(): Promise<Snapshot> {
  return (await getSnapshots()).snapshot();
}
