import { getInventory, InventoryError } from "@/lib/inventory";
import { maxAnswerBytesFromEnv } from "@/lib/ssh/bounded";
import { historyConfigFromEnv } from "@/lib/history/config";
import { collectorLeaseMs } from "@/lib/collect/shared";
import { fullReadIntervalMs } from "@/lib/collect/settings";
import { getStore } from "@/lib/store";

// A bad inventory stops the server here, with a message that names the file, the field and
// the problem: the server never starts half-configured.
try {
  const inventory = getInventory();
  console.log(
    `ovnscope: inventory ${inventory.source}: cloud "${inventory.cloud.name}", ${inventory.nodes.length} nodes`,
  );
} catch (err) {
  console.error(err instanceof InventoryError ? `ovnscope: ${err.message}` : err);
  process.exit(1);
}
try {
  maxAnswerBytesFromEnv();
  historyConfigFromEnv();
  collectorLeaseMs();
  fullReadIntervalMs();
} catch (err) {
  console.error(`ovnscope: ${(err as Error).message}`);
  process.exit(1);
}

/**
 * The store opens (and migrates) at start too: an unreachable database stops the start, not
 * the first login. A password in DATABASE_URL never reaches the log (location drops it).
 */
export async function openStoreAtStart() {
  try {
    const store = await getStore();
    console.log(
      `ovnscope: store ${store.kind} ${store.location}, schema version ${await store.schemaVersion()}`,
    );
    if ((await store.users.list()).length === 0)
      console.log(
        "ovnscope: no users yet: create the first admin with `npx ovnscope user add NAME --role admin`",
      );
  } catch (err) {
    console.error(`ovnscope: cannot open the store: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}

/** History records from the start, whether or not anybody has a page open (lib/history). */
export async function startHistoryAtStart() {
  const { startHistory } = await import("@/lib/history");
  const recorder = await startHistory();
  console.log(
    recorder
      ? "ovnscope: history recording (OVNSCOPE_HISTORY=off to stop)"
      : "ovnscope: history off",
  );
}

/**
 * Collection starts with the server: with PostgreSQL this instance competes for the cloud's
 * collector lease at once (lib/collect/shared.ts), whether or not anybody has a page open.
 */
export async function startCollectionAtStart() {
  const { getSnapshots } = await import("@/lib/collect");
  const c = (await getSnapshots()).collection();
  console.log(
    c.role === "single"
      ? "ovnscope: collecting (the only instance on this store)"
      : `ovnscope: collection shared through the store; this instance is ${c.instance}`,
  );
}
