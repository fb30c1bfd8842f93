import path from "node:path";
import { migrate } from "./migrations";
import { PostgresDriver } from "./postgres";
import { sqlStore } from "./sql-store";
import { SqliteDriver } from "./sqlite";
import type { Store } from "./types";

export type * from "./types";
export { StoreConflictError } from "./types";

export type StoreConfig = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };

/** DATABASE_URL → PostgreSQL (several instances share it); else SQLite in OVNSCOPE_DATA_DIR (./data). */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  const dir = env.OVNSCOPE_DATA_DIR || "data";
  return { kind: "sqlite", file: path.resolve(dir, "ovnscope.db") };
}

/** Opens the store and brings its schema up to date. */
export async function openStore(config: StoreConfig = storeConfigFromEnv()): Promise<Store> {
  const driver =
    config.kind === "postgres" ? new PostgresDriver(config.url) : new SqliteDriver(config.file);
  try {
    await migrate(driver);
  } catch (err) {
    await driver.close().catch(() => undefined);
    throw err;
  }
  return sqlStore(driver);
}

const holder = globalThis as typeof globalThis & { __ovnscopeStore?: Promise<Store> };

/** The process's one store (kept on globalThis so dev-mode reloads do not open it twice). */
export function getStore(): Promise<Store> {
  holder.__ovnscopeStore ??= openStore().catch((err) => {
    holder.__ovnscopeStore = undefined; // let the next request try again
    throw err;
  });
  return holder.__ovnscopeStore;
}
