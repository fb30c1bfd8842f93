import type { Inventory, InventoryNode } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";
import { watchCommand } from "@/lib/ssh/command";
import type { SshPool } from "@/lib/ssh/pool";

export interface ChangeWatchOptions {
  /** Quiet time after the last line before refreshing: Stopping…, Stopped… make one refresh. */
  debounceMs: number;
  /** Refresh at the latest this long after the first unanswered line, quiet or not. */
  maxWaitMs: number;
  /** At least this long between two change refreshes (a crash loop logs every few seconds). */
  minGapMs: number;
  /** Wait before following a node again after its watch ended or could not start. */
  reopenMs: number;
  /**
   * Wait before following again a node whose watch was ended for flooding (a line over the
   * limit): doubled each time it floods again, up to 16×. Its refreshes go on meanwhile.
   */
  floodBackoffMs: number;
  /** More lines than this within a second is a flood too (a crash loop logs a few a second). */
  maxLinesPerSecond: number;
}

export const DEFAULT_WATCH_OPTIONS: ChangeWatchOptions = {
  debounceMs: 150,
  maxWaitMs: 1000,
  minGapMs: 1000,
  reopenMs: 5000,
  floodBackoffMs: 60_000,
  maxLinesPerSecond: 200,
};

/**
 * A watch line can come a moment after the change it reports, and a watch just opened needs a
 * moment before its journalctl and monitors follow: a node counts as followed only from this
 * long after its stream opened, and a read only vouches for what it read if it started this long
 * after the last line anywhere.
 */
export const FOLLOW_MARGIN_MS = 2000;

export type ChangeListener = (snapshot: Snapshot, nodes: string[]) => void;
/** A node's watch was ended for flooding (message), or follows again normally (null). */
export type WatchProblemListener = (node: string, problem: string | null) => void;

/**
 * Follows every node's `collect --watch` on the held connection (systemd's lines about the
 * watched units; on database nodes, OVSDB monitors of gateway bindings, chassis and RAFT
 * leadership; on Open vSwitch nodes, of OVN settings, bridges and tunnel BFD) and refreshes at
 * once when a line arrives: an open page sees a database stop or a gateway move within about
 * one refresh instead of up to a whole interval. Listeners get each snapshot a change produced.
 * Neutron's own changes still show at the next interval. Best effort: a node whose watch cannot
 * run is still read on every interval.
 */
export class ChangeWatch {
  private started = false;
  private stopped = false;
  private readonly streams = new Map<string, { close(): void; openedAt: number }>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private lastRefresh = 0;
  private firstPendingAt = 0;
  private lastLineAt = 0;

  constructor(
    private readonly inventory: Inventory,
    private readonly pool: SshPool,
    /** A snapshot read after `since` (ms): joins one under way if it started late enough. */
    private readonly refresh: (since: number) => Promise<Snapshot>,
    private readonly options: ChangeWatchOptions = DEFAULT_WATCH_OPTIONS,
    private readonly onProblem: WatchProblemListener = () => undefined,
  ) {}

  /** Starts watching on first use; returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void {
    this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const node of this.inventory.nodes) void this.follow(node);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const stream of this.streams.values()) stream.close();
    this.streams.clear();
  }

  /** Nodes whose watch is running now. */
  watching(): string[] {
    return [...this.streams.keys()];
  }

  /**
   * Since when (ms) nothing can have changed unseen for `node`: its watch has run since then and
   * no node of the cloud has reported a change since (a change on one node, SB stopping, changes
   * what others say, such as their ovn-controller's connection). Null when the node's watch is
   * not running or was ended for flooding. Lines arriving now are at most FOLLOW_MARGIN_MS late.
   */
  quietSince(node: string): number | null {
    const stream = this.streams.get(node);
    if (!stream || this.stopped) return null;
    return Math.max(stream.openedAt, this.lastLineAt) + FOLLOW_MARGIN_MS;
  }

  private async follow(node: InventoryNode): Promise<void> {
    let floods = 0;
    while (!this.stopped) {
      let wait = this.options.reopenMs;
      let second = 0;
      let linesThisSecond = 0;
      let tooMany = false;
      try {
        const stream = await this.pool.stream(node, watchCommand(), () => {
          const now = Date.now();
          if (now - second >= 1000) [second, linesThisSecond] = [now, 0];
          if (++linesThisSecond > this.options.maxLinesPerSecond) {
            // Lines dropped from here on: counted as a change, so no read is vouched for.
            if (!tooMany) {
              this.lastLineAt = now;
              stream.close();
            }
            tooMany = true;
            return;
          }
          if (floods) this.onProblem(node.name, null);
          floods = 0;
          this.changed(node.name);
        });
        if (this.stopped) stream.close();
        this.streams.set(node.name, { close: () => stream.close(), openedAt: Date.now() });
        const ended = await stream.ended;
        // A watch that ended (the connection lost, the node rebooting) is news too: no read is
        // vouched for any more, and the refresh it brings tells whether the node still answers.
        if (!this.stopped) this.changed(node.name);
        const overLimit =
          ended.overLimit ??
          (tooMany
            ? `output over limit: more than ${this.options.maxLinesPerSecond} lines a second from collect --watch; the stream was ended`
            : null);
        if (overLimit) {
          wait = this.options.floodBackoffMs * 2 ** Math.min(floods, 4);
          floods += 1;
          this.onProblem(
            node.name,
            `${overLimit}; live changes from this node are off for ${Math.round(wait / 1000)} s`,
          );
        }
      } catch {
        // Unreachable or refused: the interval's refreshes say so; try again later.
      }
      // A node no longer followed is read at the next refresh, whatever its last read.
      this.streams.delete(node.name);
      if (!this.stopped) await new Promise((r) => setTimeout(r, wait).unref());
    }
  }

  private changed(node: string): void {
    const now = Date.now();
    if (this.pending.size === 0) this.firstPendingAt = now;
    this.pending.add(node);
    this.lastLineAt = now;
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(
      Math.min(this.options.debounceMs, this.firstPendingAt + this.options.maxWaitMs - now),
      this.lastRefresh + this.options.minGapMs - now,
      0,
    );
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const nodes = [...this.pending];
    const since = this.lastLineAt;
    this.pending.clear();
    this.lastRefresh = Date.now();
    try {
      const snapshot = await this.refresh(since);
      for (const listener of this.listeners) listener(snapshot, nodes);
    } catch {
      // A failed refresh shows in the snapshot the next interval reads.
    }
  }
}
