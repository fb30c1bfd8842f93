// What the executor's pieces share: what the executor was given (the inventory, the nodes, the
// collector, the store) and the two things it decides for all of them — how long a step may
// take, and how a change of a run is told. One interface, so that each piece takes what it uses
// as an argument instead of reaching into a class.
import type { ReadScope } from "@/lib/collect/collector";
import type { Inventory } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";
import type { SshPool } from "@/lib/ssh/pool";
import type { Store } from "@/lib/store";
import type { RunRecord, StepSpec } from "../types";

export interface ExecutorDeps {
  inventory: Inventory;
  pool: Pick<SshPool, "exec">;
  collector: {
    refreshAll(): Promise<Snapshot>;
    refreshWith(scope: ReadScope): Promise<Snapshot>;
    /** Each snapshot made from now on (the change watch's among them); returns the unsubscribe. */
    onSnapshot?(listener: (snapshot: Snapshot) => void): () => void;
  };
  store: Store;
  /** Caps every step's verification timeout (tests of a step that cannot pass). */
  maxStepTimeoutMs?: number;
}

/** A run under way: the executor's deps, plus its step timeout and its way to tell a change. */
export interface RunContext extends ExecutorDeps {
  /** How long the step's verification may take: its own timeout, capped by `maxStepTimeoutMs`. */
  timeoutOf(spec: StepSpec): number;
  /** Writes the run to the store and tells its subscribers (`live.ts`). */
  changed(run: RunRecord): Promise<void>;
}
