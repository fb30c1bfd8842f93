import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { audit } from "@/lib/audit";
import { diagnose } from "@/lib/diagnose";
import type { ReadScope } from "@/lib/collect/collector";
import type { Inventory } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";
import { actionCommand } from "@/lib/ssh/command";
import type { ExecResult, SshPool } from "@/lib/ssh/pool";
import type { RunLock, Store } from "@/lib/store";
import { changes, decideStep, maskedTarget, planRunbook, validateTarget } from "./planner";
import { runbook as findRunbook } from "./runbooks";
import type { Check, Plan, Runbook, RunRecord, StepRecord, StepSpec, StepTarget } from "./types";

export interface ExecutorDeps {
  inventory: Inventory;
  pool: Pick<SshPool, "exec">;
  collector: { refreshAll(): Promise<Snapshot>; refreshWith(scope: ReadScope): Promise<Snapshot> };
  store: Store;
  /** Caps every step's verification timeout (tests of a step that cannot pass). */
  maxStepTimeoutMs?: number;
}

/** A run lock whose holder has not beaten for this long belongs to a dead server. */
export const LOCK_STALE_MS = 20_000;
const HEARTBEAT_MS = 3_000;
const OUTPUT_MAX = 8_000;

export type StartResult =
  | { started: true; run: RunRecord }
  | { started: false; reason: "locked"; lock: RunLock }
  /** The plan has a step no runbook may unblock (a masked unit): nothing ran, no backup. */
  | { started: false; reason: "blocked"; refusal: string; plan: Plan };

export class RecoveryError extends Error {}

/** The operator did not type the cloud's name: a run is never one stray click (or call) away. */
export class ConfirmationError extends RecoveryError {
  constructor(readonly cloud: string) {
    super(`type the cloud's name (${cloud}) to confirm the run`);
  }
}

type Listener = (run: RunRecord) => void;

/**
 * The last snapshot read since the last action, and whether its journal and Neutron parts were
 * read with it. A step decided on it sees the state as it is (nothing was done since), so
 * consecutive skips cost one read, not one each.
 */
interface Latest {
  snapshot: Snapshot | null;
  journal: boolean;
  neutron: boolean;
  /**
   * A settle window under way: since which read a postcondition has held with the same state,
   * on how many reads. Nothing was done since, so the next step whose check holds with the same
   * state (the same gateway bindings) goes on from here instead of waiting a whole window again.
   */
  streak?: Streak | null;
}

interface Streak {
  /** The held state (Check.state): a later step whose check holds with the same state goes on. */
  state: string | undefined;
  since: number;
  last: number;
  reads: number;
  /** The cloud's record that the state held before the first read (Check.heldSince), if any. */
  record?: string;
}

/** The executor's own words for a postcondition that did not hold in time (alternatives give way on it). */
const NOT_VERIFIED = "not verified within";

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const covers = (latest: Latest, spec: StepSpec) =>
  latest.snapshot !== null &&
  (!spec.reads?.journal || latest.journal) &&
  (!spec.reads?.neutron || latest.neutron);

const clip = (text: string) =>
  text.length > OUTPUT_MAX
    ? `${text.slice(0, OUTPUT_MAX)}\n… [${text.length - OUTPUT_MAX} more]`
    : text;

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
  readonly instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly live = new Map<string, { run: RunRecord; listeners: Set<Listener> }>();
  private reconciled: Promise<void> | null = null;

  constructor(private readonly deps: ExecutorDeps) {}

  private timeoutOf(spec: StepSpec): number {
    return Math.min(spec.timeoutMs, this.deps.maxStepTimeoutMs ?? Infinity);
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
    if (args.confirm !== this.cloud) throw new ConfirmationError(this.cloud);
    await this.reconcile();
    const book = findRunbook(args.runbook);
    if (!book) throw new RecoveryError(`no runbook ${JSON.stringify(args.runbook)}`);
    const target = validateTarget(book, this.deps.inventory, args.target);
    const id = randomUUID();
    const holder = `${this.instance}:${id}`;
    const now = Date.now();
    const lock = await this.deps.store.locks.acquire(
      this.cloud,
      holder,
      args.operator,
      now,
      LOCK_STALE_MS,
    );
    const refused = (detail: Record<string, unknown>) =>
      audit(
        {
          actor: args.operator,
          ip: args.ip,
          event: "recovery.refused",
          target: book.id,
          outcome: "denied",
          detail,
        },
        this.deps.store,
      );
    if (!lock.acquired) {
      await refused({ heldBy: lock.lock.operator, since: lock.lock.acquiredAt });
      return { started: false, reason: "locked", lock: lock.lock };
    }
    if (lock.stolenFrom) await this.interruptHolder(lock.stolenFrom.holder);

    let run: RunRecord;
    let snapshot: Snapshot;
    try {
      snapshot = await this.deps.collector.refreshAll();
      const plan = planRunbook(book, snapshot, this.deps.inventory, target);
      if (plan.refusal) {
        // Refused before anything runs: no backup, no run record, the lock given back.
        await this.deps.store.locks.release(this.cloud, holder);
        await refused({
          refusal: plan.refusal,
          blocked: plan.steps.filter((s) => s.final).map((s) => s.key),
        });
        return { started: false, reason: "blocked", refusal: plan.refusal, plan };
      }
      run = {
        id,
        cloud: this.cloud,
        runbook: book.id,
        target,
        operator: args.operator,
        status: "running",
        startedAt: now,
        endedAt: null,
        holder,
        steps: plan.steps.map((s) => ({
          ...s,
          status: "pending",
          startedAt: null,
          endedAt: null,
          output: null,
          fact: null,
        })),
        summary: null,
        remaining: [],
      };
      await this.deps.store.runs.create(run);
    } catch (err) {
      await this.deps.store.locks.release(this.cloud, holder);
      throw err;
    }
    this.live.set(id, { run, listeners: new Set() });
    await audit(
      {
        actor: args.operator,
        ip: args.ip,
        event: "recovery.start",
        target: book.id,
        detail: { run: id, target, plan: run.steps.map((s) => `${s.key}: ${s.decision}`) },
      },
      this.deps.store,
    );
    // The plan's own read is the first step's: nothing was done since.
    const latest: Latest = { snapshot, journal: true, neutron: true };
    void this.execute(book, run, latest).catch((err) => console.error("recovery run crashed", err));
    return { started: true, run };
  }

  /** A run as it is now: live from memory, else from the store (dead runs shown interrupted). */
  async get(id: string): Promise<RunRecord | null> {
    await this.reconcile();
    const live = this.live.get(id);
    if (live) return live.run;
    const stored = await this.deps.store.runs.get(id);
    if (stored?.status === "running" && (await this.isDead(stored)))
      return this.markInterrupted(stored);
    return stored;
  }

  async list(limit = 50): Promise<RunRecord[]> {
    await this.reconcile();
    return Promise.all(
      (await this.deps.store.runs.list(this.cloud, limit)).map(
        (r) => this.live.get(r.id)?.run ?? r,
      ),
    );
  }

  /** Calls `fn` on every change of a live run; returns the unsubscribe function. */
  subscribe(id: string, fn: Listener): () => void {
    const live = this.live.get(id);
    if (!live) return () => undefined;
    live.listeners.add(fn);
    return () => live.listeners.delete(fn);
  }

  isLive(id: string): boolean {
    return this.live.has(id);
  }

  /** Runs the store shows as running but no live server executes are marked interrupted. */
  reconcile(): Promise<void> {
    this.reconciled ??= (async () => {
      for (const run of await this.deps.store.runs.withStatus("running")) {
        if (!this.live.has(run.id) && (await this.isDead(run))) await this.markInterrupted(run);
      }
    })().finally(() => (this.reconciled = null));
    return this.reconciled;
  }

  /**
   * A run is dead when its server process is gone (same host, pid not alive) or when its lock
   * is no longer held by it with a recent heartbeat (another host's server stopped beating).
   */
  private async isDead(run: RunRecord): Promise<boolean> {
    if (this.live.has(run.id)) return false;
    const [host, pidText] = run.holder.split(":");
    if (run.holder.startsWith(`${this.instance}:`)) return true; // ours, but not executing
    if (host === hostname() && !processAlive(Number(pidText))) return true;
    const lock = await this.deps.store.locks.get(run.cloud);
    return !lock || lock.holder !== run.holder || Date.now() - lock.heartbeatAt > LOCK_STALE_MS;
  }

  private async interruptHolder(holder: string): Promise<void> {
    for (const run of await this.deps.store.runs.withStatus("running"))
      if (run.holder === holder) await this.markInterrupted(run);
  }

  private async markInterrupted(run: RunRecord): Promise<RunRecord> {
    const now = Date.now();
    for (const s of run.steps) {
      if (s.status === "running" || s.status === "verifying") {
        s.status = "failed";
        s.endedAt = now;
        s.fact = `interrupted: the server stopped during this step; ${s.fact ?? "its effect was not verified"}`;
      } else if (s.status === "pending") s.status = "not-run";
    }
    run.status = "interrupted";
    run.endedAt = now;
    run.summary = `Interrupted: the server running it stopped. ${describe(run)}`;
    await this.deps.store.runs.update(run);
    // Same host and the process is gone: its lock is certainly free to take back.
    const [host, pidText] = run.holder.split(":");
    if (host === hostname() && !processAlive(Number(pidText)))
      await this.deps.store.locks.release(run.cloud, run.holder);
    await audit(
      {
        actor: run.operator,
        event: "recovery.interrupted",
        target: run.runbook,
        outcome: "failed",
        detail: { run: run.id, summary: run.summary },
      },
      this.deps.store,
    );
    return run;
  }

  private async changed(run: RunRecord): Promise<void> {
    await this.deps.store.runs.update(run);
    const live = this.live.get(run.id);
    // Subscribers get a copy: they serialise it later, after the run has moved on.
    if (live) for (const fn of live.listeners) fn(structuredClone(run));
  }

  private async execute(book: Runbook, run: RunRecord, latest: Latest): Promise<void> {
    let lockLost = false;
    const beat = setInterval(() => {
      this.deps.store.locks
        .heartbeat(run.cloud, run.holder, Date.now())
        .then((held) => (lockLost ||= !held))
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    try {
      for (let i = 0; i < run.steps.length; i++) {
        const first = run.steps[i]!;
        const spec = book.steps.find((s) => s.id === first.stepId)!;
        if (spec.alternatives && run.steps[i - 1]?.stepId !== first.stepId && !lockLost)
          await this.orderAlternatives(run, i, spec, latest);
        const step = run.steps[i]!;
        const ok = lockLost
          ? this.fail(step, "the run lock was taken over (this server stopped beating)")
          : await this.runStep(book, run, i, spec, latest);
        await this.changed(run);
        await audit(
          {
            actor: run.operator,
            event: "recovery.step",
            target: run.runbook,
            outcome: step.status === "failed" ? "failed" : "ok",
            detail: {
              run: run.id,
              step: step.key,
              node: step.node,
              command: step.command,
              status: step.status,
              fact: step.fact,
              output: step.output,
            },
          },
          this.deps.store,
        );
        if (!ok) {
          // An alternative whose action did not mend it gives way to the next one.
          const next = run.steps[i + 1];
          if (
            spec.alternatives &&
            next?.stepId === step.stepId &&
            step.fact?.startsWith(NOT_VERIFIED)
          ) {
            step.gaveWay = true;
            step.fact += `; trying the next candidate, ${next.node}`;
            await this.changed(run);
            continue;
          }
          for (const rest of run.steps.slice(i + 1)) rest.status = "not-run";
          break;
        }
      }
      const final = await this.deps.collector.refreshAll().catch(() => null);
      run.remaining = final
        ? diagnose(final).map((f) => ({ id: f.id, severity: f.severity, title: f.title }))
        : [];
      run.status = run.steps.some((s) => s.status === "failed" && !s.gaveWay)
        ? "failed"
        : "succeeded";
      // What a settle window verified must still hold in the final read: a run never ends
      // "succeeded" while a gateway it verified is down again at its end.
      const undone = run.status === "succeeded" ? this.undoneAtEnd(book, run, final) : null;
      if (undone) {
        run.status = "failed";
        run.summary = `At the end of the run, ${undone.key} no longer holds: ${undone.fact}.`;
      }
    } catch (err) {
      // Never leave a step looking as if it were still under way.
      for (const step of run.steps) {
        if (step.status === "running" || step.status === "verifying")
          this.fail(step, `stopped by an internal error: ${String(err)}`);
        else if (step.status === "pending") step.status = "not-run";
      }
      run.status = "failed";
      run.summary = `Stopped by an internal error: ${String(err)}`;
    } finally {
      clearInterval(beat);
    }
    run.endedAt = Date.now();
    run.summary = `${run.summary ? `${run.summary} ` : ""}${describe(run)}`;
    await this.changed(run);
    await this.deps.store.locks.release(run.cloud, run.holder);
    await audit(
      {
        actor: run.operator,
        event: "recovery.end",
        target: run.runbook,
        outcome: run.status === "succeeded" ? "ok" : "failed",
        detail: { run: run.id, status: run.status, summary: run.summary },
      },
      this.deps.store,
    );
    this.live.delete(run.id);
  }

  /** The first verified (or skipped) settle step whose postcondition fails in the final read. */
  private undoneAtEnd(
    book: Runbook,
    run: RunRecord,
    final: Snapshot | null,
  ): { key: string; fact: string } | null {
    for (const step of run.steps) {
      const spec = book.steps.find((s) => s.id === step.stepId)!;
      if (!spec.settle || (step.status !== "succeeded" && step.status !== "skipped")) continue;
      if (!final) return null; // unread is not down: the remaining findings stay empty then
      const check = spec.verify(final, { node: step.node }, Date.parse(final.startedAt));
      if (!check.ok) return { key: step.key, fact: check.fact };
    }
    return null;
  }

  private fail(step: StepRecord, fact: string): false {
    end(step, "failed", fact);
    return false;
  }

  /** One step; false when it failed (the run stops). */
  private async runStep(
    book: Runbook,
    run: RunRecord,
    index: number,
    spec: StepSpec,
    latest: Latest,
  ): Promise<boolean> {
    const step = run.steps[index]!;
    const target = { node: step.node };
    step.status = "running";
    step.startedAt = Date.now();
    await this.changed(run);

    if (!covers(latest, spec)) await this.read(spec, latest);
    let snapshot = latest.snapshot!;
    if (spec.backup) {
      const later = run.steps.slice(index + 1).filter((s) => {
        const laterSpec = book.steps.find((x) => x.id === s.stepId)!;
        return (
          changes(book, s) && decideStep(laterSpec, { node: s.node }, snapshot).decision !== "skip"
        );
      });
      if (later.length === 0) return this.skip(step, "nothing to change, so nothing to back up");
      const final = run.steps.slice(index + 1).find((s) => {
        const laterSpec = book.steps.find((x) => x.id === s.stepId)!;
        return decideStep(laterSpec, { node: s.node }, snapshot).final;
      });
      if (final) return this.fail(step, `not taken: ${final.key} cannot run: ${final.reason}`);
    } else {
      let holds = spec.verify(snapshot, target, Date.parse(snapshot.startedAt));
      if (holds.ok && !spec.settle) return this.skip(step, `already holds: ${holds.fact}`);
      if (holds.ok) {
        // One read is not enough to skip it: watched through the settle window, it either
        // keeps holding (skipped) or falls back (then the step acts, or a verification only
        // goes on waiting for it to hold through a whole window).
        const watched = await this.watch(run, step, spec, target, Date.now(), latest, undefined, {
          untilFalls: true,
        });
        if (watched.ok) return this.skip(step, `already holds: ${watched.fact}`);
        step.status = "running";
        holds = watched;
        snapshot = latest.snapshot!;
      }
      // Masked since the plan was made: systemd would refuse; unmasking is not ours to do.
      const masked = maskedTarget(spec, target, snapshot);
      if (masked) return this.fail(step, `not started: ${masked.fact}`);
      const pre = spec.precondition?.(snapshot, target);
      if (pre && !pre.ok) return this.fail(step, `not started: precondition failed: ${pre.fact}`);
      // What it waits for, kept: the fact shown at the end is the one that finally held.
      if (!spec.action && !holds.ok) step.output = `waiting for: ${holds.fact}`;
    }

    const node = this.deps.inventory.nodes.find((n) => n.name === step.node);
    if (!node) return this.fail(step, `${step.node} is not in the inventory`);
    let since = Date.now();
    if (!spec.action) {
      step.noCommand = true;
      return this.conclude(step, spec, await this.watch(run, step, spec, target, since, latest));
    }
    const underway = spec.backup ? undefined : spec.underway?.(snapshot, target);
    if (underway?.ok) {
      step.output = `not run: ${underway.fact}; waiting for it instead`;
      step.noCommand = true;
      const waited = await this.watch(run, step, spec, target, since, latest, spec.underway);
      if (!waited.stopped) return this.conclude(step, spec, waited);
      delete step.noCommand;
      step.status = "running";
      step.output += `\nstopped waiting: ${waited.fact}; running the command`;
      await this.changed(run);
      since = Date.now();
    }
    // From here on what was read before may no longer be true (a backup changes no service).
    if (!spec.backup) Object.assign(latest, { snapshot: null, streak: null });
    let result: ExecResult;
    try {
      // Rebuilt from the runbook, not taken from the stored plan: only templates reach a node.
      result = await this.deps.pool.exec(node, actionCommand(spec.action(target, snapshot)), {
        timeoutMs: this.timeoutOf(spec),
        reconnectNow: true,
      });
    } catch (err) {
      return this.fail(
        step,
        `the command did not complete: ${String((err as Error).message ?? err)}`,
      );
    }
    step.output = clip(
      [step.output ?? "", result.stdout.trim(), result.stderr.trim()].filter(Boolean).join("\n"),
    );
    if (result.code !== 0)
      return this.fail(step, `the command failed (exit ${result.code}): ${lastLine(result)}`);
    if (spec.backup) {
      const dir = result.stdout.split("\n").find((l) => l.startsWith("backup-dir "));
      end(step, "succeeded", dir ?? "backed up");
      return true;
    }

    return this.conclude(step, spec, await this.watch(run, step, spec, target, since, latest));
  }

  /** The step shown as verifying while `poll` runs, each fact it reads shown as progress. */
  private async watch(
    run: RunRecord,
    step: StepRecord,
    spec: StepSpec,
    target: StepTarget,
    since: number,
    latest: Latest,
    whileTrue?: StepSpec["underway"],
    opts: { untilFalls?: true } = {},
  ): Promise<Check & { stopped?: true }> {
    step.status = "verifying";
    await this.changed(run);
    return this.poll(
      spec,
      target,
      since,
      latest,
      whileTrue,
      (c) => {
        step.fact = c.fact;
        return this.changed(run);
      },
      (fall) => {
        // What the settle window saw fall back is kept in the step's record, not overwritten.
        step.output = clip([step.output ?? "", fall].filter(Boolean).join("\n"));
      },
      opts.untilFalls === true,
    );
  }

  /**
   * Counts one read's postcondition into the settle window: ok only once it has held, with
   * the same state, on at least two reads spanning the window; a read that fails ends the
   * window (reported through `fell`).
   */
  private settled(
    spec: StepSpec,
    snapshot: Snapshot,
    check: Check,
    latest: Latest,
    fell: (line: string) => void,
  ): Check & { holding?: true } {
    const window = spec.settle?.(snapshot);
    if (!window) return check;
    const at = Date.parse(snapshot.startedAt);
    const prev = latest.streak ?? null;
    if (!check.ok) {
      if (prev)
        fell(
          `fell back at ${clock(at)} after holding ${secs(prev.last - prev.since)} on ${prev.reads} read(s): ${check.fact}`,
        );
      latest.streak = null;
      return check;
    }
    if (prev && prev.state !== check.state)
      fell(`moved at ${clock(at)} (was ${prev.state ?? "?"}): ${check.fact}`);
    if (!prev || prev.state !== check.state) {
      const before = check.heldSince && check.heldSince.at < at ? check.heldSince : null;
      latest.streak = before
        ? { state: check.state, since: before.at, last: at, reads: 1, record: before.fact }
        : { state: check.state, since: at, last: at, reads: 1 };
    } else if (at > prev.last) Object.assign(prev, { last: at, reads: prev.reads + 1 });
    const s = latest.streak!;
    const held = s.last - s.since;
    // Two reads at least, or one read and the cloud's record of the time before it.
    if ((s.reads >= 2 || s.record) && held >= window.ms)
      return {
        ...check,
        fact: s.record
          ? `${check.fact}; held for ${secs(held)} (settle window ${secs(window.ms)}: ${window.fact}): ${s.record}, and on ${s.reads} read(s) since`
          : `${check.fact}; held on ${s.reads} consecutive reads over ${secs(held)} (settle window ${secs(window.ms)}: ${window.fact})`,
      };
    return {
      ok: false,
      holding: true,
      fact: `holding for ${secs(held)} of the ${secs(window.ms)} settle window (${window.fact}): ${check.fact}`,
    };
  }

  /** Puts a step's alternatives (its consecutive records from `i`) in the order it asks for now. */
  private async orderAlternatives(run: RunRecord, i: number, spec: StepSpec, latest: Latest) {
    let j = i;
    while (run.steps[j]?.stepId === spec.id && run.steps[j]!.status === "pending") j++;
    const block = run.steps.slice(i, j);
    if (block.length < 2) return;
    if (!covers(latest, spec)) await this.read(spec, latest);
    const order = spec.alternatives!(
      latest.snapshot!,
      block.map((s) => s.node),
    );
    block.sort((a, b) => order.indexOf(a.node) - order.indexOf(b.node));
    run.steps.splice(i, block.length, ...block);
    await this.changed(run);
  }

  /** Succeeded when the postcondition held; failed when the step's timeout passed first. */
  private conclude(step: StepRecord, spec: StepSpec, check: Check): boolean {
    if (!check.ok)
      return this.fail(
        step,
        `not verified within ${Math.round(this.timeoutOf(spec) / 1000)} s: ${check.fact}`,
      );
    end(step, "succeeded", check.fact);
    return true;
  }

  private skip(step: StepRecord, fact: string): true {
    end(step, "skipped", fact);
    return true;
  }

  /** A read that starts now, of what the step's checks look at (null: the state only); it becomes `latest`. */
  private async read(spec: StepSpec | null, latest: Latest): Promise<Snapshot> {
    const journal = spec?.reads?.journal === true;
    const neutron = spec?.reads?.neutron === true;
    const snapshot = await this.deps.collector.refreshWith({
      journal: journal ? "always" : "never",
      neutron: neutron ? "always" : "never",
    });
    Object.assign(latest, { snapshot, journal, neutron });
    return snapshot;
  }

  /**
   * Re-reads the cloud until the postcondition holds or the step's timeout passes, or (with
   * `whileTrue`) until that stops holding first: `stopped`.
   */
  private async poll(
    spec: StepSpec,
    target: StepTarget,
    since: number,
    latest: Latest,
    whileTrue: StepSpec["underway"] | undefined,
    progress: (c: Check) => Promise<void>,
    fell: (line: string) => void,
    untilFalls = false,
  ): Promise<Check & { stopped?: true }> {
    const deadline = Date.now() + this.timeoutOf(spec);
    let check: Check = { ok: false, fact: "not read yet" };
    // The first read takes everything the check needs (`act` returns once the service is
    // ready to be looked at); later ones read journal and API only once `ready` holds.
    let full = true;
    for (;;) {
      const snapshot = await this.read(full ? spec : null, latest);
      const gate = spec.ready?.(snapshot, target, since);
      if (!full && gate?.ok) {
        full = true;
        continue; // read again at once, journal and Neutron included
      }
      const read = full ? spec.verify(snapshot, target, since) : gate!;
      check = full ? this.settled(spec, snapshot, read, latest, fell) : read;
      full = !gate || gate.ok;
      if (check.ok) return check;
      if (untilFalls && !read.ok) return check;
      const still = whileTrue?.(snapshot, target);
      if (still && !still.ok) return { ...still, stopped: true };
      if (Date.now() + spec.intervalMs > deadline) return check;
      await progress(check);
      await new Promise((r) => setTimeout(r, spec.intervalMs));
    }
  }
}

function end(step: StepRecord, status: "failed" | "skipped" | "succeeded", fact: string): void {
  step.status = status;
  step.fact = fact;
  step.endedAt = Date.now();
}

function lastLine(result: ExecResult): string {
  const lines = `${result.stdout}\n${result.stderr}`.trim().split("\n");
  return lines[lines.length - 1] ?? "";
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

/** What was done and what was not, in plain words (for the audit and the run's record). */
export function describe(run: RunRecord): string {
  const keys = (steps: StepRecord[]) => steps.map((s) => s.key).join(", ");
  const by = (status: string) => run.steps.filter((s) => s.status === status).map((s) => s.key);
  const succeeded = run.steps.filter((s) => s.status === "succeeded");
  const done = succeeded.filter((s) => !s.noCommand);
  const verified = succeeded.filter((s) => s.noCommand);
  const failed = run.steps.find((s) => s.status === "failed" && !s.gaveWay);
  const tried = run.steps.filter((s) => s.gaveWay);
  const parts = [
    done.length ? `Done and verified: ${keys(done)}.` : "Nothing was changed.",
    verified.length ? `Verified, no command run: ${keys(verified)}.` : "",
    tried.length ? `Done without mending it (the next candidate was tried): ${keys(tried)}.` : "",
    by("skipped").length ? `Skipped (already true): ${by("skipped").join(", ")}.` : "",
    failed ? `Failed: ${failed.key}: ${failed.fact}.` : "",
    by("not-run").length ? `Not run: ${by("not-run").join(", ")}.` : "",
  ];
  return parts.filter(Boolean).join(" ");
}
