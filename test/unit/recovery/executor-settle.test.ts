import { afterEach, describe, expect, it } from "vitest";
import { RecoveryExecutor } from "@/lib/recovery/executor";
import { gatewaysSettle } from "@/lib/recovery/checks";
import type { Snapshot } from "@/lib/model/snapshot";
import type { RunRecord } from "@/lib/recovery/types";
import type { Store } from "@/lib/store";
import { snapshotFromFixtures } from "../../support/fixtures";
import { finished, readingExecutor } from "../../support/executor-reading";

// The executor's settle window (issue #20) on captured lab states, read in a given order: the
// gateways count as verified only after holding on consecutive reads spanning the window, and
// a run never ends "succeeded" when its final read has a verified gateway down again. Nothing
// runs on a node here: on a healthy cloud Recover OVN central acts nowhere (asserted).

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

/** Each read returns the next state's snapshot, stamped now (the window is in real time). */
async function executorReading(
  states: () => string,
  journalsReadNow = false,
  prepare?: (snapshot: Snapshot) => void,
  onSnapshot?: (listener: (snapshot: Snapshot) => void) => () => void,
) {
  const reading = await readingExecutor(states, { journalsReadNow, prepare, onSnapshot });
  store = reading.store;
  return reading;
}

/** verify-gateways has ended, held through its window (or skipped). */
const gatewaysVerified = (r: RunRecord | null) =>
  ["succeeded", "skipped"].includes(
    r?.steps.find((s) => s.key === "verify-gateways@ctl1")?.status ?? "",
  );

/** Recover OVN central started; `started` gets the live record, returned once it has ended. */
async function recoverOvnCentral(executor: RecoveryExecutor, started: (run: RunRecord) => void) {
  const result = await executor.start({
    runbook: "recover-ovn-central",
    operator: "op",
    confirm: "lab",
  });
  if (!result.started) throw new Error("not started");
  started(result.run);
  return finished(executor, result.run.id);
}

/** Rebind gateways run to its end; with how long it took. */
async function rebindGateways(executor: RecoveryExecutor): Promise<{ run: RunRecord; ms: number }> {
  const t0 = Date.now();
  const started = await executor.start({
    runbook: "rebind-gateways",
    operator: "op",
    confirm: "lab",
  });
  if (!started.started) throw new Error("not started");
  const run = await finished(executor, started.run.id);
  return { run, ms: Date.now() - t0 };
}

describe("verify-gateways holds through the settle window, not on one read", () => {
  it("healthy: no gateway step is skipped on one read; each says how long it held and why that long", async () => {
    const window = gatewaysSettle(snapshotFromFixtures("healthy"));
    expect(window.ms).toBeGreaterThan(0);
    expect(window.fact).toMatch(/BFD detection time/);
    const { executor, commands } = await executorReading(() => "healthy");
    const t0 = Date.now();
    const started = await executor.start({
      runbook: "recover-ovn-central",
      operator: "op",
      confirm: "lab",
    });
    if (!started.started) throw new Error("not started");
    const run = await finished(executor, started.run.id);
    expect(run.status).toBe("succeeded");
    expect(commands).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(window.ms);
    const gateway = run.steps.filter((s) => /^(rebind-gateway|verify-gateways)@/.test(s.key));
    // The candidates in priority order (the capture's), then the verification.
    expect(gateway.map((s) => s.key).sort()).toEqual([
      "rebind-gateway@ctl1",
      "rebind-gateway@net1",
      "verify-gateways@ctl1",
    ]);
    expect(gateway.at(-1)!.key).toBe("verify-gateways@ctl1");
    for (const s of gateway) expect(s.fact, s.key).toMatch(/held on \d+ consecutive reads over/);
    // The window is waited once: the next gateway steps go on from the same unbroken reads.
    const first = gateway[0]!;
    expect(first.endedAt! - first.startedAt!).toBeGreaterThanOrEqual(window.ms - 1000);
    for (const s of gateway.slice(1)) expect(s.endedAt! - s.startedAt!, s.key).toBeLessThan(3000);
  }, 60_000);

  it("a run whose final read has the gateway unbound again does not end succeeded", async () => {
    // The run record start() returns is the live one: once verify-gateways has ended (held
    // through the window: skipped), the next read — the run's final one — is the state with
    // the cr-lrp unbound (SB down).
    let live: RunRecord | null = null;
    const { executor } = await executorReading(() =>
      gatewaysVerified(live) ? "sb-down" : "healthy",
    );
    const run = await recoverOvnCentral(executor, (r) => (live = r));
    expect(gatewaysVerified(run)).toBe(true);
    expect(run.status).toBe("failed");
    expect(run.summary).toMatch(/At the end of the run, rebind-gateway@\w+ no longer holds/);
  }, 60_000);

  it("a final read Neutron's API did not answer is made again before the run is judged on it", async () => {
    // After verify-gateways, the first read is one where Neutron's API did not answer (the
    // neutron-down capture: state unavailable); the next ones answer, with the gateway ACTIVE.
    let live: RunRecord | null = null;
    let after = 0;
    const { executor } = await executorReading(() =>
      gatewaysVerified(live) && after++ === 0 ? "neutron-down" : "healthy",
    );
    expect(snapshotFromFixtures("neutron-down").neutron.state).toBe("unavailable");
    const run = await recoverOvnCentral(executor, (r) => (live = r));
    expect(after).toBeGreaterThanOrEqual(2);
    expect(run.status, run.summary ?? "").toBe("succeeded");
  }, 60_000);

  it("a binding ovn-controller's log shows held since long before the step counts: no window waited again", async () => {
    // incident-dbs-back: net1 claimed router1's cr-lrp at 05:00:48 (its log, read with each
    // snapshot here) and nothing moved it since; every read is stamped now, hours later.
    const window = gatewaysSettle(snapshotFromFixtures("incident-dbs-back"));
    const { executor, reads } = await executorReading(() => "incident-dbs-back", true);
    const { run, ms } = await rebindGateways(executor);
    expect(run.status, run.summary ?? "").toBe("succeeded");
    expect(ms).toBeLessThan(window.ms);
    // The run's first read and its final one: the claim's record spans the window on that
    // first read already, so no step reads again to skip (nothing was done between them).
    expect(reads()).toBe(2);
    for (const s of run.steps) {
      expect(s.status, s.key).toBe("skipped");
      expect(s.fact, s.key).toMatch(
        /^already holds: .*; held for [\d.]+ s \(settle window .*\): router1's cr-lrp claimed by net1 at 05:00:48\.333 \(ovn-controller's log\), nothing since, and on \d+ read\(s\) since$/,
      );
    }
  }, 60_000);

  it("a claim made a moment ago by the highest-priority candidate, with the election over by the cloud's state, waits no window", async () => {
    // incident-dbs-back with every log line moved so that net1's claim was 1 s before each
    // read: its log vouches for 1 s only, but BFD is up both ways, net1 is the highest-priority
    // candidate and ctl1 holds nothing: nothing is left to move the port (electionOver).
    const claimedAt = Date.parse("2026-12-05T05:00:48.333Z");
    const { executor } = await executorReading(
      () => "incident-dbs-back",
      true,
      (snapshot) => {
        const shift = Date.now() - 1000 - claimedAt;
        for (const n of snapshot.nodes)
          for (const j of n.data?.journal ?? [])
            j.time = new Date(Date.parse(j.time) + shift).toISOString();
        for (const n of snapshot.nodes)
          for (const u of n.data?.units ?? [])
            if (u.activeEnterTimestamp)
              u.activeEnterTimestamp = new Date(
                Date.parse(u.activeEnterTimestamp) + shift,
              ).toISOString();
      },
    );
    const { run, ms } = await rebindGateways(executor);
    expect(run.status, run.summary ?? "").toBe("succeeded");
    expect(ms).toBeLessThan(3000);
    for (const s of run.steps)
      expect(s.fact, s.key).toMatch(
        /held for [01]\.\d s \(settle window 0\.0 s: election over: router1's cr-lrp held by net1, its highest-priority candidate/,
      );
  }, 60_000);

  it("a snapshot the collector makes while a step waits for its next read is read again at once, not an interval later", async () => {
    // healthy: the gateway steps hold through a 6 s window on consecutive reads, one per second
    // (their interval). Another snapshot every 100 ms (the change watch's, in the server) wakes
    // each wait: many more reads over the same window.
    const listeners = new Set<(s: Snapshot) => void>();
    const ticker = setInterval(() => {
      for (const l of listeners) l(snapshotFromFixtures("healthy"));
    }, 100);
    try {
      const { executor, reads } = await executorReading(
        () => "healthy",
        false,
        undefined,
        (l) => (listeners.add(l), () => listeners.delete(l)),
      );
      const window = gatewaysSettle(snapshotFromFixtures("healthy"));
      const { run } = await rebindGateways(executor);
      expect(run.status, run.summary ?? "").toBe("succeeded");
      // One read a second would be about window / 1000 + 2; woken every 100 ms, several times that.
      expect(reads()).toBeGreaterThan((3 * window.ms) / 1000);
      expect(listeners.size).toBe(0);
    } finally {
      clearInterval(ticker);
    }
  }, 60_000);

  /** Every cr-lrp unbound; with `justStarted`, ctl1's ovn-controller started 1 s before the read. */
  function unboundAfterStart(snapshot: Snapshot, justStarted: boolean) {
    for (const n of snapshot.nodes) {
      for (const b of n.data?.sb?.portBindings ?? [])
        if (b.type === "chassisredirect") b.chassis = null;
      if (n.name === "ctl1" && justStarted)
        n.data!.units.find((u) => u.id === "ovn-controller.service")!.activeEnterTimestamp =
          new Date(Date.parse(n.data!.meta!.time) - 1000).toISOString();
    }
  }

  it("a gateway OVN binds again while the step waits for its election is held through the window, and nothing is restarted", async () => {
    // First reads: the cr-lrp released a moment after ctl1's ovn-controller started (OVN
    // electing); then bound again. Before, "every gateway is bound" ended the wait as if the
    // election had stopped, and the step restarted the chassis that had just claimed the port.
    let reads = 0;
    const { executor, commands } = await executorReading(
      () => "healthy",
      false,
      (snapshot) => {
        if (++reads <= 2) unboundAfterStart(snapshot, true);
      },
    );
    const { run } = await rebindGateways(executor);
    expect(run.status, run.summary ?? "").toBe("succeeded");
    expect(commands).toEqual([]);
    const first = run.steps[0]!;
    expect(first.output).toMatch(/^not run: OVN is electing router1's gateway by itself: ctl1's /);
    expect(first.output).not.toMatch(/stopped waiting/);
  }, 60_000);

  it("an election that ends with the gateway still unbound: the step acts, and says what its check still found", async () => {
    // Reads 1–2: unbound a moment after ctl1's ovn-controller started (waited for); read 3:
    // still unbound with no start or BFD change in the window (the election is over). Then the
    // command runs, and the cloud is healthy again.
    let reads = 0;
    const { executor, commands } = await executorReading(
      () => "healthy",
      false,
      (snapshot) => {
        if (++reads <= 3) unboundAfterStart(snapshot, reads <= 2);
      },
    );
    const { run } = await rebindGateways(executor);
    expect(commands.length).toBeGreaterThan(0);
    const acted = run.steps.find((s) => s.stepId === "rebind-gateway" && !s.noCommand)!;
    expect(acted.output).toMatch(
      /\nstopped waiting: no election under way: .*; still unmet: .*router1.*; running the command/,
    );
  }, 60_000);
});
