/**
 * Records what changes, in the background: every snapshot the collector makes (for viewers,
 * the live watch, recovery or this recorder's own tick) is compared with the last recorded
 * state and the differences are appended to the store. Recording never holds a refresh: a
 * snapshot only replaces the one waiting, and the store write happens after. With several
 * instances on one PostgreSQL, one records per cloud: the holder of the lock `history:<cloud>`
 * (taken over when its holder stops heartbeating), so events are not written twice.
 */
import { randomUUID } from "node:crypto";
import { diagnosisOf } from "@/lib/diagnose";
import type { Snapshot } from "@/lib/model/snapshot";
import type { Store } from "@/lib/store/types";
import { changesSince, observe } from "./changes";
import type { HistoryConfig } from "./config";
import { EMPTY_HISTORY_STATE, type HistoryState } from "./types";

export interface SnapshotSource {
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  /** A snapshot no older than maxAgeMs (the cached one when fresh enough). */
  snapshot(maxAgeMs?: number): Promise<Snapshot>;
}

const PRUNE_EVERY_MS = 3_600_000;

export class HistoryRecorder {
  private state: HistoryState | null = null;
  private pending: Snapshot | null = null;
  private draining: Promise<void> | null = null;
  private readonly holder = `history-${randomUUID()}`;
  private holdsLock = false;
  private lockRenewedAt = 0;
  private lastPrune = 0;
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  constructor(
    private readonly cloud: string,
    private readonly store: Store,
    private readonly source: SnapshotSource,
    private readonly config: HistoryConfig,
    private readonly intervalMs: number,
    private readonly log: (line: string) => void = console.error,
  ) {}

  /** Subscribes to snapshots and reads the cloud once per interval when nothing else did. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.source.onSnapshot((s) => this.offer(s));
    this.timer = setInterval(() => {
      this.source.snapshot(this.intervalMs).catch(() => undefined);
    }, this.intervalMs);
    this.timer.unref();
    this.source.snapshot(this.intervalMs).catch(() => undefined);
  }

  /** Stops recording and hands the lock back, so another instance (or this one restarted) goes on at once. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
    if (this.holdsLock) await this.store.locks.release(this.lockName, this.holder);
    this.holdsLock = false;
  }

  private get lockName(): string {
    return `history:${this.cloud}`;
  }

  /** Resolves once everything offered so far is recorded (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  offer(snapshot: Snapshot): void {
    this.pending = snapshot;
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const snapshot = this.pending;
      this.pending = null;
      try {
        await this.record(snapshot);
        if (this.failing) this.log(`ovnscope: history: recording again`);
        this.failing = false;
      } catch (err) {
        // Said once per outage; the state is not advanced, so the next snapshot records the change.
        if (!this.failing) this.log(`ovnscope: history: cannot record: ${(err as Error).message}`);
        this.failing = true;
      }
    }
  }

  private async record(snapshot: Snapshot): Promise<void> {
    const now = Date.now();
    // The lock is renewed once per interval, not on every snapshot (a burst of changes brings
    // several a second): another instance takes it over only after six intervals of silence.
    if (!this.holdsLock || now - this.lockRenewedAt >= this.intervalMs) {
      const lock = await this.store.locks.acquire(
        this.lockName,
        this.holder,
        "history",
        now,
        Math.max(30_000, this.intervalMs * 6),
      );
      if (!lock.acquired) {
        this.holdsLock = false;
        this.state = null; // another instance records; read its state when taking over
        return;
      }
      if (!this.holdsLock) this.state = null;
      this.holdsLock = true;
      this.lockRenewedAt = now;
    }
    const before =
      this.state ?? (await this.store.history.state(this.cloud)) ?? EMPTY_HISTORY_STATE;
    const { events, state, changed } = changesSince(
      before,
      observe(snapshot, diagnosisOf(snapshot)),
    );
    if (changed) await this.store.history.record(this.cloud, events, state, now);
    this.state = state;
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.store.history.prune(now - this.config.retentionMs, this.config.maxEvents);
    }
  }
}
