// The recovery executor's public face: start a run (refused without the cloud's name, or while
// another run holds the cloud's lock), read runs, follow a live one. Each part of the work has
// its own file, to be read on its own:
//   lock.ts       the cloud's run lock and its heartbeat
//   live.ts       the runs this server executes, and their subscribers
//   run.ts        a run from its first step to its end
//   step.ts       one step: decide, act, verify
//   verify.ts     waiting for a postcondition on fresh reads
//   settle.ts     the settle window a gateway must hold through
//   reads.ts      the last read, and new ones
//   record.ts     the run's record, its audit events and its summary's words
//   dead-runs.ts  runs whose server died under them
import { randomUUID } from "node:crypto";
import type { RunLock } from "@/lib/store";
import { confirmOf, planRunbook, validateTarget } from "../planner";
import { runbook as findRunbook } from "../runbooks";
import type { Plan, RunRecord, StepSpec } from "../types";
import type { ExecutorDeps, RunContext } from "./context";
import { interrupt, interruptDead, interruptHolder, isDead, type Liveness } from "./dead-runs";
import { LiveRuns, type Listener } from "./live";
import { acquireLock, instanceName, keepLock } from "./lock";
import type { Latest } from "./reads";
import { auditRefused, auditStart, markCrashed, markEnded, newRun } from "./record";
import { execute } from "./run";

export type { ExecutorDeps } from "./context";
export { LOCK_STALE_MS } from "./lock";
export { describe } from "./record";

export type StartResult =
  | { started: true; run: RunRecord }
  | { started: false; reason: "locked"; lock: RunLock }
  /** The plan has a step no runbook may unblock (a masked unit): nothing ran, no backup. */
  | { started: false; reason: "blocked"; refusal: string; plan: Plan };

export class RecoveryError extends Error {}

/**
 * The operator did not type what confirms the run (the cloud's name, or for a runbook that
 * moves a member's files aside, that member's name): a run is never one stray click away.
 */
export class ConfirmationError extends RecoveryError {
  constructor(readonly expected: Plan["confirm"]) {
    super(
      `type the ${expected.kind === "target" ? "member's" : "cloud's"} name (${expected.text}) to confirm the run`,
    );
  }
}

/**
 * Runs a runbook on the cloud: takes the cloud's run lock in the store (one run at a time,
 * across server instances), then for each planned step: a fresh snapshot, skip if its
 * postcondition holds, check its precondition, run its one command with `sudo -n`, and poll
 * the postcondition until it holds or the step's timeout passes — the first step that fails
 * stops the run. Every change of the run is written to the store and told to subscribers
 * (the SSE route); every step ends in the audit log.
 */
export class RecoveryExecutor {
  /** This server process: `host:pid:random`, the prefix of every lock holder it writes. */
  readonly instance = instanceName();
  private readonly live: LiveRuns;
  private readonly ctx: RunContext;
  private readonly liveness: Liveness;
  private reconciled: Promise<void> | null = null;

  constructor(private readonly deps: ExecutorDeps) {
    this.live = new LiveRuns(deps.store);
    this.ctx = {
      ...deps,
      timeoutOf: (spec: StepSpec) => Math.min(spec.timeoutMs, deps.maxStepTimeoutMs ?? Infinity),
      changed: (run: RunRecord) => this.live.changed(run),
    };
    this.liveness = { store: deps.store, instance: this.instance, live: this.live };
  }

  private get cloud() {
    return this.deps.inventory.cloud.name;
  }

  /** Starts a run in the background; refused while another run holds the cloud's lock. */
  async start(args: {
    runbook: string;
    target?: string | null;
    operator: string;
    ip?: string | null;
    /** The cloud's name as the operator typed it; whoever calls (route, CLI, test) passes it. */
    confirm: string;
  }): Promise<StartResult> {
    const { store, collector, inventory } = this.deps;
    const book = findRunbook(args.runbook);
    if (!book) throw new RecoveryError(`no runbook ${JSON.stringify(args.runbook)}`);
    const target = validateTarget(book, inventory, args.target);
    const expected = confirmOf(book, this.cloud, target);
    if (args.confirm !== expected.text) throw new ConfirmationError(expected);
    await this.reconcile();
    const id = randomUUID();
    const holder = `${this.instance}:${id}`;
    const now = Date.now();
    const lock = await acquireLock(store, this.cloud, holder, args.operator, now);
    if (!lock.acquired) {
      await auditRefused(store, args, book, {
        heldBy: lock.lock.operator,
        since: lock.lock.acquiredAt,
      });
      return { started: false, reason: "locked", lock: lock.lock };
    }
    // Kept from now on, not from the first step: the plan's read below can take longer than
    // the stale time (a node timing out), and a lock gone stale meanwhile would let a second
    // run start beside this one. It stops (finally, below) on every way out that does not
    // start the run; a beat after the lock was given back changes nothing.
    const kept = keepLock(store, this.cloud, holder);
    let executing = false;
    try {
      let run: RunRecord;
      let latest: Latest;
      try {
        if (lock.stolenFrom) await interruptHolder(store, lock.stolenFrom.holder);
        const snapshot = await collector.refreshAll();
        const plan = planRunbook(book, snapshot, inventory, target);
        if (plan.refusal) {
          // Refused before anything runs: no backup, no run record, the lock given back.
          await store.locks.release(this.cloud, holder);
          await auditRefused(store, args, book, {
            refusal: plan.refusal,
            blocked: plan.steps.filter((s) => s.final).map((s) => s.key),
          });
          return { started: false, reason: "blocked", refusal: plan.refusal, plan };
        }
        run = newRun({
          id,
          cloud: this.cloud,
          runbook: book.id,
          target,
          operator: args.operator,
          startedAt: now,
          holder,
          plan,
        });
        await store.runs.create(run);
        // The plan's own read is the first step's: nothing was done since.
        latest = { snapshot, journal: true, neutron: true };
      } catch (err) {
        await store.locks.release(this.cloud, holder);
        throw err;
      }
      this.live.add(run);
      try {
        await auditStart(store, run, args.ip);
      } catch (err) {
        // An action nobody could read about afterwards is not taken: nothing has run on a node
        // yet (the backup is the first step), so the run ends here and the lock is given back.
        markCrashed(run, `the audit log could not be written, nothing was run (${String(err)})`);
        markEnded(run);
        this.live.remove(run.id);
        await store.runs.update(run).catch(() => undefined);
        await store.locks.release(this.cloud, holder);
        throw err;
      }
      executing = true;
      void execute(this.ctx, book, run, latest, kept)
        .then(() => this.live.remove(run.id))
        .catch((err) => console.error("recovery run crashed", err));
      return { started: true, run };
    } finally {
      if (!executing) kept.stop();
    }
  }

  /** A run as it is now: live from memory, else from the store (dead runs shown interrupted). */
  async get(id: string): Promise<RunRecord | null> {
    await this.reconcile();
    const live = this.live.get(id);
    if (live) return live;
    const stored = await this.deps.store.runs.get(id);
    if (stored?.status === "running" && (await isDead(this.liveness, stored)))
      return interrupt(this.deps.store, stored);
    return stored;
  }

  async list(limit = 50): Promise<RunRecord[]> {
    await this.reconcile();
    return (await this.deps.store.runs.list(this.cloud, limit)).map(
      (r) => this.live.get(r.id) ?? r,
    );
  }

  /** Calls `fn` on every change of a live run; returns the unsubscribe function. */
  subscribe(id: string, fn: Listener): () => void {
    return this.live.subscribe(id, fn);
  }

  isLive(id: string): boolean {
    return this.live.has(id);
  }

  /** Runs the store shows as running but no live server executes are marked interrupted. */
  reconcile(): Promise<void> {
    this.reconciled ??= interruptDead(this.liveness).finally(() => (this.reconciled = null));
    return this.reconciled;
  }
}
