import "server-only";
import { getInventory } from "@/lib/inventory";
import { maxAnswerBytesFromEnv } from "@/lib/ssh/bounded";
import { DEFAULT_POOL_OPTIONS, SshPool, type PoolOptions } from "@/lib/ssh/pool";
import { Collector } from "./collector";
import { ChangeWatch, DEFAULT_WATCH_OPTIONS } from "./watch";

/** How often pages refresh and how old a cached snapshot may be: OVNSCOPE_REFRESH_MS (1000–600000, default 5000). */
export function refreshIntervalMs(): number {
  const value = Number(process.env.OVNSCOPE_REFRESH_MS ?? 5000);
  return Number.isInteger(value) && value >= 1000 && value <= 600_000 ? value : 5000;
}

const holder = globalThis as typeof globalThis & {
  __ovnscopeCollector?: Collector;
  __ovnscopePool?: SshPool;
  __ovnscopeWatch?: ChangeWatch;
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
  });
  return holder.__ovnscopeCollector;
}

/** The server's one change watch (started by the first live page), refreshing the collector. */
export function getChangeWatch(): ChangeWatch {
  holder.__ovnscopeWatch ??= new ChangeWatch(
    getInventory(),
    getPool(),
    (since) => getCollector().refreshSince(since),
    DEFAULT_WATCH_OPTIONS,
    (node, problem) => getCollector().noteStreamProblem(node, problem),
  );
  return holder.__ovnscopeWatch;
}
