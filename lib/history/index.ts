import "server-only";
import { getSnapshots, refreshIntervalMs } from "@/lib/collect";
import { getInventory } from "@/lib/inventory";
import { getStore } from "@/lib/store";
import { historyConfigFromEnv } from "./config";
import { HistoryRecorder } from "./recorder";

const holder = globalThis as typeof globalThis & { __ovnscopeHistory?: HistoryRecorder | null };

/** Starts the server's one history recorder (unless OVNSCOPE_HISTORY=off); returns it, or null when off. */
export async function startHistory(): Promise<HistoryRecorder | null> {
  if (holder.__ovnscopeHistory !== undefined) return holder.__ovnscopeHistory;
  const config = historyConfigFromEnv();
  if (!config.enabled) return (holder.__ovnscopeHistory = null);
  const recorder = new HistoryRecorder(
    getInventory().cloud.name,
    await getStore(),
    await getSnapshots(),
    config,
    refreshIntervalMs(),
  );
  recorder.start();
  return (holder.__ovnscopeHistory = recorder);
}
