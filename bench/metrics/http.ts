/**
 * metrics500 over HTTP: GET /metrics of the built app (`next start`) whose collector reads 500
 * simulated nodes (bench/lib/sim.ts: one real sshd each on loopback, printing the captured lab
 * output of its role, test/fixtures/collect/healthy), scraped with the bearer token as
 * Prometheus does. Each round waits for a new snapshot generation (asked for through
 * /api/status, so no scrape waits on a collection), then times one scrape (cold: the first of
 * that generation, which diagnoses it) and five more (warm). A scrape whose body is of another
 * generation than the one just made would have waited on a collection: it is refused.
 * Client-side times on loopback: the server's time plus the HTTP round trip.
 *
 * Run: npx tsx bench/metrics/http.ts [--nodes N (500)] [--rounds N (10)] [--settle MS (0): wait
 * this long after a new snapshot before its first scrape, past the collection's own work]
 * Needs `npm run build`, bench/setup.sh (sshd) and root (the sims listen on 127.0.X.Y:2222).
 * Writes bench/metrics/results-http.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { apiSession, TEST_USERS } from "../../test/support/auth";
import { startServer } from "../../test/support/server";
import { startFleet, stopAllSims, type SimRole } from "../lib/sim";
import { quantile, round } from "../lib/stats";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : Number(process.argv[i + 1]);
};
const NODES = arg("nodes", 500);
const ROUNDS = arg("rounds", 10);
const WARM = 5;
/** ms between a new snapshot and its first scrape (0: at once, on the collection's heels). */
const SETTLE = arg("settle", 0);
const TOKEN = randomBytes(24).toString("base64url");
const log = (m: string) => console.error(m);

const stats = (v: number[]) => ({
  median: round(quantile(v, 0.5)),
  p90: round(quantile(v, 0.9)),
  max: round(Math.max(...v)),
  n: v.length,
});

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "ovnscope-bench-metrics-"));
  const fixtures = {} as Record<SimRole, string>;
  for (const [role, node] of [
    ["controller", "ctl1"],
    ["network", "net1"],
    ["compute", "cmp1"],
  ] as const) {
    fixtures[role] = join(dir, `${role}.txt`);
    writeFileSync(fixtures[role], readFileSync(`test/fixtures/collect/healthy/${node}.txt`));
  }
  log(`starting ${NODES} simulated nodes`);
  const fleet = await startFleet(NODES, fixtures, join(dir, "sim"), log);
  const server = await startServer({
    OVNSCOPE_INVENTORY: fleet.inventoryFile,
    OVNSCOPE_REFRESH_MS: "3000", // snapshots kept 2.5 s: long enough for a round's scrapes
    OVNSCOPE_METRICS_TOKEN: TOKEN,
  }).catch(async (e) => {
    await fleet.stop();
    throw e;
  });
  try {
    const { cookie } = await apiSession(server.url, TEST_USERS.viewer);
    const status = async () =>
      (await (await fetch(`${server.url}/api/status`, { headers: { cookie } })).json()) as {
        generation: number;
      };
    const scrape = async () => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const body = await res.text();
      const ms = performance.now() - t0;
      const timing = res.headers.get("server-timing") ?? "";
      const part = (name: string) =>
        Number(new RegExp(`\\b${name};dur=([\\d.]+)`).exec(timing)?.[1]);
      const handler = part("scrape");
      const diagnose = part("diagnose");
      const waited = part("snapshot");
      if (res.status !== 200) throw new Error(`/metrics: HTTP ${res.status}`);
      const generation = Number(/^ovnscope_snapshot_generation (\d+)$/m.exec(body)?.[1]);
      const reachable = body.match(/^ovnscope_node_reachable\{[^}]*\} 1$/gm)?.length ?? 0;
      return {
        ms,
        handler,
        diagnose,
        waited,
        generation,
        reachable,
        bytes: Buffer.byteLength(body),
      };
    };
    /** Asks for a fresh snapshot (without scraping) and waits until it is there. */
    const nextGeneration = async () => {
      const before = (await status()).generation;
      await new Promise((r) => setTimeout(r, 2600)); // older than maxAge (2.5 s): a refresh
      const deadline = Date.now() + 60_000;
      let now = before;
      while ((now = (await status()).generation) === before) {
        if (Date.now() > deadline) throw new Error("no new snapshot within 60 s");
        await new Promise((r) => setTimeout(r, 50));
      }
      return now;
    };

    // Warm-up: until every simulated node answers (the first reads connect).
    let reachable = 0;
    for (let i = 0; i < 20 && reachable < NODES; i++) {
      await nextGeneration();
      reachable = (await scrape()).reachable;
      log(`warm-up: ${reachable}/${NODES} nodes read`);
    }
    const cold: number[] = [];
    const warm: number[] = [];
    const coldServer: number[] = [];
    const coldDiagnose: number[] = [];
    let waitedMax = 0;
    const warmServer: number[] = [];
    let bytes = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const generation = await nextGeneration();
      if (SETTLE) await new Promise((r) => setTimeout(r, SETTLE));
      const first = await scrape();
      const again = [];
      for (let i = 0; i < WARM; i++) again.push(await scrape());
      for (const s of [first, ...again])
        if (s.generation !== generation)
          throw new Error(`a scrape saw generation ${s.generation}, not ${generation}`);
      cold.push(first.ms);
      warm.push(...again.map((s) => s.ms));
      coldServer.push(first.handler);
      coldDiagnose.push(first.diagnose);
      waitedMax = Math.max(waitedMax, first.waited, ...again.map((s) => s.waited));
      warmServer.push(...again.map((s) => s.handler));
      bytes = first.bytes;
      reachable = Math.min(reachable, first.reachable);
    }
    const result = {
      nodes: NODES,
      reachable,
      rounds: ROUNDS,
      settleMs: SETTLE,
      bytes,
      /** Client-observed (loopback HTTP, Next's routing, gzip when asked). */
      coldScrapeMs: stats(cold),
      warmScrapeMs: stats(warm),
      /** The route handler's own time (its Server-Timing header). */
      coldHandlerMs: stats(coldServer),
      warmHandlerMs: stats(warmServer),
      /** Of the cold handler time: the snapshot's diagnosis. */
      coldDiagnoseMs: stats(coldDiagnose),
      /** The longest any scrape waited for the snapshot (should be ~0: no refresh waited on). */
      snapshotWaitMaxMs: round(waitedMax),
      loadAverage1m: round(loadavg()[0]!),
      measuredAt: new Date().toISOString(),
    };
    console.log(JSON.stringify(result, null, 2));
    writeFileSync(
      resolve("bench/metrics/results-http.json"),
      JSON.stringify(result, null, 2) + "\n",
    );
  } finally {
    await server.stop();
    await fleet.stop();
    await stopAllSims();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
