import "server-only";
import { getCollector, getPool } from "@/lib/collect";
import { getInventory } from "@/lib/inventory";
import { getStore } from "@/lib/store";
import { RecoveryExecutor } from "./executor";

const holder = globalThis as typeof globalThis & { __ovnscopeRecovery?: Promise<RecoveryExecutor> };

/** The server's one executor (on globalThis: a second copy would not see the first's live runs). */
export function getExecutor(): Promise<RecoveryExecutor> {
  holder.__ovnscopeRecovery ??= getStore().then(
    (store) =>
      new RecoveryExecutor({
        inventory: getInventory(),
        pool: getPool(),
        collector: getCollector(),
        store,
      }),
  );
  return holder.__ovnscopeRecovery;
}
