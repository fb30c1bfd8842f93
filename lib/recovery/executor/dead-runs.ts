// Runs whose server died under them. A server can stop mid-run (restart, crash, its host lost);
// the store still says "running". Such a run is found by its holder — this host and its process
// gone, or its lock no longer beating — and closed as interrupted, saying what was and was not
// done; its lock is freed when its server is certainly gone (else it goes stale by itself).
import type { Store } from "@/lib/store";
import type { RunRecord } from "../types";
import type { LiveRuns } from "./live";
import { holderGone, lockBeating } from "./lock";
import { auditInterrupted, markInterrupted } from "./record";

export interface Liveness {
  store: Store;
  /** This server's instance name, the prefix of the holders it writes. */
  instance: string;
  live: LiveRuns;
}

/**
 * A run is dead when its server process is gone (same host, pid not alive) or when its lock
 * is no longer held by it with a recent heartbeat (another host's server stopped beating).
 */
export async function isDead(
  { store, instance, live }: Liveness,
  run: RunRecord,
): Promise<boolean> {
  if (live.has(run.id)) return false;
  if (run.holder.startsWith(`${instance}:`)) return true; // ours, but not executing
  if (holderGone(run.holder)) return true;
  return !lockBeating(await store.locks.get(run.cloud), run.holder, Date.now());
}

/** Closes a dead run as interrupted: stored, its lock freed if its server is gone, audited. */
export async function interrupt(store: Store, run: RunRecord): Promise<RunRecord> {
  markInterrupted(run, Date.now());
  await store.runs.update(run);
  // Same host and the process is gone: its lock is certainly free to take back.
  if (holderGone(run.holder)) await store.locks.release(run.cloud, run.holder);
  await auditInterrupted(store, run);
  return run;
}

/** The runs of a holder whose lock was just taken over (it stopped beating): interrupted. */
export async function interruptHolder(store: Store, holder: string): Promise<void> {
  for (const run of await store.runs.withStatus("running"))
    if (run.holder === holder) await interrupt(store, run);
}

/** Runs the store shows as running that no live server executes: interrupted. */
export async function interruptDead(l: Liveness): Promise<void> {
  for (const run of await l.store.runs.withStatus("running")) {
    if (!l.live.has(run.id) && (await isDead(l, run))) await interrupt(l.store, run);
  }
}
