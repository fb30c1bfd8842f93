// The runs this server is executing, in memory while they run: the record a page reads while it
// changes, and the subscribers (a run's SSE stream) told of every change. Each change is written
// to the store before it is told, so another server instance — or this one after a restart —
// sees the run as far as it got.
import type { Store } from "@/lib/store";
import type { RunRecord } from "../types";

export type Listener = (run: RunRecord) => void;

export class LiveRuns {
  private readonly runs = new Map<string, { run: RunRecord; listeners: Set<Listener> }>();
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(private readonly store: Store) {}

  add(run: RunRecord): void {
    this.runs.set(run.id, { run, listeners: new Set() });
  }

  /** The run's record as it is now, when this server executes it. */
  get(id: string): RunRecord | undefined {
    return this.runs.get(id)?.run;
  }

  has(id: string): boolean {
    return this.runs.has(id);
  }

  /** The run ended: its record is final in the store, nothing more will be told. */
  remove(id: string): void {
    this.runs.delete(id);
    this.writes.delete(id);
  }

  /** Calls `fn` on every change of a live run; returns the unsubscribe function. */
  subscribe(id: string, fn: Listener): () => void {
    const live = this.runs.get(id);
    if (!live) return () => undefined;
    live.listeners.add(fn);
    return () => live.listeners.delete(fn);
  }

  /**
   * Writes the run to the store, then tells its subscribers. A run's writes go one after
   * another (its targets that run at once each tell their changes): each writes the record as
   * it is when its turn comes, so a slower write never lands an older record over a newer one.
   */
  async changed(run: RunRecord): Promise<void> {
    const write = (this.writes.get(run.id) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.store.runs.update(run));
    this.writes.set(run.id, write);
    await write;
    const live = this.runs.get(run.id);
    // Subscribers get a copy: they serialise it later, after the run has moved on.
    if (live) for (const fn of live.listeners) fn(structuredClone(run));
  }
}
