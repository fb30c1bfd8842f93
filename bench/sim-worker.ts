/**
 * The simulated-fleet measurement (500 or 2,000 nodes), in its own process so its RSS and CPU
 * are ovnscope's alone: loads the simulated inventory with ovnscope's loader, makes ovnscope's
 * Collector over ovnscope's SshPool (default options, the server's fan-out), connects (cold
 * refresh), warms up, then measures warm refreshes. Prints one JSON line on stdout. With
 * CPUPROF_FILE set, a few more warm refreshes run afterwards under the V8 profiler (not in the
 * figures).
 * Usage: node --expose-gc --import tsx bench/sim-worker.ts INVENTORY ROUNDS WARMUP FANOUT [CPUPROF_FILE]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadInventoryFile } from "@/lib/inventory";
import { Collector } from "@/lib/collect/collector";
import { DEFAULT_POOL_OPTIONS, SshPool } from "@/lib/ssh/pool";

function hostBusyMs(): number {
  const f = readFileSync("/proc/stat", "utf8")
    .split("\n", 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return ((f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + (f[7] ?? 0)) * 1000) / 100;
}

const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;

async function main() {
  const [file, roundsArg, warmupArg, fanOutArg, cpuProfFile] = process.argv.slice(2);
  const rounds = Number(roundsArg);
  const warmup = Number(warmupArg);
  const fanOut = Number(fanOutArg);
  const rssStartMb = mb(process.memoryUsage().rss);
  const inventory = loadInventoryFile(file!);
  const pool = new SshPool(DEFAULT_POOL_OPTIONS);
  const collector = new Collector(inventory, pool, { maxAgeMs: 0, fanOut });
  const result: Record<string, unknown> = { nodes: inventory.nodes.length, fanOut, rssStartMb };
  const count = (s: Awaited<ReturnType<Collector["refresh"]>>) =>
    s.nodes.filter((n) => n.reach === "reachable" || n.reach === "partial").length;
  try {
    let t0 = performance.now();
    let snap = await collector.refresh();
    result.coldRefreshMs = Math.round(performance.now() - t0);
    result.coldReachable = count(snap);
    const errors = snap.nodes
      .filter((n) => n.error && n.reach !== "partial")
      .map((n) => `${n.name}: ${n.error}`);
    result.coldErrors = errors.slice(0, 5);
    // Warm-up: at least `warmup` refreshes, and until every node answers (bounded).
    const end = Date.now() + 120_000;
    let w = 0;
    for (
      ;
      w < warmup || (count(snap) < inventory.nodes.length && w < warmup + 20 && Date.now() < end);
      w++
    ) {
      if (count(snap) < inventory.nodes.length) await new Promise((r) => setTimeout(r, 1500));
      snap = await collector.refresh();
    }
    result.warmupRefreshes = w;
    const refreshMs: number[] = [];
    const cpuMs: number[] = [];
    const hostCpuMs: number[] = [];
    const reachable: number[] = [];
    const rssMb: number[] = [];
    let bytes = 0;
    for (let i = 0; i < rounds; i++) {
      const c0 = process.cpuUsage();
      const h0 = hostBusyMs();
      t0 = performance.now();
      snap = await collector.refresh();
      refreshMs.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuMs.push((c.user + c.system) / 1000);
      hostCpuMs.push(hostBusyMs() - h0);
      reachable.push(count(snap));
      rssMb.push(mb(process.memoryUsage().rss));
    }
    // Memory as the last refresh left it, before this bench's own JSON.stringify of every node
    // (tens of MB of strings that would otherwise be counted as the collector's).
    const mem = process.memoryUsage();
    for (const n of snap.nodes) bytes += JSON.stringify(n.data ?? null).length;
    Object.assign(result, {
      refreshMs,
      cpuMs,
      hostCpuMs,
      reachable,
      rssMb: mb(mem.rss),
      rssMaxMb: Math.max(...rssMb),
      heapTotalMb: mb(mem.heapTotal),
      heapUsedMb: mb(mem.heapUsed),
      externalMb: mb(mem.external),
      arrayBuffersMb: mb(mem.arrayBuffers),
      snapshotJsonMb: mb(bytes),
    });
    // What stays after a full GC (live data), to tell garbage from retained memory.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      const after = process.memoryUsage();
      Object.assign(result, { rssAfterGcMb: mb(after.rss), heapUsedAfterGcMb: mb(after.heapUsed) });
    }
    if (cpuProfFile) {
      const session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
      const c0 = process.cpuUsage();
      const profiled = 5;
      for (let i = 0; i < profiled; i++) await collector.refresh();
      const c = process.cpuUsage(c0);
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      writeFileSync(cpuProfFile, JSON.stringify(profile));
      Object.assign(result, {
        profiledRefreshes: profiled,
        profiledCpuMsPerRefresh: (c.user + c.system) / 1000 / profiled,
      });
    }
  } finally {
    pool.close();
  }
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stdout.write(JSON.stringify({ error: String(err?.stack ?? err) }) + "\n");
    process.exit(1);
  },
);
