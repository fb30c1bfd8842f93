/**
 * Child processes for the bench: every spawn has a time limit, every child is tracked by PID
 * and ended by PID (its own process group, which it leads) on timeout, error or signal.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, ms. */
  ms: number;
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  /** Keep at most this many bytes of stdout (the rest is counted, not kept). */
  maxStdout?: number;
}

const live = new Set<ChildProcess>();

/** Sends a signal to a child's process group (it leads one: spawned detached). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Runs a command to completion (or its time limit), capturing output. */
export function run(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true, // own process group: a timeout ends the whole tree by this PID
    });
    live.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    const max = opts.maxStdout ?? 64 * 1024 * 1024;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) signalGroup(child.pid, "SIGKILL");
    }, opts.timeoutMs);
    child.stdout!.on("data", (d: Buffer) => {
      if (outBytes < max) out.push(d);
      outBytes += d.length;
    });
    child.stderr!.on("data", (d: Buffer) => {
      if (err.length < 1024) err.push(d);
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      live.delete(child);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: performance.now() - t0,
        timedOut,
      });
    });
    child.stdin!.on("error", () => {});
    child.stdin!.end(opts.input ?? "");
  });
}

/** Ends every child still running (by PID / process group). Used on error and on signals. */
export function killAllChildren(): void {
  for (const child of live) if (child.pid) signalGroup(child.pid, "SIGKILL");
}

/** PPID of a process from /proc, or null when it is gone. */
export function ppidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(rest[1]);
  } catch {
    return null;
  }
}

/** All descendants of the given PIDs (walks /proc once). */
export function descendantsOf(roots: Iterable<number>): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const ppid = ppidOf(pid);
    if (ppid === null) continue;
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const found: number[] = [];
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop()!;
    for (const c of children.get(pid) ?? []) {
      found.push(c);
      stack.push(c);
    }
  }
  return found;
}

/** PIDs whose command line contains `needle` (to find daemons our own children left behind). */
export function pidsWithCmdline(needle: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes(needle)) found.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return found;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** SIGTERM the PIDs, wait up to graceMs, SIGKILL what is left. Returns how many were left. */
export async function terminate(pids: number[], graceMs = 3000): Promise<number> {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* gone */
    }
  }
  const end = Date.now() + graceMs;
  while (Date.now() < end && pids.some(alive)) await sleep(50);
  const left = pids.filter(alive);
  for (const pid of left) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  return left.length;
}

/** Host-wide busy CPU so far (all CPUs, ms), from /proc/stat. */
export function hostBusyMs(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const busy = f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + (f[7] ?? 0);
  return (busy * 1000) / 100; // USER_HZ = 100
}

/**
 * CPU a process tree has used, ms: utime + stime of each live process, plus cutime + cstime
 * (the children it has reaped). /proc counts in clock ticks (10 ms), so one sample is coarse;
 * a mean over many is not.
 */
export function treeCpuMs(root: number): number {
  const hz = 100; // USER_HZ: the unit of /proc/PID/stat times on Linux
  let ticks = 0;
  for (const pid of [root, ...descendantsOf([root])]) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      /* exited between the walk and the read */
    }
  }
  return (ticks * 1000) / hz;
}
