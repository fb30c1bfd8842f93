/**
 * metrics500: the server time of one GET /metrics scrape at 500 simulated nodes (issue #19;
 * target ≤ 50 ms). The snapshot is built exactly as the collector builds it from the output
 * the simulated nodes print (bench/lib/sim.ts: each role prints a real lab node's captured
 * collect output; here test/fixtures/collect/<state>/ctl1|net1|cmp1.txt, read with the same
 * parsers), with the sims' role mix (3 controllers, ~3 % network nodes, the rest compute).
 * Then, in this process, what the route does per scrape (app/metrics/route.ts): the series
 * (lib/metrics/series.ts) and prom-client's rendering, measured
 * - cold: the first scrape of a snapshot generation, which also diagnoses it;
 * - warm: later scrapes of the same generation (its series are built once per snapshot; a
 *   scrape then only ages the data, counts the runs and renders).
 * diagnoseMs/seriesMs are measured after the scrapes, on the same snapshot (a first diagnose
 * of a fresh snapshot measured 18-37 ms on this host, about half of a cold scrape).
 * What it leaves out: the collection itself (bench/run.ts measures it: sim500_refresh_ms),
 * HTTP, and the store's read of the recovery runs (500 runs are given in, parsed already).
 *
 * Run: node --expose-gc --import tsx bench/metrics/run.ts [--nodes N (500)] [--rounds N (30)]
 * [--state NAME (healthy; e.g. incident, gateway-bfd-down)].
 * Prints a summary and writes it to bench/metrics/results.json.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { assembleSnapshot } from "@/lib/collect/collector";
import { readNodeOutput } from "@/lib/collect/read-output";
import { diagnose } from "@/lib/diagnose";
import { parseInventory } from "@/lib/inventory";
import { createMetricsRegistry } from "@/lib/metrics/registry";
import { snapshotSeries } from "@/lib/metrics/series";
import type { Snapshot } from "@/lib/model/snapshot";
import { roleOf, type SimRole } from "../lib/sim";
import { quantile, round } from "../lib/stats";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : process.argv[i + 1]!;
};
const NODES = Number(arg("nodes", "500"));
const ROUNDS = Number(arg("rounds", "30"));
const STATE = arg("state", "healthy");
const FIXTURES = resolve("test/fixtures/collect", STATE);
const FIXTURE_OF: Record<SimRole, string> = {
  controller: "ctl1",
  network: "net1",
  compute: "cmp1",
};

function fleetSnapshot(generation: number): Snapshot {
  const names = Array.from({ length: NODES }, (_, i) => `sim-${String(i + 1).padStart(4, "0")}`);
  const yaml = [
    "cloud: {name: bench}",
    `defaults: {user: ovnscope, keyFile: /nonexistent, profile: debian}`,
    "nodes:",
    ...names.map((name, i) => {
      const role = roleOf(i, NODES);
      const roles = role === "controller" ? "[controller, network]" : `[${role}]`;
      const address = `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${(i & 255) + 1}`;
      return `  - {name: ${name}, address: ${address}, roles: ${roles}, hostKey: "SHA256:${"A".repeat(43)}"}`;
    }),
    `neutron: {node: ${names[0]}, endpoint: "http://10.250.0.11:9696", auth: none}`,
  ].join("\n");
  const inventory = parseInventory(yaml, "bench-metrics.yaml");
  const text: Partial<Record<SimRole, string>> = {};
  const at = new Date().toISOString();
  const results = inventory.nodes.map((node, i) => {
    const role = roleOf(i, NODES);
    text[role] ??= readFileSync(join(FIXTURES, `${FIXTURE_OF[role]}.txt`), "utf8");
    const access = inventory.neutron?.node === node.name ? inventory.neutron : undefined;
    const read = readNodeOutput(node, access, { stdout: text[role]!, stderr: "" }, at);
    return { node: { ...read.node, durationMs: 40 + (i % 50) }, neutron: read.neutron };
  });
  return assembleSnapshot(inventory, results, { generation, startedAt: at, finishedAt: at });
}

const RUNBOOKS = ["recover-ovn-central", "restart-northd-safely", "rebind-gateways"];
const OUTCOMES = ["succeeded", "failed", "interrupted"];
const runs = Array.from({ length: 500 }, (_, i) => ({
  runbook: RUNBOOKS[i % 3]!,
  status: OUTCOMES[i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : 0]!,
}));

/** User + system CPU of this process, in ms (not inflated by other processes on the cores). */
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

function stats(ms: number[]) {
  return {
    median: round(quantile(ms, 0.5)),
    p90: round(quantile(ms, 0.9)),
    max: round(Math.max(...ms)),
    n: ms.length,
  };
}

async function main() {
  if (!existsSync(FIXTURES)) throw new Error(`no captured state ${STATE} in ${FIXTURES}`);
  // The route's per-scrape work; `current` is the snapshot the collector would hand out. One
  // snapshot is alive at a time, as in the server (the collector keeps the latest).
  let current = fleetSnapshot(1);
  const findings = new WeakMap<Snapshot, ReturnType<typeof diagnose>>();
  const registry = createMetricsRegistry(async () => {
    let f = findings.get(current);
    if (!f) findings.set(current, (f = diagnose(current)));
    return { snapshot: current, findings: f, runs, now: Date.now() };
  });

  const cold: number[] = [];
  const warm: number[] = [];
  const coldCpu: number[] = [];
  const warmCpu: number[] = [];
  const diagnoseMs: number[] = [];
  const seriesMs: number[] = [];
  let bytes = 0;
  let samples = 0;
  const build: number[] = [];
  for (let g = 0; g < ROUNDS + 3; g++) {
    const t0 = performance.now();
    current = fleetSnapshot(g + 1);
    build.push(performance.now() - t0);
    // With --expose-gc the build's garbage is collected before the scrape, so each scrape pays
    // for its own garbage, not the build's.
    (globalThis as { gc?: () => void }).gc?.();
    const [c0, cc0] = [performance.now(), process.cpuUsage()];
    const text = await registry.scrape();
    const [c, cc] = [performance.now() - c0, cpuMs(process.cpuUsage(cc0))];
    const [w0, wc0] = [performance.now(), process.cpuUsage()];
    await registry.scrape();
    const [w, wc] = [performance.now() - w0, cpuMs(process.cpuUsage(wc0))];
    const d0 = performance.now();
    const f = diagnose(current);
    diagnoseMs.push(performance.now() - d0);
    const s0 = performance.now();
    const series = snapshotSeries(current, Date.now(), f);
    seriesMs.push(performance.now() - s0);
    if (g < 3) continue; // warm-up: JIT
    cold.push(c);
    warm.push(w);
    coldCpu.push(cc);
    warmCpu.push(wc);
    bytes = Buffer.byteLength(text);
    samples = Object.values(series).reduce((a, s) => a + s.length, 0);
  }
  const result = {
    nodes: NODES,
    state: STATE,
    rounds: ROUNDS,
    samples,
    bytes,
    snapshotBuildMs: stats(build.slice(3)),
    exposeGc: typeof (globalThis as { gc?: unknown }).gc === "function",
    coldScrapeMs: stats(cold),
    warmScrapeMs: stats(warm),
    coldScrapeCpuMs: stats(coldCpu),
    warmScrapeCpuMs: stats(warmCpu),
    loadAverage1m: round(loadavg()[0]!),
    diagnoseMs: stats(diagnoseMs.slice(3)),
    seriesMs: stats(seriesMs.slice(3)),
  };
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(
    resolve("bench/metrics/results.json"),
    JSON.stringify({ ...result, measuredAt: new Date().toISOString() }, null, 2) + "\n",
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
