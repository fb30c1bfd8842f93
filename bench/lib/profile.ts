/**
 * Where a node spends CPU on one collection. The node's reader as installed (collect-serve.py)
 * is run as root with `--sections` in variants that read only one section each (plus one that
 * reads none), so a section's cost is (that variant − the empty one): its process (getrusage
 * of children) and, read from /proc/<pid>/task/<tid>/schedstat, the CPU the node's long-lived
 * daemons (systemd, ovsdb-server, neutron-server, …) spent answering it, minus their idle rate.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import type { Inventory } from "@/lib/inventory";
import { sectionsOf } from "@/lib/probes/registry";
import { collectCommand, neutronQueryCommand, shellQuote } from "@/lib/ssh/command";
import { nsenterArgs, nsenterAsUser } from "./lab";
import { run, sleep } from "./proc";
import { median, round } from "./stats";

const READER = "/usr/local/libexec/ovnscope/collect-serve.py";
const NEUTRON_QUERY = "/usr/local/libexec/ovnscope/neutron-query";

export interface NeutronCall {
  path: string;
  wallMs: number;
  neutronServerCpuMs: number;
  databaseCpuMs: number;
}

function secs(t: string): number {
  const m = /^(\d+)m([\d.]+)s$/.exec(t.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

/** The children line of bash `times` ("0m0.048s 0m0.024s") -> ms. */
function childrenMs(line: string): number {
  const [u, s] = line.trim().split(" ");
  return (secs(u ?? "") + secs(s ?? "")) * 1000;
}

// ---------------------------------------------------------------- daemon CPU (schedstat)

export function pidNs(pid: number | string): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return null;
  }
}

type TaskCpu = Map<number, { name: string; ns: number }>;

/** CPU ns so far of every process (all its threads) in the node's PID namespace. */
function nodeTaskCpu(ns: string): TaskCpu {
  const out: TaskCpu = new Map();
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p) || pidNs(p) !== ns) continue;
    try {
      const name = readFileSync(`/proc/${p}/comm`, "utf8").trim();
      let total = 0;
      for (const t of readdirSync(`/proc/${p}/task`))
        total += Number(readFileSync(`/proc/${p}/task/${t}/schedstat`, "utf8").split(" ")[0]);
      out.set(Number(p), { name, ns: total });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** ms per process name between two readings, for processes alive in both. */
function deltaByName(a: TaskCpu, b: TaskCpu): Map<string, number> {
  const d = new Map<string, number>();
  for (const [pid, x] of b) {
    const y = a.get(pid);
    if (!y || y.name !== x.name) continue;
    d.set(x.name, (d.get(x.name) ?? 0) + (x.ns - y.ns) / 1e6);
  }
  return d;
}

// ---------------------------------------------------------------- per node

export interface SectionCost {
  name: string;
  /** The section's own processes (user+sys), ms. */
  cpuMs: number;
  /** CPU the node's daemons spent answering it (idle rate subtracted), ms. */
  daemonCpuMs: number;
  /** The daemon that spent most on it. */
  topDaemon: string | null;
  wallMs: number;
}

export interface NodeProfile {
  node: string;
  runs: number;
  /** `sudo -n collect` (+ neutron-query on its node) as the SSH user: node_cpu_ms's measure. */
  totalCpuMs: number;
  /** The whole reader (every section) run as root, without sudo. */
  scriptCpuMs: number;
  /** total − script − neutron query: what `sudo -n` itself costs. */
  sudoCpuMs: number;
  neutronQueryCpuMs: number | null;
  /** The reader reading no section: python's start and the reader's own set-up. */
  baseCpuMs: number;
  sections: SectionCost[];
  /** CPU the node's daemons spent per whole collection (idle rate subtracted), by name. */
  daemons: { name: string; cpuMs: number }[];
  daemonsTotalMs: number;
  /** In-node wall time of `sudo -n collect` and of the Neutron query. */
  collectWallMs: number;
  neutronQueryWallMs: number | null;
  /** Each Neutron API call alone (Neutron node only). */
  neutronCalls: NeutronCall[];
}

interface Measure {
  cpuMs: number;
  wallMs: number;
  daemons: Map<string, number>;
}

export async function profileNode(
  inv: Inventory,
  name: string,
  pid1: number,
  runs: number,
): Promise<NodeProfile> {
  const node = inv.nodes.find((n) => n.name === name)!;
  const access = inv.neutron?.node === name ? inv.neutron : undefined;
  const calls = sectionsOf("collect").map((section) => ({ name: section }));
  const ns = pidNs(pid1)!;

  // Idle CPU rate of the node's daemons (ms per ms), over a quiet window.
  const i0 = nodeTaskCpu(ns);
  const idleWindow = 3000;
  await sleep(idleWindow);
  const idleRate = new Map(
    [...deltaByName(i0, nodeTaskCpu(ns))].map(([k, v]) => [k, v / idleWindow] as const),
  );

  /** Runs a bash snippet in the node whose last output lines are "s e" and `times`. */
  const measure = async (argv: string[]): Promise<Measure> => {
    const a = nodeTaskCpu(ns);
    const r = await run("nsenter", argv, { timeoutMs: 30_000 });
    const b = nodeTaskCpu(ns);
    const lines = r.stdout.trim().split("\n");
    const [s, e] = (lines[lines.length - 3] ?? "").split(" ").map(Number);
    const wallMs = (e! - s!) * 1000;
    const daemons = new Map<string, number>();
    for (const [k, v] of deltaByName(a, b)) daemons.set(k, v - (idleRate.get(k) ?? 0) * r.ms);
    return { cpuMs: childrenMs(lines[lines.length - 1] ?? ""), wallMs, daemons };
  };
  const wrap = (cmd: string) =>
    `s=$EPOCHREALTIME\n${cmd} >/dev/null 2>&1\ne=$EPOCHREALTIME\necho "$s $e"\ntimes`;
  const reader = (arg: string) =>
    nsenterArgs(pid1, [
      "bash",
      "-c",
      wrap('python3 -B "$1" --sections "$2"'),
      "bench",
      READER,
      arg,
    ]);

  const variants = new Map<string, string[]>([["(none)", reader("")]]);
  for (const c of calls) variants.set(c.name, reader(c.name));
  variants.set("(all)", reader(calls.map((c) => c.name).join(",")));

  const results = new Map<string, Measure[]>();
  const push = (k: string, m: Measure) => results.set(k, [...(results.get(k) ?? []), m]);
  for (let i = 0; i < runs; i++) {
    // What ovnscope runs, as the SSH user: sudo -n collect, then the Neutron query on its node.
    push("sudo", await measure(nsenterAsUser(pid1, node.user, wrap(collectCommand()))));
    if (access)
      push(
        "neutron-query",
        await measure(
          nsenterAsUser(pid1, node.user, wrap(neutronQueryCommand(access.endpoint, access.auth))),
        ),
      );
    for (const [k, argv] of variants) push(k, await measure(argv));
  }

  const med = (k: string, f: (m: Measure) => number) => median((results.get(k) ?? []).map(f));
  const daemonNames = new Set([...results.values()].flat().flatMap((m) => [...m.daemons.keys()]));
  const base = { cpu: med("(none)", (m) => m.cpuMs) };

  // Per section: differences to the empty variant of the same iteration (paired), then medians.
  const paired = (k: string, f: (m: Measure, base: Measure) => number) => {
    const ms = results.get(k) ?? [];
    const bs = results.get("(none)") ?? [];
    return median(ms.map((m, i) => f(m, bs[i]!)));
  };
  const sections: SectionCost[] = calls.map((c) => {
    let top: string | null = null;
    let topMs = 0;
    for (const d of daemonNames) {
      const v = paired(c.name, (m, b) => (m.daemons.get(d) ?? 0) - (b.daemons.get(d) ?? 0));
      if (v > topMs) [top, topMs] = [`${d} ${round(v)} ms`, v];
    }
    const sum = (m: Measure) => [...m.daemons.values()].reduce((x, y) => x + y, 0);
    return {
      name: c.name,
      cpuMs: round(paired(c.name, (m, b) => m.cpuMs - b.cpuMs)),
      daemonCpuMs: round(paired(c.name, (m, b) => sum(m) - sum(b))),
      topDaemon: top,
      wallMs: round(paired(c.name, (m, b) => m.wallMs - b.wallMs)),
    };
  });

  // The Neutron API calls one by one (the URLs of the installed neutron-query), with the
  // CPU neutron-server and its database spend on each.
  const neutronCalls: NeutronCall[] = [];
  if (access) {
    const nq = await run("nsenter", nsenterArgs(pid1, ["cat", NEUTRON_QUERY]), {
      timeoutMs: 10_000,
    });
    const paths = [...nq.stdout.matchAll(/"\$endpoint(\/v2\.0\/[^"]*)"/g)].map((m) => m[1]!);
    const endpoint = access.endpoint.replace(/\/$/, "");
    for (const path of paths) {
      const ms: Measure[] = [];
      for (let i = 0; i < runs; i++) {
        const curl = `curl -sS -o /dev/null -m 5 -H 'Accept: application/json' ${shellQuote(endpoint + path)}`;
        ms.push(await measure(nsenterAsUser(pid1, node.user, wrap(curl))));
      }
      const by = (prefix: string) =>
        round(
          median(
            ms.map((m) =>
              [...m.daemons].filter(([k]) => k.startsWith(prefix)).reduce((x, [, v]) => x + v, 0),
            ),
          ),
        );
      neutronCalls.push({
        path,
        wallMs: round(median(ms.map((m) => m.wallMs))),
        neutronServerCpuMs: by("neutron-server"),
        databaseCpuMs: by("mariadbd"),
      });
    }
  }

  // Daemon CPU per whole collection, from the runs of what ovnscope really sends.
  const perRun = (results.get("sudo") ?? []).map((m, i) => {
    const q = results.get("neutron-query")?.[i];
    const all = new Map(m.daemons);
    if (q) for (const [k, v] of q.daemons) all.set(k, (all.get(k) ?? 0) + v);
    return all;
  });
  const daemons = [...daemonNames]
    .map((d) => ({ name: d, cpuMs: round(median(perRun.map((r) => r.get(d) ?? 0))) }))
    .filter((d) => d.cpuMs >= 0.5)
    .sort((x, y) => y.cpuMs - x.cpuMs);

  const sudoTotal = med("sudo", (m) => m.cpuMs);
  const nq = access ? med("neutron-query", (m) => m.cpuMs) : null;
  const script = med("(all)", (m) => m.cpuMs);
  return {
    node: name,
    runs,
    totalCpuMs: round(sudoTotal + (nq ?? 0)),
    scriptCpuMs: round(script),
    sudoCpuMs: round(sudoTotal - script),
    neutronQueryCpuMs: nq === null ? null : round(nq),
    baseCpuMs: round(base.cpu),
    sections,
    daemons,
    daemonsTotalMs: round(median(perRun.map((r) => [...r.values()].reduce((x, y) => x + y, 0)))),
    collectWallMs: round(med("sudo", (m) => m.wallMs)),
    neutronQueryWallMs: access ? round(med("neutron-query", (m) => m.wallMs)) : null,
    neutronCalls,
  };
}

// ---------------------------------------------------------------- whole-node CPU per read

export type ProcCpu = Map<number, { name: string; selfMs: number; childMs: number }>;

/** Own CPU (all threads, schedstat, ns-exact) and reaped children's CPU (stat, ticks). */
export function nodeProcCpu(ns: string): ProcCpu {
  const out: ProcCpu = new Map();
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p) || pidNs(p) !== ns) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      let self = 0;
      for (const t of readdirSync(`/proc/${p}/task`))
        self += Number(readFileSync(`/proc/${p}/task/${t}/schedstat`, "utf8").split(" ")[0]);
      out.set(Number(p), {
        name: readFileSync(`/proc/${p}/comm`, "utf8").trim(),
        selfMs: self / 1e6,
        childMs: (Number(f[13]) + Number(f[14])) * 10, // cutime + cstime, USER_HZ 100
      });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

export function procDelta(a: ProcCpu, b: ProcCpu): { total: number; byName: Map<string, number> } {
  let total = 0;
  const byName = new Map<string, number>();
  for (const [pid, x] of b) {
    const y = a.get(pid);
    if (!y || y.name !== x.name) continue;
    const d = x.selfMs - y.selfMs + (x.childMs - y.childMs);
    total += d;
    byName.set(x.name, (byName.get(x.name) ?? 0) + d);
  }
  return { total, byName };
}

export interface NodeCpuAround {
  node: string;
  /** Median whole-node CPU of one read (every process in the node, idle rate subtracted). */
  cpuMs: number;
  byName: { name: string; cpuMs: number }[];
}

/**
 * Whole-node CPU that one `action` (e.g. an ovnscope refresh over SSH) costs each node: the
 * CPU of every process of the node's PID namespace that lives across the action, plus what
 * they reaped (so sshd's session, bash, sudo and the script count), minus the same over an
 * equally long idle window right after. Reaped CPU comes in 10 ms ticks: medians over rounds.
 */
export async function nodeCpuAround(
  pidsByNode: Map<string, number>,
  action: () => Promise<unknown>,
  rounds: number,
): Promise<NodeCpuAround[]> {
  const nss = [...pidsByNode].map(([n, p]) => [n, pidNs(p)!] as const);
  const per = new Map<string, { total: number; byName: Map<string, number> }[]>();
  for (let r = 0; r < rounds; r++) {
    const a = nss.map(([, ns]) => nodeProcCpu(ns));
    const t0 = performance.now();
    await action();
    const dur = performance.now() - t0;
    const b = nss.map(([, ns]) => nodeProcCpu(ns));
    await sleep(dur);
    const c = nss.map(([, ns]) => nodeProcCpu(ns));
    nss.forEach(([n], i) => {
      const work = procDelta(a[i]!, b[i]!);
      const idle = procDelta(b[i]!, c[i]!);
      const byName = new Map<string, number>();
      for (const [k, v] of work.byName) byName.set(k, v - (idle.byName.get(k) ?? 0));
      per.set(n, [...(per.get(n) ?? []), { total: work.total - idle.total, byName }]);
    });
    await sleep(200);
  }
  return [...per].map(([node, rs]) => {
    const names = new Set(rs.flatMap((r) => [...r.byName.keys()]));
    return {
      node,
      cpuMs: round(median(rs.map((r) => r.total))),
      byName: [...names]
        .map((name) => ({ name, cpuMs: round(median(rs.map((r) => r.byName.get(name) ?? 0))) }))
        .filter((x) => x.cpuMs >= 0.5)
        .sort((x, y) => y.cpuMs - x.cpuMs)
        .slice(0, 6),
    };
  });
}
