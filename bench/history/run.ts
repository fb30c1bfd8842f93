/**
 * history500 (issue #19): does recording history delay a refresh? 500 simulated nodes
 * (bench/lib/sim.ts: one real sshd each, printing a lab node's captured collect output) are
 * refreshed by ovnscope's Collector. Before every refresh each sim's output flips between the
 * lab's healthy capture and the seed incident's (test/fixtures/collect/{healthy,incident}), so
 * every refresh is a burst of changes: on 500 nodes, each compute node's ovn-controller findings
 * open or close and the controllers' units change (~1,000 events per flip, more than a
 * quorum-lost on a 3-member cluster makes).
 *
 * Phases, same fleet, same flips:
 * - none: no recorder;
 * - history: lib/history's recorder on a SQLite store in a temp dir, subscribed to the collector
 *   as in the server. The next refresh starts as soon as the last one returns, so recording
 *   competes with it for the CPU (the worst case: the server's refreshes are an interval apart);
 * - record: the same, but each burst's recording is awaited and timed on its own (record_ms:
 *   diagnose + observe + compare + the store's transaction).
 * Figures: refresh medians of none and history, their ratio (target ≤ 1.10), events per burst,
 * record_ms. Writes bench/history/results.json.
 *
 * Run: npx tsx bench/history/run.ts [--nodes 500] [--rounds 16]
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Collector } from "@/lib/collect/collector";
import { HistoryRecorder } from "@/lib/history/recorder";
import { loadInventoryFile } from "@/lib/inventory";
import { DEFAULT_POOL_OPTIONS, SshPool } from "@/lib/ssh/pool";
import { openStore } from "@/lib/store";
import { startFleet, stopAllSims, type SimRole } from "../lib/sim";
import { quantile, round } from "../lib/stats";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : process.argv[i + 1]!;
};
const NODES = Number(arg("nodes", "500"));
const ROUNDS = Number(arg("rounds", "16"));
const FIXTURE_OF: Record<SimRole, string> = {
  controller: "ctl1",
  network: "net1",
  compute: "cmp1",
};
const log = (line: string) => console.log(line);
const median = (xs: number[]) => round(quantile(xs, 0.5));

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), "ovnscope-bench-history-"));
  const fixtures = {} as Record<SimRole, string>;
  mkdirSync(join(tmp, "fixtures"));
  for (const role of Object.keys(FIXTURE_OF) as SimRole[])
    fixtures[role] = join(tmp, "fixtures", `${role}.txt`);
  const show = (state: "healthy" | "incident") => {
    for (const [role, node] of Object.entries(FIXTURE_OF))
      copyFileSync(
        resolve("test/fixtures/collect", state, `${node}.txt`),
        fixtures[role as SimRole],
      );
  };
  show("healthy");
  log(`bench history: starting ${NODES} simulated nodes`);
  const fleet = await startFleet(NODES, fixtures, join(tmp, "sim"), log);
  const pool = new SshPool(DEFAULT_POOL_OPTIONS);
  const store = await openStore({ kind: "sqlite", file: join(tmp, "history.db") });
  try {
    const collector = new Collector(loadInventoryFile(fleet.inventoryFile), pool, {
      maxAgeMs: 0,
      fanOut: 64,
    });
    for (let i = 0; i < 3; i++) await collector.refresh(); // connect and warm up
    let flip = 0;
    const flipped = () => show(++flip % 2 ? "incident" : "healthy");
    const timedRefresh = async () => {
      flipped();
      const t0 = performance.now();
      await collector.refresh();
      return performance.now() - t0;
    };

    const none: number[] = [];
    for (let i = 0; i < ROUNDS; i++) none.push(await timedRefresh());

    const config = { enabled: true, retentionMs: 86_400_000, maxEvents: 10_000_000 };
    const recorder = new HistoryRecorder("sim", store, collector, config, 3_600_000);
    recorder.start();
    await recorder.idle();
    const withHistory: number[] = [];
    for (let i = 0; i < ROUNDS; i++) withHistory.push(await timedRefresh());
    await recorder.idle();

    const recordMs: number[] = [];
    const events: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const recorded = () => store.history.count("sim", { from: 0, to: Date.now() + 1 });
      const before = await recorded();
      await timedRefresh();
      const t0 = performance.now();
      await recorder.idle();
      recordMs.push(performance.now() - t0);
      events.push((await recorded()) - before);
    }
    await recorder.stop();

    const figures = {
      history500_refresh_ms_none: median(none),
      history500_refresh_ms_history: median(withHistory),
      history500_ratio: round(median(withHistory) / median(none), 2),
      history500_events_per_burst: median(events),
      history500_record_ms: median(recordMs),
    };
    const results = {
      at: new Date().toISOString(),
      nodes: NODES,
      rounds: ROUNDS,
      loadavg: loadavg().map(round),
      figures,
      target: {
        figure: "history500_ratio",
        op: "<=",
        value: 1.1,
        pass: figures.history500_ratio <= 1.1,
      },
      samples: {
        none: none.map(round),
        history: withHistory.map(round),
        recordMs: recordMs.map(round),
        events,
      },
    };
    writeFileSync(resolve("bench/history/results.json"), JSON.stringify(results, null, 2) + "\n");
    for (const [k, v] of Object.entries(figures)) log(`${k.padEnd(34)} ${v}`);
    log(
      `history500_ratio ≤ 1.10: ${results.target.pass ? "PASS" : "MISS"} (load ${results.loadavg.join(" ")})`,
    );
  } finally {
    await store.close();
    pool.close();
    await fleet.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
  process.on(sig, () => void stopAllSims().finally(() => process.exit(130)));
main().then(
  () => process.exit(0),
  async (err) => {
    console.error(err);
    await stopAllSims();
    process.exit(1);
  },
);
