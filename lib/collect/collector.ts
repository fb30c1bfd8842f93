import type { Inventory, InventoryNode } from "@/lib/inventory";
import type {
  JournalEntry,
  NeutronServerState,
  NeutronState,
  NodeData,
  NodeSnapshot,
  SectionStatus,
  Snapshot,
} from "@/lib/model/snapshot";
import { parseJournal } from "@/lib/probes/journal";
import { readSections, splitSections, type RawSection } from "@/lib/probes/sections";
import {
  collectServed,
  journalCommand,
  neutronQueryCommand,
  type NodeCommand,
  type ServedCommand,
} from "@/lib/ssh/command";
import { isSshError, SshError, type ExecResult, type SshPool } from "@/lib/ssh/pool";
import { mapLimit } from "./limit";
import {
  neutronBackoffMs,
  neutronFromSection,
  neutronServerFromSection,
  neutronTimedOut,
  neutronUnavailable,
} from "./neutron";
import { NeutronOptionsCache } from "./neutron-options";
import { readSection, type SectionMemo } from "./node-data";
import { nodeIdentity, readNodeOutput } from "./read-output";
import { currentData, isCurrent } from "@/lib/model/current";
import { neutronServerTargets, type NeutronServerTarget } from "./neutron-servers";

export interface CollectorOptions {
  /** A snapshot younger than this is served from cache. */
  maxAgeMs: number;
  /** Nodes read at once. */
  fanOut: number;
  /** Journal lines are re-read at least every this many refreshes and whenever a unit changes (default 12). */
  journalEvery?: number;
  /** Neutron's API is re-read at least every this many refreshes and whenever OVN changes (default 6). */
  neutronEvery?: number;
  /**
   * How long snapshot() waits for a refresh before it serves the last snapshot instead (the
   * refresh goes on and the next call gets it). Default SLOW_REFRESH_MS.
   */
  slowRefreshMs?: number;
  /**
   * A node followed by its change watch (followWith) with nothing reported anywhere since its
   * last read is read again only this often (default FULL_READ_MS); 0 reads every node on every
   * refresh.
   */
  fullReadMs?: number;
  /**
   * A followed node quiet since its journal lines (or, for the Neutron node, Neutron's API) were
   * last read has them read again only this often (default QUIET_EVIDENCE_MS); a change of its
   * units, of the gateway bindings, chassis or NB names re-reads them at once as before.
   */
  quietEvidenceMs?: number;
  /**
   * How long after the last change anywhere the cloud must stay quiet before a read is vouched
   * for (default QUIET_AFTER_CHANGE_MS): until then every node, its journal and Neutron are read
   * at their usual pace.
   */
  quietAfterChangeMs?: number;
}

/**
 * How often a quiet, followed node is read in full anyway: the consistency check for what its
 * watch does not follow (listening ports, processes, config files, NB rows, RAFT log indexes,
 * ovn-controller's connection while nothing else changes) and for a watch that missed a line.
 * A minute keeps a node's idle cost at about one read a minute (~40 ms of CPU) instead of
 * twelve, and bounds how long such a change can go unseen.
 */
export const FULL_READ_MS = 60_000;

/**
 * Journal lines and Neutron's answers are evidence for what a read shows: while nothing changes
 * they say nothing new, and re-reading them is most of a quiet controller's cost (Neutron's four
 * GETs ~80 ms of neutron-server CPU, the journal ~40 ms). Still read every ten minutes, so a
 * line or a Neutron-only change (an agent's heartbeat, a renamed router) is seen eventually.
 */
export const QUIET_EVIDENCE_MS = 600_000;

/**
 * After a change, a cloud settles without saying so to the watch: services reconnect, Neutron's
 * workers log their new sessions, a gateway's BFD comes up. For a minute after the last change
 * anywhere, nodes are read at the usual pace (a recovery's, a fault's minutes are when fresh
 * reads matter most); a read made after that is vouched for while nothing changes.
 */
export const QUIET_AFTER_CHANGE_MS = 60_000;

/** Tells, per node, since when nothing can have changed unseen (ChangeWatch.quietSince). */
export interface Follower {
  quietSince(node: string): number | null;
}

/**
 * A refresh takes ~0.1 s; one that takes longer waits on something slow (Neutron's API hanging
 * while NB is unreachable, a node's SSH timeout), and pages should not wait with it.
 */
export const SLOW_REFRESH_MS = 1000;

/**
 * How long a refresh waits, once its nodes are read, for a Neutron read it did not ask for
 * explicitly. A healthy API answers the four GETs in ~0.1 s; one whose workers wait on OVN (a
 * RAFT cluster that lost and regained its majority) hangs until curl gives up, and what the
 * nodes say must not wait for it: its answer then comes in a snapshot of its own.
 */
export const NEUTRON_GRACE_MS = 500;

/**
 * How long a Neutron read waits, once the endpoint answered, for the other neutron-servers'
 * own answers (asked at the same time). One hung server (seen after a cluster regained its
 * majority) answers only at curl's timeout, and a step on another node must not wait for it.
 */
export const NEUTRON_SERVER_GRACE_MS = 500;

/** What decides Neutron's view of gateways: the Neutron node's units, SB chassis and cr-lrp bindings. */
function neutronSignature(snapshot: Snapshot, neutronNode: string | undefined): string {
  const parts: string[] = [];
  for (const node of snapshot.nodes) {
    if (node.name === neutronNode) {
      parts.push(
        node.reach,
        ...(node.data?.units ?? []).map((u) => `${u.id}:${u.activeState}:${u.nRestarts}`),
      );
    }
    // What Neutron shows that OVN mirrors: a router or network created, renamed or deleted.
    const nb = currentData(node)?.nb;
    if (nb) {
      parts.push(...nb.routers.map((r) => `r:${r.name}`).sort());
      parts.push(...nb.routerPorts.map((p) => `rp:${p.name}`).sort());
      parts.push(...nb.switches.map((w) => `s:${w.name}`).sort());
    }
    const sb = currentData(node)?.sb;
    if (sb) {
      parts.push(...sb.chassis.map((c) => c.name).sort());
      parts.push(
        ...sb.portBindings
          .filter((b) => b.type === "chassisredirect")
          .map((b) => `${b.logicalPort}=${b.chassis ?? ""}`)
          .sort(),
      );
    }
  }
  return parts.join("|");
}

/**
 * What a refresh reads besides each node's state (the collect script): its journal lines and
 * Neutron's API. "when-due" follows the Collector's own rules (a change, or every N
 * refreshes); "never" keeps the last read, with the time it was made, and leaves it due.
 */
export type Extra = "always" | "when-due" | "never";
export interface ReadScope {
  journal: Extra;
  neutron: Extra;
  /**
   * "when-due": a node followed and quiet since its last read (Collector.followWith) keeps that
   * read until fullReadMs. Absent: every node is read, as a recovery step's check needs.
   */
  nodes?: "when-due";
}
const WHEN_DUE: ReadScope = { journal: "when-due", neutron: "when-due", nodes: "when-due" };
/** A read of everything: journal and Neutron included (what a recovery step may verify on). */
export const EVERYTHING: ReadScope = { journal: "always", neutron: "always" };

export interface NodeResult {
  node: NodeSnapshot;
  neutron?: NeutronState;
}

/**
 * Pure: the nodes' results → the Snapshot. Neutron's view is `neutron` when given (the
 * collector reads it on its own track), else the one a node's result carries (captured output).
 */
export function assembleSnapshot(
  inventory: Inventory,
  results: NodeResult[],
  at: Pick<Snapshot, "generation" | "startedAt" | "finishedAt">,
  neutron?: NeutronState,
): Snapshot {
  const access = inventory.neutron;
  const view =
    neutron ??
    results.find((r) => r.neutron)?.neutron ??
    neutronUnavailable(
      access,
      access
        ? `cannot read Neutron through ${access.node}: ${results.find((r) => r.node.name === access.node)?.node.error ?? "not read"}`
        : "no neutron section in the inventory",
    );
  return { cloud: inventory.cloud.name, ...at, nodes: results.map((r) => r.node), neutron: view };
}

/**
 * Reads every node in parallel (one exec each) into a Snapshot. Concurrent callers share one
 * refresh (single-flight), and a snapshot younger than maxAgeMs is served from cache. The
 * last good data of each node is kept, so a node that stops answering shows its old data
 * marked stale, never as current.
 */
export class Collector {
  private generation = 0;
  private cached: Snapshot | null = null;
  private inflight: Promise<Snapshot> | null = null;
  private inflightStartedAt = 0;
  private readonly lastGood = new Map<string, { data: NodeData; at: string }>();
  /** Each node's last complete read and when it started (ms): what a followed node keeps. */
  private readonly lastRead = new Map<string, { node: NodeSnapshot; startedMs: number }>();
  /** Each node's last parse of each section (node-data.ts, SectionMemo). */
  private readonly parsed = new Map<string, SectionMemo>();
  private follower: Follower | null = null;
  /** Neutron's last answer: when its read started, the generation it came with, what decided it. */
  private neutron: {
    state: NeutronState;
    generation: number;
    signature: string;
    startedAt: number;
    /** Reads in a row that timed out, this one included (0: it answered or refused). */
    timeouts: number;
    /** When it ended (ms): a backoff after a timeout counts from there. */
    endedAt: number;
  } | null = null;
  /** The Neutron read under way (one at a time unless a recovery step needs a newer one). */
  private neutronReading: { promise: Promise<NeutronState>; startedAt: number } | null = null;
  /** Each other neutron-server's own API read under way, by node (one at a time per server). */
  private readonly serverAsks = new Map<string, Promise<NeutronServerState>>();
  private neutronSignatureNow = "";
  private readonly journals = new Map<
    string,
    {
      entries: JournalEntry[];
      status: SectionStatus;
      at: string;
      signature: string;
      generation: number;
    }
  >();

  /** Called with every new snapshot (lib/history records what changed). */
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();

  /** Problems of a node's followed stream (its watch flooding), said with its next reads. */
  private readonly streamProblems = new Map<string, string>();

  /** What each node's Neutron knows: read once, and again when its Neutron changes. */
  private readonly neutronOptions = new NeutronOptionsCache((node, command, timeoutMs) =>
    this.exec(node, command, timeoutMs ? { timeoutMs } : {}),
  );

  constructor(
    private readonly inventory: Inventory,
    private readonly pool: SshPool,
    private readonly options: CollectorOptions,
  ) {}

  /**
   * The cached snapshot if fresh enough, else a refresh (shared with concurrent callers). A
   * refresh slower than slowRefreshMs does not hold the caller: it gets the last snapshot
   * (its finishedAt says how old; pages mark it stale after three intervals) and the refresh
   * goes on for the next caller.
   */
  async snapshot(maxAgeMs = this.options.maxAgeMs): Promise<Snapshot> {
    const cached = this.cached;
    if (cached && Date.now() - Date.parse(cached.finishedAt) < maxAgeMs) return cached;
    const fresh = this.refresh();
    if (!cached) return fresh;
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<Snapshot>((resolve) => {
      timer = setTimeout(() => resolve(cached), this.options.slowRefreshMs ?? SLOW_REFRESH_MS);
    });
    try {
      return await Promise.race([fresh, slow]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Numbers the next snapshots after `generation` (a collector taking over a cloud goes on
   * from the one its predecessor published: a generation never means two snapshots).
   */
  continueFrom(generation: number): void {
    this.generation = Math.max(this.generation, generation);
  }

  /** Calls `listener` with each snapshot this collector makes from now on; returns the unsubscribe. */
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Lets quiet followed nodes keep their last read between full reads (null: read every node on
   * every refresh, as with no watch). The change watch that refreshes this collector.
   */
  followWith(follower: Follower | null): void {
    this.follower = follower;
  }

  /** A node's watch stream was ended for flooding (or follows again: null). */
  noteStreamProblem(node: string, problem: string | null): void {
    if (problem) this.streamProblems.set(node, problem);
    else this.streamProblems.delete(node);
  }

  refresh(): Promise<Snapshot> {
    if (!this.inflight) {
      this.inflightStartedAt = Date.now();
      this.inflight = this.collect(WHEN_DUE).finally(() => (this.inflight = null));
    }
    return this.inflight;
  }

  /**
   * A snapshot whose read started at or after `since` (ms): the one under way or the cached one
   * if they started late enough (a recovery step's read often already covers the change a
   * node just reported), else a new refresh after the one in flight.
   */
  async refreshSince(since: number): Promise<Snapshot> {
    if (this.inflight && this.inflightStartedAt >= since) return this.inflight;
    if (!this.inflight && this.cached && Date.parse(this.cached.startedAt) >= since)
      return this.cached;
    while (this.inflight) await this.inflight.catch(() => undefined);
    return this.refresh();
  }

  /**
   * A refresh that starts now (after any in flight) and reads everything, journal and Neutron
   * included: what a recovery step verifies against must not be older than the step.
   */
  refreshAll(): Promise<Snapshot> {
    return this.refreshWith(EVERYTHING);
  }

  /**
   * A refresh that starts now (after any in flight) and reads what `scope` asks for: a
   * recovery step's verification reads journal and Neutron only when its check looks at them.
   */
  async refreshWith(scope: ReadScope): Promise<Snapshot> {
    while (this.inflight) await this.inflight.catch(() => undefined);
    this.inflightStartedAt = Date.now();
    this.inflight = this.collect(scope).finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async collect(scope: ReadScope): Promise<Snapshot> {
    const startedMs = Date.now();
    const startedAt = new Date(startedMs).toISOString();
    const followed = new Map<string, NodeSnapshot>();
    if (scope.nodes === "when-due")
      for (const node of this.inventory.nodes) {
        const kept = this.followedRead(node.name, startedMs);
        if (kept) followed.set(node.name, kept);
      }
    const wanted =
      this.inventory.neutron !== undefined &&
      (scope.neutron === "always" || (scope.neutron === "when-due" && this.neutronDue(startedMs)));
    // "always": a recovery step's checks need an answer given after the step began.
    const neutronRead = wanted
      ? this.readNeutron(scope.neutron === "always" ? startedMs : 0)
      : null;
    const results = await mapLimit(this.inventory.nodes, this.options.fanOut, async (n) => {
      const kept = followed.get(n.name);
      return kept ? { node: kept } : this.collectNode(n, scope.journal, startedMs);
    });
    // Waited for when a step needs an answer from now on, and for the first answer (there is
    // nothing else to show meanwhile but a false "unavailable"); otherwise for a moment only.
    const answer =
      neutronRead === null
        ? null
        : scope.neutron === "always" || !this.neutron
          ? await neutronRead
          : await valueWithin(neutronRead, NEUTRON_GRACE_MS);
    const snapshot = assembleSnapshot(
      this.inventory,
      results,
      {
        generation: ++this.generation,
        startedAt,
        finishedAt: new Date().toISOString(),
      },
      this.neutronFor(results, answer !== null),
    );
    this.neutronSignatureNow = neutronSignature(snapshot, this.inventory.neutron?.node);
    // An answer that came with this snapshot was given for what this snapshot shows.
    if (answer !== null && this.neutron?.state === answer)
      this.neutron.signature = this.neutronSignatureNow;
    this.publish(snapshot);
    return snapshot;
  }

  private publish(snapshot: Snapshot): void {
    this.cached = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }

  /**
   * Neutron's API is the expensive read on a controller (~80 ms of neutron-server CPU for
   * four GETs) and its answers change rarely, so it is read when the last read is older than
   * `neutronEvery` refreshes (quietEvidenceMs while the change watch vouches that nothing
   * changed since), when it failed, or when what decides a gateway port or what OVN mirrors
   * of Neutron changed since (a unit on the Neutron node, the cr-lrp bindings or the chassis
   * list in SB, NB's router, router port and switch names). An API that timed out is asked
   * again only after neutronBackoffMs, unless one of those changed. Between reads the last
   * answer is kept with the time it was read (NeutronState.collectedAt).
   */
  private neutronDue(now: number): boolean {
    const last = this.neutron;
    if (!last) return true;
    if (this.neutronSignatureNow !== last.signature) return true;
    // An API that timed out is left alone a while (neutronBackoffMs); one that refused or
    // failed otherwise is asked again at once.
    if (last.state.state !== "ok") return now - last.endedAt >= neutronBackoffMs(last.timeouts);
    if (this.generation + 1 - last.generation < (this.options.neutronEvery ?? 6)) return false;
    // Its node followed and quiet since that read: nothing Neutron shows has moved in OVN.
    const node = this.inventory.neutron?.node;
    const quiet = node !== undefined && this.watchVouchesQuiet(node, last.startedAt);
    return !quiet || now - last.startedAt >= this.quietEvidenceMs();
  }

  private quietEvidenceMs(): number {
    return this.options.quietEvidenceMs ?? QUIET_EVIDENCE_MS;
  }

  /**
   * Whether the node's watch vouches that nothing changed since `sinceMs` (ms), a read then made
   * at least quietAfterChangeMs after the last change (or after the watch opened).
   */
  private watchVouchesQuiet(name: string, sinceMs: number): boolean {
    const quiet = this.follower?.quietSince(name);
    const settle = this.options.quietAfterChangeMs ?? QUIET_AFTER_CHANGE_MS;
    return quiet != null && quiet + settle <= sinceMs && !this.streamProblems.has(name);
  }

  private fullReadMs(): number {
    return this.options.fullReadMs ?? FULL_READ_MS;
  }

  /**
   * The node's last read, kept for this refresh (followed: true) when its watch vouches that
   * nothing changed since it started, and it was complete and younger than fullReadMs.
   */
  private followedRead(name: string, now: number): NodeSnapshot | null {
    const last = this.lastRead.get(name);
    if (!last || now - last.startedMs >= this.fullReadMs()) return null;
    if (!this.watchVouchesQuiet(name, last.startedMs)) return null;
    return {
      ...last.node,
      attemptedAt: new Date(now).toISOString(),
      durationMs: 0,
      followed: true,
    };
  }

  /**
   * Neutron's view for a snapshot: the last answer while the Neutron node answers (or when
   * this refresh's own read brought it); otherwise unknown, not old (assembleSnapshot says why).
   * A read still under way keeps the last answer, with the time it was read; its own answer
   * comes in a snapshot of its own (readNeutron).
   */
  private neutronFor(results: NodeResult[], answered: boolean): NeutronState | undefined {
    const access = this.inventory.neutron;
    if (!access || !this.neutron) return undefined;
    const node = results.find((r) => r.node.name === access.node)?.node;
    return answered || (node && isCurrent(node)) ? this.neutron.state : undefined;
  }

  /**
   * Neutron's API, read on its own channel beside the node reads: one read at a time, shared by
   * every refresh that wants it, unless a read must have started at or after `notBefore` (ms).
   * When it answers after its refresh was published, a snapshot of its own brings the answer
   * (the nodes' state as last read, Neutron's new view).
   */
  private readNeutron(notBefore: number): Promise<NeutronState> {
    const running = this.neutronReading;
    if (running && running.startedAt >= notBefore) return running.promise;
    const access = this.inventory.neutron!;
    const node = this.inventory.nodes.find((n) => n.name === access.node);
    const startedAt = Date.now();
    const at = new Date(startedAt).toISOString();
    const signature = this.neutronSignatureNow;
    let timedOut = false;
    const query = (endpoint: string) =>
      node
        ? this.exec(node, neutronQueryCommand(endpoint, access.auth), { slowIsNotDown: true })
        : Promise.resolve(new SshError("unreachable", "not in the inventory"));
    // Each other neutron-server's own API, asked at the same time through the same node.
    const asks = neutronServerTargets(this.inventory, this.cached).map((target) => ({
      node: target.node,
      answer: this.askServer(target, query),
    }));
    const promise = query(access.endpoint).then(async (out) => {
      let state: NeutronState;
      if (isSshError(out))
        state = neutronUnavailable(
          access,
          `cannot read Neutron through ${access.node}: ${out.message}`,
        );
      else {
        const section = readSections(out.out).sections.get("neutron");
        timedOut = neutronTimedOut(section);
        state = neutronFromSection(access, section, at);
      }
      if (!asks.length) return state;
      // A healthy server answers as fast as the endpoint; a hung one only at curl's timeout,
      // and nothing else in this read waits for it: it keeps its last answer (its askedAt says
      // how old) and its own comes in a snapshot of its own (serversAnswered).
      const answers = await Promise.all(
        asks.map((a) => valueWithin(a.answer, NEUTRON_SERVER_GRACE_MS)),
      );
      const last = this.neutron?.state.servers ?? [];
      const servers = asks.flatMap((a, i) => answers[i] ?? last.filter((x) => x.node === a.node));
      if (answers.includes(null))
        void Promise.all(asks.map((a) => a.answer))
          .then((fresh) => this.serversAnswered(fresh))
          .catch(() => undefined);
      return servers.length ? { ...state, servers } : state;
    });
    const entry = { promise, startedAt };
    this.neutronReading = entry;
    // Registered before any caller awaits it: the answer is kept before they go on.
    void promise.then((state) => {
      if (this.neutronReading === entry) this.neutronReading = null;
      const previous = this.neutron;
      if (previous && previous.startedAt > startedAt) return;
      this.neutron = {
        state,
        generation: this.generation + 1,
        signature,
        startedAt,
        timeouts: timedOut ? (previous?.timeouts ?? 0) + 1 : 0,
        endedAt: Date.now(),
      };
      this.publishNeutron(state);
    });
    return promise;
  }

  /**
   * Neutron's view `state` in a snapshot of its own (the nodes as last read), unless a newer
   * view replaced it: a refresh under way takes it itself; if that one was assembled before,
   * it is published after it.
   */
  private publishNeutron(state: NeutronState): void {
    const publish = () => {
      const cached = this.cached;
      if (!cached || this.neutron?.state !== state || cached.neutron === state) return;
      this.publish({
        ...cached,
        generation: ++this.generation,
        finishedAt: new Date().toISOString(),
        neutron: state,
      });
    };
    if (this.inflight) void this.inflight.finally(publish).catch(() => undefined);
    else publish();
  }

  /**
   * One neutron-server's own API, asked through the Neutron node: the read of it under way if
   * there is one (a hung server is asked once at a time, however often steps read), else a new
   * one.
   */
  private askServer(
    target: NeutronServerTarget,
    query: (endpoint: string) => Promise<ExecResult | SshError>,
  ): Promise<NeutronServerState> {
    const running = this.serverAsks.get(target.node);
    if (running) return running;
    const access = this.inventory.neutron!;
    const at = new Date().toISOString();
    const promise = query(target.endpoint).then((out): NeutronServerState =>
      isSshError(out)
        ? {
            ...target,
            state: "unavailable",
            error: `cannot ask it through ${access.node}: ${out.message}`,
            collectedAt: null,
            askedAt: at,
          }
        : neutronServerFromSection(
            access,
            target,
            readSections(out.out).sections.get("neutron"),
            at,
          ),
    );
    this.serverAsks.set(target.node, promise);
    void promise.finally(() => {
      if (this.serverAsks.get(target.node) === promise) this.serverAsks.delete(target.node);
    });
    return promise;
  }

  /**
   * Servers' answers that came after their Neutron read was published: each replaces the one
   * Neutron's view has when it was asked later, and a snapshot of its own brings them.
   */
  private serversAnswered(fresh: NeutronServerState[]): void {
    const current = this.neutron;
    if (!current) return;
    const had = current.state.servers ?? [];
    const newer = fresh.filter((f) => {
      const old = had.find((x) => x.node === f.node);
      return !old || f.askedAt > old.askedAt;
    });
    if (!newer.length) return;
    const servers = [
      ...had.map((x) => newer.find((f) => f.node === x.node) ?? x),
      ...newer.filter((f) => !had.some((x) => x.node === f.node)),
    ];
    const state = { ...current.state, servers };
    this.neutron = { ...current, state };
    this.publishNeutron(state);
  }

  private async collectNode(
    node: InventoryNode,
    journal: Extra,
    refreshStartedMs: number,
  ): Promise<NodeResult> {
    this.lastRead.delete(node.name);
    const attemptedAt = new Date().toISOString();
    const t0 = performance.now();
    const base = nodeIdentity(node, attemptedAt);

    // The collect script and, when it is read whatever the state says, the journal, at the
    // same time on channels of the held connection: the node costs the slower of the two.
    const [collected, journalRead] = await Promise.all([
      this.request(node, collectServed()),
      journal === "always" ? this.exec(node, journalCommand()) : null,
    ]);
    if (isSshError(collected))
      return { node: this.failed(base, collected.kind, collected.message, t0) };
    const read = readNodeOutput(
      node,
      undefined,
      { stdout: collected.out, stderr: collected.stderr, cutOff: collected.cutOff },
      attemptedAt,
      this.memoOf(node.name),
    );
    if (!read.ran) return { node: this.failed(base, read.node.reach, read.node.error ?? "", t0) };
    const data = read.node.data!;
    await this.attachJournal(node, data, attemptedAt, journal, journalRead);
    await this.neutronOptions.attach(node, data, attemptedAt, this.generation + 1);
    this.lastGood.set(node.name, { data, at: attemptedAt });
    const streamProblem = this.streamProblems.get(node.name);
    const result: NodeSnapshot = {
      ...read.node,
      ...(streamProblem && {
        reach: "partial" as const,
        error: [streamProblem, read.node.error].filter(Boolean).join("; "),
      }),
      durationMs: Math.round(performance.now() - t0),
    };
    // Only a complete read may be kept for a followed node; one with a failed section is retried.
    if (result.reach === "reachable")
      this.lastRead.set(node.name, { node: result, startedMs: refreshStartedMs });
    return { node: result };
  }

  private memoOf(name: string): SectionMemo {
    let memo = this.parsed.get(name);
    if (!memo) this.parsed.set(name, (memo = new Map()));
    return memo;
  }

  private request(node: InventoryNode, spec: ServedCommand): Promise<ExecResult | SshError> {
    return asResult(this.pool.request(node, spec));
  }

  /**
   * `timeoutMs`: this command's own bound, when it is slower than a node read (else the pool's);
   * `slowIsNotDown`: it waits on something else than the node (SshPool.exec).
   */
  private exec(
    node: InventoryNode,
    command: NodeCommand,
    options: { timeoutMs?: number; slowIsNotDown?: boolean } = {},
  ): Promise<ExecResult | SshError> {
    return asResult(this.pool.exec(node, command, options));
  }

  /**
   * Journal lines are evidence, not a heartbeat: they are read again only when a unit of the
   * node changed state (or restarted) or every `journalEvery` refreshes (every
   * quietEvidenceMs while its watch vouches nothing changed since); otherwise the last lines are
   * kept, with the time they were read. `read` is a journal read made alongside the collect
   * script ("always").
   */
  private async attachJournal(
    node: InventoryNode,
    data: NodeData,
    at: string,
    when: Extra,
    read: ExecResult | SshError | null,
  ): Promise<void> {
    const signature = data.units
      .map((u) => `${u.id}:${u.activeState}:${u.subState}:${u.nRestarts}`)
      .join("|");
    const previous = this.journals.get(node.name);
    const due =
      when === "always" ||
      (when === "when-due" &&
        (!previous ||
          previous.signature !== signature ||
          (this.generation + 1 - previous.generation >= (this.options.journalEvery ?? 12) &&
            (!this.watchVouchesQuiet(node.name, Date.parse(previous.at)) ||
              Date.now() - Date.parse(previous.at) >= this.quietEvidenceMs()))));
    let journal = previous;
    if (due) {
      const out = read ?? (await this.exec(node, journalCommand()));
      const parsed = isSshError(out)
        ? {
            value: previous?.entries ?? [],
            status: { state: "failed" as const, rc: null, message: out.message },
          }
        : readSection(journalSection(out), "journal", parseJournal, previous?.entries ?? []);
      journal = {
        entries: parsed.value,
        status: parsed.status,
        at,
        signature,
        generation: this.generation + 1,
      };
      this.journals.set(node.name, journal);
    }
    data.journal = journal?.entries ?? [];
    data.journalCollectedAt = journal?.at ?? null;
    if (journal) data.sections.journal = journal.status;
  }

  private failed(
    base: Pick<NodeSnapshot, "name" | "address" | "roles" | "profile" | "group" | "attemptedAt">,
    reach: NodeSnapshot["reach"],
    error: string,
    t0: number,
  ): NodeSnapshot {
    const last = this.lastGood.get(base.name);
    return {
      ...base,
      reach,
      error,
      durationMs: Math.round(performance.now() - t0),
      data: last?.data ?? null,
      dataCollectedAt: last?.at ?? null,
    };
  }
}

/** The journal frame of a collect-journal run; one cut off says so as the section's failure. */
function journalSection(out: ExecResult): RawSection | undefined {
  const section = splitSections(out.out).get("journal");
  if (!out.cutOff) return section;
  return { stdout: section?.stdout ?? "", stderr: out.cutOff, rc: null };
}

/** A node's failure as a value: one node's error never rejects the whole refresh. */
async function asResult(call: Promise<ExecResult>): Promise<ExecResult | SshError> {
  try {
    return await call;
  } catch (err) {
    return isSshError(err) ? err : new SshError("unreachable", String(err));
  }
}

/** What `promise` resolves to if it does within `ms`, else null (it goes on either way). */
async function valueWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
