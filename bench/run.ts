/**
 * npm run bench — ovnscope's collector against the floor and against parallel-ssh and ansible
 * on the lab, the node-side cost of the collect script, and a 500-node refresh on simulated
 * nodes. Writes bench/results.json and prints a table. See bench/README.md.
 *
 * Options: --rounds N (15)  --warmup N (3)  --profile-runs N (8)  --sims N[,N…] (500,2000)
 *          --sim-rounds N (12)  --wait-healthy SECONDS (600; 0 = do not wait)
 *          --skip-lab  --skip-sim  --sim-cpu-prof (writes a V8 CPU profile of the 500-node run)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { cpus, loadavg, totalmem, release } from "node:os";
import { join } from "node:path";
import { loadInventoryFile, type Inventory } from "@/lib/inventory";
import { Collector } from "@/lib/collect/collector";
import { frame, readFrames } from "@/lib/ssh/frames";
import { DEFAULT_POOL_OPTIONS, SshPool } from "@/lib/ssh/pool";
import {
  activeFaults,
  assertLabFiles,
  describeStatus,
  LAB_INVENTORY,
  LabNotUp,
  labStatus,
  nodePid1,
  type LabStatus,
} from "./lib/lab";
import {
  ansibleMethod,
  commandFor,
  checkOutput,
  floorMethod,
  servedFloorMethod,
  ovnscopeMethod,
  psshMethod,
  type Method,
  type Sample,
} from "./lib/methods";
import { killAllChildren, run, sleep } from "./lib/proc";
import { nodeCpuAround, profileNode, type NodeCpuAround, type NodeProfile } from "./lib/profile";
import { SSHD_ADDRESSES, startFleet, stopAllSims, type SimRole } from "./lib/sim";
import { countsArg } from "./lib/args";
import { median, round, summarize, type Summary } from "./lib/stats";
import { printReport, type Target } from "./lib/report";

const BENCH = __dirname;
const REPO = join(BENCH, "..");

/** What an earlier run left in bench/results.json (other benches merge their keys into it). */
interface EarlierResults {
  figures?: Record<string, unknown> & {
    node_cpu_ms_per_node?: Record<string, number>;
    node_cpu_oneshot_ms_per_node?: Record<string, number>;
  };
  sim500?: SimPhase;
  sim2000?: SimPhase;
  lab?: unknown;
  details?: unknown;
  rounds?: unknown;
  [key: string]: unknown;
}

function readResults(): EarlierResults {
  try {
    return JSON.parse(readFileSync(join(BENCH, "results.json"), "utf8")) as EarlierResults;
  } catch {
    return {};
  }
}

function option(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number`);
  return v;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const log = (msg: string) => process.stderr.write(msg + "\n");

/** The server's fan-out, read from lib/collect/index.ts so the bench follows it. */
function serverFanOut(): number {
  const src = readFileSync(join(REPO, "lib/collect/index.ts"), "utf8");
  const m = /fanOut:\s*(\d+)/.exec(src);
  if (!m) throw new Error("cannot find fanOut in lib/collect/index.ts");
  return Number(m[1]);
}

async function ensureTools(): Promise<void> {
  const probe = await run(
    "bash",
    [
      "-c",
      "command -v parallel-ssh ansible nsenter setpriv ssh-keygen >/dev/null && test -x /usr/sbin/sshd",
    ],
    { timeoutMs: 10_000 },
  );
  if (probe.code === 0) return;
  log("bench: installing missing tools with bench/setup.sh (pssh, ansible-core, openssh-server)");
  const r = await run("bash", [join(BENCH, "setup.sh")], { timeoutMs: 900_000 });
  if (r.code !== 0) throw new Error(`bench/setup.sh failed: ${r.stderr || r.stdout}`);
}

async function waitHealthy(maxSeconds: number): Promise<LabStatus> {
  let s = await labStatus();
  if (!s.up) throw new LabNotUp("the lab is not up (lab/bin/lab status says so): npm run lab:up");
  const end = Date.now() + maxSeconds * 1000;
  let said = false;
  while (!s.healthy && Date.now() < end) {
    if (!said)
      log(`bench: lab is ${describeStatus(s)}; waiting up to ${maxSeconds} s for it to be healthy`);
    said = true;
    await sleep(15_000);
    s = await labStatus();
    if (!s.up) throw new LabNotUp("the lab went down while waiting for it");
  }
  return s;
}

/**
 * BENCH_SIM_STRIP_SECTIONS=journal,units: an experiment knob. The simulated nodes print the
 * captured output without these sections (to see what a section costs the server at 500 nodes).
 */
const STRIP = (process.env.BENCH_SIM_STRIP_SECTIONS ?? "").split(",").filter(Boolean);

function stripSections(output: string, names: string[]): string {
  if (!names.length) return output;
  const { frames } = readFrames(Buffer.from(output));
  return Buffer.concat(
    frames
      .filter((f) => !names.includes(f.name))
      .map((f) => frame(f.name, f.rc ?? 70, f.stdout, f.stderr.toString())),
  ).toString();
}

function roleOfNode(roles: readonly string[]): SimRole {
  return roles.includes("controller")
    ? "controller"
    : roles.includes("network")
      ? "network"
      : "compute";
}

interface LabPhase {
  statusBefore: LabStatus;
  statusAfter: LabStatus;
  faultsDuringRounds: string[];
  methods: Record<
    string,
    {
      label: string;
      command?: string;
      ms: Summary;
      hostCpuMs: Summary;
      invalid: number;
      problems: string[];
    }
  >;
  floorPerNode: Record<string, { ms: Summary; cpuMs: Summary; bytes: number }>;
  nodeCpuMs: Record<string, number>;
  nodeCpuOneshotMs: Record<string, number>;
  nodeCpuViaSsh: NodeCpuAround[];
  profiles: NodeProfile[];
  rounds: {
    round: number;
    order: string[];
    faults: string[];
    counted: boolean;
    samples: Record<string, Sample>;
  }[];
  excludedRounds: number;
  fixtures: Record<
    string,
    { node: string; bytes: number; strippedFor500?: string[]; bytesFor500?: number }
  >;
}

/** A deterministic shuffle (Fisher–Yates with a small LCG seeded by the round). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = (seed + 1) * 2654435761;
  for (let i = out.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function labPhase(
  tmp: string,
  opts: {
    rounds: number;
    warmup: number;
    profileRuns: number;
    waitHealthy: number;
    fanOut: number;
  },
  measure: boolean,
): Promise<{ phase?: LabPhase; fixtures: Record<SimRole, string> }> {
  assertLabFiles();
  const statusBefore = await waitHealthy(opts.waitHealthy);
  log(`bench: lab ${describeStatus(statusBefore)}`);
  const inv: Inventory = loadInventoryFile(LAB_INVENTORY);
  const pids = new Map<string, number>();
  for (const n of inv.nodes) pids.set(n.name, await nodePid1(n.name));

  const pool = new SshPool(DEFAULT_POOL_OPTIONS);
  const collector = new Collector(inv, pool, { maxAgeMs: 0, fanOut: opts.fanOut });
  const methods: Method[] = [];
  try {
    // Connect (cold) and check every node answers through ovnscope at all.
    const first = await collector.refresh();
    const down = first.nodes.filter((n) => n.reach !== "reachable" && n.reach !== "partial");
    if (down.length)
      throw new LabNotUp(
        `the lab is not usable: ${down.map((n) => `${n.name} ${n.reach}: ${n.error}`).join("; ")}`,
      );

    // Fixtures for the simulated nodes: each role's real output, as ovnscope receives it.
    const fixtures = {} as Record<SimRole, string>;
    const fixtureInfo: LabPhase["fixtures"] = {};
    mkdirSync(join(tmp, "fixtures"), { recursive: true });
    for (const n of inv.nodes) {
      const role = roleOfNode(n.roles);
      if (fixtures[role]) continue;
      const out = await pool.exec(n, commandFor());
      const problem = checkOutput(inv, n.name, out.stdout);
      if (problem) throw new LabNotUp(`cannot capture a fixture: ${problem}`);
      const file = join(tmp, "fixtures", `${role}.txt`);
      writeFileSync(file, stripSections(out.stdout, STRIP));
      fixtures[role] = file;
      fixtureInfo[role] = {
        node: n.name,
        bytes: Buffer.byteLength(out.stdout),
        ...(STRIP.length
          ? {
              strippedFor500: STRIP,
              bytesFor500: Buffer.byteLength(stripSections(out.stdout, STRIP)),
            }
          : {}),
      };
    }
    for (const r of ["controller", "network", "compute"] as SimRole[])
      if (!fixtures[r]) fixtures[r] = fixtures.compute ?? fixtures.network ?? fixtures.controller;
    if (!measure) return { fixtures };

    methods.push(
      servedFloorMethod(inv, pids),
      floorMethod(inv, pids),
      ovnscopeMethod(collector),
      psshMethod(inv, tmp, "default"),
      ansibleMethod(inv, tmp),
      psshMethod(inv, tmp, "controlmaster"),
    );

    // Warm-up, interleaved like the measured rounds.
    log(`bench: warm-up (${opts.warmup} rounds of ${methods.map((m) => m.key).join(", ")})`);
    for (let w = 0; w < opts.warmup; w++)
      for (const m of methods) {
        const s = await m.once();
        if (!s.ok) log(`  warm-up ${m.key}: ${s.problem}`);
      }

    // Measured rounds: every method once per round, in a new order each round. Not rotated: a
    // rotation keeps each method behind the same predecessor (an ansible run leaves the nodes'
    // systemd busy with session scopes for a while), so its after-effects would always land on
    // the same method.
    const rounds: LabPhase["rounds"] = [];
    const faultsSeen = new Set<string>();
    const deadline = Date.now() + 30 * 60_000;
    // A round counts only if the lab's recorded faults were the same as at the start before and
    // after it (a fault injected or healed meanwhile changes what is measured) and every method
    // read every node completely.
    const baseline = [...statusBefore.faults].sort().join(",");
    const sameState = (faults: string[]) => [...faults].sort().join(",") === baseline;
    const maxRounds = opts.rounds + 30;
    let valid = 0;
    for (let r = 0; r < maxRounds && valid < opts.rounds && Date.now() < deadline; r++) {
      const order = shuffled(methods, r);
      const faults = activeFaults();
      const samples: Record<string, Sample> = {};
      for (const m of order) {
        samples[m.key] = await m.once();
        await sleep(100);
      }
      const after = activeFaults();
      const roundFaults = [...new Set([...faults, ...after])];
      roundFaults.forEach((f) => faultsSeen.add(f));
      const complete = Object.values(samples).every((s) => s.ok);
      const ok = complete && sameState(faults) && sameState(after);
      if (ok) valid++;
      rounds.push({
        round: r,
        order: order.map((m) => m.key),
        faults: roundFaults,
        counted: ok,
        samples,
      });
      log(
        `  round ${r + 1}: ` +
          order
            .map(
              (m) => `${m.key} ${Math.round(samples[m.key]!.ms)}${samples[m.key]!.ok ? "" : "!"}`,
            )
            .join("  ") +
          (roundFaults.length ? `  [faults: ${roundFaults.join(",")}]` : "") +
          (ok
            ? ""
            : complete
              ? "  (lab state changed: not counted)"
              : "  (incomplete: not counted)"),
      );
      if (!ok)
        for (const [k, s] of Object.entries(samples)) if (!s.ok) log(`    ${k}: ${s.problem}`);
    }
    if (valid < opts.rounds)
      log(`bench: WARNING only ${valid} rounds counted (wanted ${opts.rounds})`);

    const good = rounds.filter((r) => r.counted);
    if (!good.length) throw new LabNotUp("no round ran in a stable lab state: nothing to report");
    const phaseMethods: LabPhase["methods"] = {};
    for (const m of methods) {
      const all = rounds.map((r) => r.samples[m.key]!);
      phaseMethods[m.key] = {
        label: m.label,
        command: m.command,
        ms: summarize(good.map((r) => r.samples[m.key]!.ms)),
        hostCpuMs: summarize(good.map((r) => r.samples[m.key]!.hostCpuMs)),
        invalid: all.filter((s) => !s.ok).length,
        problems: [...new Set(all.filter((s) => !s.ok).map((s) => s.problem ?? "?"))].slice(0, 5),
      };
    }
    const floorPerNode: LabPhase["floorPerNode"] = {};
    const nodeCpuMs: Record<string, number> = {};
    const nodeCpuOneshotMs: Record<string, number> = {};
    for (const n of inv.nodes) {
      const per = good.map((r) => r.samples.floor!.perNode![n.name]!);
      floorPerNode[n.name] = {
        ms: summarize(per.map((p) => p.ms)),
        cpuMs: summarize(per.map((p) => p.cpuMs)),
        bytes: Math.round(median(per.map((p) => p.bytes))),
      };
      // A mean, not a median: /proc counts a process tree's CPU in 10 ms ticks.
      nodeCpuMs[n.name] = round(per.reduce((a, p) => a + p.cpuMs, 0) / per.length);
      const oneshot = good.map((r) => r.samples.floor_oneshot!.perNode![n.name]!.cpuMs);
      nodeCpuOneshotMs[n.name] = round(median(oneshot));
    }

    // Whole-node CPU of one ovnscope refresh over SSH (sshd, bash, sudo, script, daemons).
    log("bench: whole-node CPU per ovnscope refresh");
    const nodeCpuViaSsh = await nodeCpuAround(pids, () => collector.refresh(), opts.rounds);

    // Where the node-side CPU goes, per section of the installed collect script.
    log("bench: profiling the collect script on each node");
    const profiles: NodeProfile[] = [];
    for (const n of inv.nodes)
      profiles.push(await profileNode(inv, n.name, pids.get(n.name)!, opts.profileRuns));

    const statusAfter = await labStatus();
    [...activeFaults()].forEach((f) => faultsSeen.add(f));
    return {
      fixtures,
      phase: {
        statusBefore,
        statusAfter,
        faultsDuringRounds: [...faultsSeen],
        methods: phaseMethods,
        floorPerNode,
        nodeCpuMs,
        nodeCpuOneshotMs,
        nodeCpuViaSsh,
        profiles,
        rounds,
        excludedRounds: rounds.length - good.length,
        fixtures: fixtureInfo,
      },
    };
  } finally {
    pool.close();
    for (const m of methods) await m.cleanup?.();
  }
}

interface SimPhase {
  nodes: number;
  roles: Record<string, number>;
  fanOut: number;
  coldRefreshMs: number;
  coldReachable: number;
  coldErrors: string[];
  warmupRefreshes: number;
  refreshMs: Summary;
  cpuMs: Summary;
  hostCpuMs: Summary;
  reachableMin: number;
  rssStartMb: number;
  rssMb: number;
  rssMaxMb: number;
  nodeFlags: string[];
  heapUsedMb: number;
  externalMb: number;
  snapshotJsonMb: number;
  heapTotalMb: number;
  arrayBuffersMb: number;
  rssAfterGcMb?: number;
  heapUsedAfterGcMb?: number;
  cpuProfile?: { file: string; cpuMsPerRefresh: number; top: ProfileTop };
  sshd: { started: number; stopped: number; leftover: number };
}

interface ProfileTop {
  /** Functions by self time (native code is shown under its own name, e.g. writeBuffer). */
  functions: { fn: string; selfMs: number; pct: number }[];
  /** Files by time, native time charged to the nearest JavaScript caller's file. */
  files: { file: string; ms: number; pct: number }[];
}

/** Summarizes a V8 .cpuprofile (sampling profile): where the CPU went. */
function summarizeCpuProfile(file: string): ProfileTop {
  const prof = JSON.parse(readFileSync(file, "utf8")) as {
    nodes: {
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number };
      children?: number[];
    }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const short = (url: string) =>
    url
      .replace(/^file:\/\//, "")
      .replace(REPO + "/", "")
      .replace(/^.*\/node_modules\//, "");
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    const name = n.callFrame.functionName || "(anonymous)";
    if (name === "(idle)") return;
    total += dt;
    const url = short(n.callFrame.url);
    const key = url ? `${name} ${url}:${n.callFrame.lineNumber + 1}` : name;
    self.set(key, (self.get(key) ?? 0) + dt);
    // Charge native frames to the nearest JavaScript frame above them.
    let cur: number | undefined = id;
    let fileKey = name.startsWith("(") ? name : "(native, no JS caller)";
    while (cur !== undefined) {
      const u = byId.get(cur)!.callFrame.url;
      if (u) {
        fileKey = short(u).replace(/^(ssh2\/lib\/[^/]+(\/[^/]+)?).*$/, "$1");
        break;
      }
      cur = parent.get(cur);
    }
    files.set(fileKey, (files.get(fileKey) ?? 0) + dt);
  });
  const top = <K extends string>(m: Map<string, number>, k: K, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, ms]) => ({ [k]: key, ms: round(ms), pct: round((100 * ms) / total) }));
  return {
    functions: top(self, "fn", 12).map((x) => ({ fn: x.fn as string, selfMs: x.ms, pct: x.pct })),
    files: top(files, "file", 12) as { file: string; ms: number; pct: number }[],
  };
}

async function simPhase(
  tmp: string,
  fixtures: Record<SimRole, string>,
  opts: { sims: number; rounds: number; warmup: number; fanOut: number; cpuProf: boolean },
): Promise<SimPhase> {
  const dir = join(tmp, "sim");
  mkdirSync(dir, { recursive: true });
  log(`bench: starting ${opts.sims} simulated nodes (loopback, up to ${SSHD_ADDRESSES} per sshd)`);
  const fleet = await startFleet(opts.sims, fixtures, dir, log);
  let stopped = { stopped: 0, leftover: 0 };
  try {
    const roles: Record<string, number> = {};
    for (const n of fleet.nodes) roles[n.role] = (roles[n.role] ?? 0) + 1;
    log(`bench: ${opts.sims}-node refreshes (worker process)`);
    const profFile = join(BENCH, "results-sim.cpuprofile");
    // BENCH_SIM_NODE_FLAGS: extra node flags for experiments (e.g. --max-old-space-size=192).
    const extra = (process.env.BENCH_SIM_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
    const execArgs = [
      ...extra,
      "--expose-gc",
      "--import",
      "tsx",
      join(BENCH, "sim-worker.ts"),
      fleet.inventoryFile,
      String(opts.rounds),
      String(opts.warmup),
      String(opts.fanOut),
      ...(opts.cpuProf ? [profFile] : []),
    ];
    // setpriv --pdeathsig: the worker ends with the bench even if the bench is SIGKILLed.
    const r = await run("setpriv", ["--pdeathsig", "SIGTERM", process.execPath, ...execArgs], {
      timeoutMs: 15 * 60_000,
      cwd: REPO,
    });
    const line = r.stdout.trim().split("\n").pop() ?? "";
    let w: Record<string, unknown>;
    try {
      w = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`sim worker failed (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
    }
    if (w.error) throw new Error(`sim worker: ${String(w.error)}`);
    const nums = (k: string) => w[k] as number[];
    let cpuProfile: SimPhase["cpuProfile"];
    if (opts.cpuProf)
      cpuProfile = {
        file: "bench/results-sim.cpuprofile",
        cpuMsPerRefresh: round(w.profiledCpuMsPerRefresh as number),
        top: summarizeCpuProfile(profFile),
      };
    const result: Omit<SimPhase, "sshd"> = {
      nodes: w.nodes as number,
      roles,
      fanOut: w.fanOut as number,
      coldRefreshMs: w.coldRefreshMs as number,
      coldReachable: w.coldReachable as number,
      coldErrors: w.coldErrors as string[],
      warmupRefreshes: w.warmupRefreshes as number,
      refreshMs: summarize(nums("refreshMs")),
      cpuMs: summarize(nums("cpuMs")),
      hostCpuMs: summarize(nums("hostCpuMs")),
      reachableMin: Math.min(...nums("reachable")),
      rssStartMb: w.rssStartMb as number,
      rssMb: w.rssMb as number,
      rssMaxMb: w.rssMaxMb as number,
      nodeFlags: extra,
      heapUsedMb: w.heapUsedMb as number,
      heapTotalMb: w.heapTotalMb as number,
      arrayBuffersMb: w.arrayBuffersMb as number,
      rssAfterGcMb: w.rssAfterGcMb as number | undefined,
      heapUsedAfterGcMb: w.heapUsedAfterGcMb as number | undefined,
      externalMb: w.externalMb as number,
      snapshotJsonMb: w.snapshotJsonMb as number,
      cpuProfile,
    };
    stopped = await fleet.stop();
    return { ...result, sshd: { started: fleet.pids.length, ...stopped } };
  } finally {
    if (!stopped.stopped) await fleet.stop();
  }
}

async function main() {
  const opts = {
    rounds: Math.max(10, option("rounds", 15)),
    warmup: Math.max(1, option("warmup", 3)),
    profileRuns: Math.max(3, option("profile-runs", 8)),
    // The simulated fleet sizes, each measured in turn (sim<N>_* figures).
    sims: countsArg("sims", [500, 2000]),
    simRounds: Math.max(10, option("sim-rounds", 12)),
    waitHealthy: option("wait-healthy", 600),
    fanOut: serverFanOut(),
  };
  const started = new Date().toISOString();
  await ensureTools();
  const tmp = mkdtempSync("/tmp/ovnscope-bench-");
  const cleanup = async () => {
    killAllChildren();
    await stopAllSims();
  };
  let interrupted = false;
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(sig, () => {
      if (interrupted) return;
      interrupted = true;
      log(`bench: ${sig}: stopping everything it started`);
      void cleanup().finally(() => {
        rmSync(tmp, { recursive: true, force: true });
        process.exit(130);
      });
    });

  const load0 = loadavg();
  try {
    let lab: LabPhase | undefined;
    let fixtures: Record<SimRole, string> | undefined;
    if (!flag("skip-lab") || !flag("skip-sim")) {
      // --skip-lab still reads the lab once: the simulated nodes print its captured output.
      const res = await labPhase(tmp, opts, !flag("skip-lab"));
      lab = res.phase;
      fixtures = res.fixtures;
    }
    const sims: Record<string, SimPhase> = {};
    if (!flag("skip-sim") && fixtures)
      for (const size of opts.sims)
        sims[size] = await simPhase(tmp, fixtures, {
          sims: size,
          rounds: opts.simRounds,
          warmup: 2,
          fanOut: opts.fanOut,
          cpuProf: flag("sim-cpu-prof"),
        });
    const simFigures = Object.fromEntries(
      Object.entries(sims).flatMap(([size, sim]) => [
        [`sim${size}_refresh_ms`, sim.refreshMs.median],
        [`sim${size}_rss_mb`, sim.rssMb],
        [`sim${size}_cpu_ms`, sim.cpuMs.median],
      ]),
    );

    const ms = (k: string) => lab?.methods[k]?.ms.median ?? NaN;
    const nodeCpu = lab ? Math.max(...Object.values(lab.nodeCpuMs)) : NaN;
    const nodeCpuOneshot = lab ? Math.max(...Object.values(lab.nodeCpuOneshotMs)) : NaN;
    const measured = {
      floor_ms: ms("floor"),
      refresh_ms_ovnscope: ms("ovnscope"),
      refresh_ms_pssh: ms("pssh"),
      refresh_ms_ansible: ms("ansible"),
      ratio_to_floor: round(ms("ovnscope") / ms("floor"), 2),
      ratio_vs_pssh: round(ms("pssh") / ms("ovnscope"), 2),
      ratio_vs_ansible: round(ms("ansible") / ms("ovnscope"), 2),
      node_cpu_ms: nodeCpu,
      node_cpu_ms_per_node: lab?.nodeCpuMs ?? {},
      floor_oneshot_ms: ms("floor_oneshot"),
      node_cpu_oneshot_ms: nodeCpuOneshot,
      node_cpu_oneshot_ms_per_node: lab?.nodeCpuOneshotMs ?? {},
      sim500_refresh_ms: NaN,
      sim500_rss_mb: NaN,
      sim2000_refresh_ms: NaN,
      sim2000_rss_mb: NaN,
      ...simFigures,
    };
    // A partial run (--skip-lab, --skip-sim, --sims 2000) keeps what it did not measure, and
    // every other bench's own keys in the file.
    const before = readResults();
    const figures = {
      ...(before.figures as typeof measured | undefined),
      ...Object.fromEntries(
        Object.entries(measured).filter(([, v]) => typeof v !== "number" || Number.isFinite(v)),
      ),
    } as typeof measured;
    if (!lab) {
      figures.node_cpu_ms_per_node = before.figures?.node_cpu_ms_per_node ?? {};
      figures.node_cpu_oneshot_ms_per_node = before.figures?.node_cpu_oneshot_ms_per_node ?? {};
    }
    const targets: Target[] = [
      { figure: "ratio_to_floor", value: figures.ratio_to_floor, op: "<=", target: 1.25 },
      { figure: "ratio_vs_pssh", value: figures.ratio_vs_pssh, op: ">=", target: 3.5 },
      { figure: "ratio_vs_ansible", value: figures.ratio_vs_ansible, op: ">=", target: 9 },
      { figure: "node_cpu_ms", value: figures.node_cpu_ms, op: "<=", target: 30 },
      { figure: "sim500_refresh_ms", value: figures.sim500_refresh_ms, op: "<", target: 2000 },
      { figure: "sim500_rss_mb", value: figures.sim500_rss_mb, op: "<", target: 400 },
      // Issue #18: 2,000 nodes, a full read.
      { figure: "sim2000_refresh_ms", value: figures.sim2000_refresh_ms, op: "<", target: 2500 },
      { figure: "sim2000_rss_mb", value: figures.sim2000_rss_mb, op: "<", target: 600 },
    ].map((t) => ({
      ...t,
      pass: Number.isFinite(t.value)
        ? t.op === "<="
          ? t.value <= t.target
          : t.op === ">="
            ? t.value >= t.target
            : t.value < t.target
        : null,
    })) as Target[];

    const results = {
      generatedAt: new Date().toISOString(),
      startedAt: started,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memGiB: round(totalmem() / 2 ** 30),
        kernel: release(),
        node: process.version,
        loadavgStart: load0.map((x) => round(x, 2)),
        loadavgEnd: loadavg().map((x) => round(x, 2)),
      },
      options: {
        ...opts,
        simStripSections: STRIP,
        simNodeFlags: process.env.BENCH_SIM_NODE_FLAGS ?? "",
      },
      lab: lab && {
        stateBefore: describeStatus(lab.statusBefore),
        stateAfter: describeStatus(lab.statusAfter),
        statusBefore: lab.statusBefore,
        statusAfter: lab.statusAfter,
        faultsDuringRounds: lab.faultsDuringRounds,
        roundsCounted: lab.rounds.length - lab.excludedRounds,
        roundsExcluded: lab.excludedRounds,
      },
      figures,
      targets,
      details: lab && {
        methods: lab.methods,
        floorPerNode: lab.floorPerNode,
        nodeCpuViaSsh: lab.nodeCpuViaSsh,
        profiles: lab.profiles,
        fixtures: lab.fixtures,
      },
      sim500: sims[500] ?? before.sim500,
      sim2000: sims[2000] ?? before.sim2000,
      rounds: lab?.rounds.map((r) => ({
        ...r,
        samples: Object.fromEntries(
          Object.entries(r.samples).map(([k, s]) => [
            k,
            { ...s, ms: round(s.ms), hostCpuMs: round(s.hostCpuMs) },
          ]),
        ),
      })),
    };
    const kept = lab ? {} : { lab: before.lab, details: before.details, rounds: before.rounds };
    writeFileSync(
      join(BENCH, "results.json"),
      JSON.stringify({ ...before, ...results, ...kept }, null, 2) + "\n",
    );
    printReport(results);
    log(`\nbench: wrote bench/results.json`);
  } finally {
    await cleanup();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    if (err instanceof LabNotUp) log(`bench: refused: ${err.message}`);
    else log(`bench: failed: ${(err as Error)?.stack ?? String(err)}`);
    process.exit(err instanceof LabNotUp ? 2 : 1);
  },
);
