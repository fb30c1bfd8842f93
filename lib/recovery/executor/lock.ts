// The cloud's run lock: one run per cloud at a time, across server instances. The lock is a
// row in the store (`run_locks`) named after the run's holder (`host:pid:random:run id`); the
// run renews it every 3 s while it executes, and a lock not renewed for 20 s belongs to a dead
// server, so the next run may take it over. This file is the only one that knows those numbers
// and how a holder is named and told dead.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { LockResult, RunLock, Store } from "@/lib/store";

/** A run lock whose holder has not beaten for this long belongs to a dead server. */
export const LOCK_STALE_MS = 20_000;
const HEARTBEAT_MS = 3_000;

/** This server process: `host:pid:random`, the prefix of every lock holder it writes. */
export function instanceName(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Takes the cloud's lock for `holder`, or says who holds it; a stale holder's is taken over. */
export function acquireLock(
  store: Store,
  cloud: string,
  holder: string,
  operator: string,
  now: number,
): Promise<LockResult> {
  return store.locks.acquire(cloud, holder, operator, now, LOCK_STALE_MS);
}

/** A run's lock being kept: whether another server took it over, and how to stop renewing it. */
export interface LockKeeper {
  lost(): boolean;
  stop(): void;
}

/**
 * Renews the run's lock every 3 s until `stop()`. `lost()` turns true once a renewal finds the
 * lock no longer the run's (another server took it over after 20 s without a beat); the run
 * then fails its next step instead of starting it. A renewal that errors (the store did not
 * answer) is not a loss by itself: if the store stays away, the lock goes stale, another server
 * may take it, and the next renewal that answers says so.
 */
export function keepLock(store: Store, cloud: string, holder: string): LockKeeper {
  let lost = false;
  const beat = setInterval(() => {
    store.locks
      .heartbeat(cloud, holder, Date.now())
      .then((held) => (lost ||= !held))
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  return { lost: () => lost, stop: () => clearInterval(beat) };
}

/** The lock says `holder` is alive: it still holds it, with a heartbeat newer than the stale time. */
export function lockBeating(lock: RunLock | null, holder: string, now: number): boolean {
  return !!lock && lock.holder === holder && now - lock.heartbeatAt <= LOCK_STALE_MS;
}

/** The holder's server is certainly gone: it ran on this host and its process no longer exists. */
export function holderGone(holder: string): boolean {
  const [host, pidText] = holder.split(":");
  return host === hostname() && !processAlive(Number(pidText));
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
