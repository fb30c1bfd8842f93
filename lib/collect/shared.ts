/**
 * One collector per cloud, however many ovnscope instances share a PostgreSQL store (issue
 * #18). The instances compete for a lease, the store lock `collector:<cloud>`: its holder is
 * the only one that reads the nodes (SSH, the change watch) and publishes every snapshot to
 * the store; the others serve pages, metrics and history from the published snapshot and
 * read no node at all. A holder that stops renewing (killed, hung, cut off from the store) is
 * replaced once its lease has run out: PostgreSQL's row lock decides who takes it, nobody
 * votes. Recovery runs read the nodes themselves on whichever instance runs them (the run
 * lock already keeps that to one).
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Snapshot } from "@/lib/model/snapshot";
import type { Store } from "@/lib/store/types";
import type { Collector } from "./collector";
import type { ChangeListener, ChangeWatch } from "./watch";

export interface SharedCollectionOptions {
  /** A collector that has not renewed its lease for this long is replaced. */
  leaseMs: number;
  /** How often an instance that does not collect looks for a newer published snapshot. */
  pollMs: number;
  /** How old the collector lets its snapshot get before it reads again, with or without viewers. */
  refreshMs: number;
}

/** What pages, metrics and history read snapshots from, whether this instance collects or not. */
export interface Snapshots {
  /** A snapshot no older than maxAgeMs where this instance collects; else the latest published. */
  snapshot(maxAgeMs?: number): Promise<Snapshot>;
  /** Every new snapshot (made here, or published by the collector). */
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  /** Snapshots a change on a node brought (live pages); with the nodes that changed when known. */
  subscribeLive(listener: ChangeListener): () => void;
  /** Who collects for this cloud. */
  collection(): CollectionStatus;
}

export interface CollectionStatus {
  /** "single": this instance alone (SQLite); "collector" / "follower" among instances on one store. */
  role: "single" | "collector" | "follower";
  /** This instance's name in the lease. */
  instance: string;
  /** The instance whose snapshot is served (the lease's holder as last seen). */
  collector: string | null;
}

/**
 * How long an instance's hold on a cloud's collection lasts without renewal before another
 * instance takes over: OVNSCOPE_COLLECTOR_LEASE_MS (2000–600000, default 10000). Renewed every
 * third of it; a dead collector is replaced within about one lease and a third.
 */
export function collectorLeaseMs(): number {
  const raw = process.env.OVNSCOPE_COLLECTOR_LEASE_MS;
  if (raw === undefined || raw === "") return 10_000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 2000 || value > 600_000)
    throw new Error(
      `OVNSCOPE_COLLECTOR_LEASE_MS must be a whole number of milliseconds from 2000 to 600000, not ${JSON.stringify(raw)}`,
    );
  return value;
}

export const collectorLock = (cloud: string) => `collector:${cloud}`;

/** A name for this instance that an operator can place: host, process, and a random part. */
export const instanceName = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** The one-instance case: this instance collects, always. */
export function localSnapshots(collector: Collector, watch: () => ChangeWatch): Snapshots {
  const instance = instanceName();
  return {
    snapshot: (maxAgeMs) => collector.snapshot(maxAgeMs),
    onSnapshot: (listener) => collector.onSnapshot(listener),
    subscribeLive: (listener) => watch().subscribe(listener),
    collection: () => ({ role: "single", instance, collector: instance }),
  };
}

export class SharedCollection implements Snapshots {
  readonly instance = instanceName();
  private leading = false;
  private collectorName: string | null = null;
  private latest: Snapshot | null = null;
  private latestGeneration = -1;
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();
  private readonly liveListeners = new Set<ChangeListener>();
  private timer: NodeJS.Timeout | null = null;
  private renewedAt = 0;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  /** While collecting: the collector subscription and the change watch. */
  private leadingParts: {
    unsubscribe: () => void;
    watch: ChangeWatch;
    unwatch: () => void;
  } | null = null;
  private firstPublished: Promise<void>;
  private resolveFirst!: () => void;

  constructor(
    private readonly store: Store,
    private readonly cloud: string,
    private readonly collector: Collector,
    private readonly newWatch: () => ChangeWatch,
    private readonly options: SharedCollectionOptions,
    private readonly log: (line: string) => void = console.log,
  ) {
    this.firstPublished = new Promise((resolve) => (this.resolveFirst = resolve));
  }

  /** Competes for the lease now and then every pollMs (and a third of the lease at most). */
  start(): void {
    if (this.timer || this.stopped) return;
    const every = Math.max(
      100,
      Math.min(this.options.pollMs, Math.floor(this.options.leaseMs / 3)),
    );
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
    void this.tick();
  }

  /** Stops collecting and hands the lease back (another instance takes over at once). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    if (this.leading) await this.store.locks.release(collectorLock(this.cloud), this.instance);
    this.follow();
  }

  collection(): CollectionStatus {
    return {
      role: this.leading ? "collector" : "follower",
      instance: this.instance,
      collector: this.leading ? this.instance : this.collectorName,
    };
  }

  async snapshot(maxAgeMs?: number): Promise<Snapshot> {
    if (this.leading) return this.collector.snapshot(maxAgeMs);
    if (this.latest) return this.latest;
    // Nothing published yet (this instance just started, or the cloud's first collector is
    // still reading): wait for the first one, at most a lease.
    await Promise.race([this.firstPublished, sleep(this.options.leaseMs)]);
    if (this.leading) return this.collector.snapshot(maxAgeMs);
    if (this.latest) return this.latest;
    throw new Error(
      `no snapshot published for cloud "${this.cloud}" yet (collector: ${this.collectorName ?? "none"})`,
    );
  }

  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribeLive(listener: ChangeListener): () => void {
    this.liveListeners.add(listener);
    return () => this.liveListeners.delete(listener);
  }

  /** One round: renew or take the lease, then collect or follow accordingly. Never overlaps. */
  tick(): Promise<void> {
    this.ticking ??= this.round()
      .catch((err) => this.log(`ovnscope: collector lease: ${(err as Error).message}`))
      .finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    if (!this.leading || now - this.renewedAt >= this.options.leaseMs / 3) {
      const lock = await this.store.locks
        .acquire(collectorLock(this.cloud), this.instance, "collector", now, this.options.leaseMs)
        .catch((err: unknown) => {
          // Not renewed for a whole lease (the store out of reach): another instance may
          // collect by now, so this one stops rather than read the nodes a second time.
          if (this.leading && now - this.renewedAt >= this.options.leaseMs) {
            this.log(
              `ovnscope: collector lease not renewed for ${this.options.leaseMs} ms: stepping down`,
            );
            this.follow();
          }
          throw err;
        });
      this.collectorName = lock.lock.holder;
      if (lock.acquired) {
        this.renewedAt = now;
        if (!this.leading) await this.lead(lock.stolenFrom?.holder ?? null);
      } else if (this.leading) {
        this.log(`ovnscope: collector lease taken by ${lock.lock.holder}: serving its snapshots`);
        this.follow();
      }
    }
    if (this.leading) {
      // Read again when the snapshot is due, viewers or not: the other instances serve it.
      await this.collector.snapshot(this.options.refreshMs).catch(() => undefined);
    } else await this.poll();
  }

  private async lead(from: string | null): Promise<void> {
    // Generations go on from the published one: pages and ETags never see a number twice.
    const published = await this.store.published.generation(this.cloud);
    if (published !== null) this.collector.continueFrom(published);
    const unsubscribe = this.collector.onSnapshot((s) => this.publish(s));
    const watch = this.newWatch();
    const unwatch = watch.subscribe((s, nodes) => this.live(s, nodes));
    this.collector.followWith(watch);
    this.leadingParts = { unsubscribe, watch, unwatch };
    this.leading = true;
    this.collectorName = this.instance;
    this.log(
      `ovnscope: collecting for cloud "${this.cloud}" as ${this.instance}${from ? ` (took over from ${from})` : ""}`,
    );
  }

  private follow(): void {
    const parts = this.leadingParts;
    this.leadingParts = null;
    this.leading = false;
    if (!parts) return;
    this.collector.followWith(null);
    parts.unwatch();
    parts.watch.stop();
    parts.unsubscribe();
  }

  /** Serialised once per generation, written while the lease is ours, handed to local readers. */
  private publish(snapshot: Snapshot): void {
    this.accept(snapshot);
    const body = JSON.stringify(snapshot);
    void this.store.published
      .put(this.cloud, collectorLock(this.cloud), this.instance, {
        generation: snapshot.generation,
        publishedAt: Date.now(),
        body,
      })
      .catch((err) => this.log(`ovnscope: cannot publish the snapshot: ${(err as Error).message}`));
  }

  private live(snapshot: Snapshot, nodes: string[]): void {
    for (const l of this.liveListeners) l(snapshot, nodes);
  }

  /** A follower's look at the store: the body only when the generation moved. */
  private async poll(): Promise<void> {
    const generation = await this.store.published.generation(this.cloud);
    if (generation === null || generation === this.latestGeneration) return;
    const row = await this.store.published.get(this.cloud);
    if (!row || this.leading) return;
    this.collectorName = row.holder;
    const snapshot = JSON.parse(row.body) as Snapshot;
    this.accept(snapshot);
    // Each new snapshot is news to live pages here: the collector's change watch made it, or
    // its interval did (pages re-read what they show either way).
    this.live(snapshot, []);
  }

  private accept(snapshot: Snapshot): void {
    this.latest = snapshot;
    this.latestGeneration = snapshot.generation;
    this.resolveFirst();
    for (const l of this.listeners) l(snapshot);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
