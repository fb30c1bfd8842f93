/**
 * The ways of reading the lab that the bench compares. Each returns the wall time of one
 * complete read of every node and whether the output was complete (every node's collect
 * output up to its last section, and the Neutron section from the Neutron node).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Inventory } from "@/lib/inventory";
import type { Collector } from "@/lib/collect/collector";
import { readSections } from "@/lib/probes/sections";
import { collectCommand, type NodeCommand } from "@/lib/ssh/command";
import { SERVED_FRAME_TEXT, readFrames } from "@/lib/ssh/frames";
import { LAB_KEY, LAB_KNOWN_HOSTS, nsenterAsUser } from "./lab";
import { spawn, type ChildProcess } from "node:child_process";
import { hostBusyMs, pidsWithCmdline, run, signalGroup, terminate, treeCpuMs } from "./proc";

export interface Sample {
  ms: number;
  ok: boolean;
  problem?: string;
  /** Whole-machine busy CPU during this read (all processes, lab nodes included), ms. */
  hostCpuMs: number;
  /** floor only: per node in-node wall time and CPU of the script (user+sys, children). */
  perNode?: Record<string, { ms: number; cpuMs: number; bytes: number }>;
}

export interface Method {
  key: string;
  label: string;
  once(): Promise<Sample>;
  cleanup?(): Promise<void>;
  /** The command line it sends (baselines), for the results. */
  command?: string;
}

/**
 * The work ovnscope's Collector asks of a node per steady-state refresh: the collect script.
 * Journal lines are read only when a unit changes and the Neutron API every 6th refresh or when
 * OVN's gateway facts change, so neither is part of a steady refresh; the baselines run the
 * same command, so every method does the same work.
 */
export function commandFor(): NodeCommand {
  return collectCommand();
}

/** Is this one node's output complete? */
export function checkOutput(inv: Inventory, node: string, out: string): string | null {
  const { sections, problem } = readSections(out);
  if (!sections.has("meta")) return `${node}: no meta section`;
  if (problem || sections.get("controller")?.rc == null)
    return `${node}: output cut before the last section${problem ? `: ${problem}` : ""}`;
  return null;
}

async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number; hostCpuMs: number }> {
  const c0 = hostBusyMs();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  return { value, ms, hostCpuMs: hostBusyMs() - c0 };
}

// ------------------------------------------------------------------ floor (no SSH)

/** Parses "0m0.048s" (bash `times`). */
function bashSeconds(t: string): number {
  const m = /^(\d+)m([\d.]+)s$/.exec(t.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

/**
 * The node-side floor: the same command string, run inside every node at once as the SSH user
 * (so `sudo -n` is included), with no SSH. Times are taken inside the node with bash's
 * $EPOCHREALTIME around the command, and CPU with `times` (getrusage of all children).
 */
export function floorMethod(inv: Inventory, pids: Map<string, number>): Method {
  const runNode = async (name: string) => {
    const node = inv.nodes.find((n) => n.name === name)!;
    const script = [
      "s=$EPOCHREALTIME",
      commandFor(),
      "e=$EPOCHREALTIME",
      `printf '\\n@@bench %s %s\\n' "$s" "$e"`,
      "times",
    ].join("\n");
    const r = await run("nsenter", nsenterAsUser(pids.get(name)!, node.user, script), {
      timeoutMs: 30_000,
    });
    const at = r.stdout.lastIndexOf("\n@@bench ");
    const trailer = at >= 0 ? r.stdout.slice(at + 1).split("\n") : [];
    const [, s, e] = (trailer[0] ?? "").split(" ");
    const [cu, cs] = (trailer[2] ?? "").split(" ");
    const output = at >= 0 ? r.stdout.slice(0, at) : r.stdout;
    return {
      name,
      ms: (Number(e) - Number(s)) * 1000,
      cpuMs: (bashSeconds(cu ?? "") + bashSeconds(cs ?? "")) * 1000,
      bytes: Buffer.byteLength(output),
      problem:
        at < 0 ? `${name}: no timing trailer (${r.stderr.trim()})` : checkOutput(inv, name, output),
    };
  };
  return {
    key: "floor_oneshot",
    label: "one-shot script inside each node (nsenter, sudo, no SSH)",
    once: () => allNodesAtOnce(inv, runNode),
  };
}

interface NodeRun {
  name: string;
  ms: number;
  cpuMs: number;
  bytes: number;
  problem: string | null;
}

/** Runs every node at once; the sample's time is the slowest node's (they start together). */
async function allNodesAtOnce(
  inv: Inventory,
  runNode: (name: string) => Promise<NodeRun>,
): Promise<Sample> {
  const t = await timed(() => Promise.all(inv.nodes.map((n) => runNode(n.name))));
  const problems = t.value.map((v) => v.problem).filter(Boolean);
  return {
    ms: Math.max(...t.value.map((v) => v.ms)),
    ok: problems.length === 0,
    problem: problems.join("; ") || undefined,
    hostCpuMs: t.hostCpuMs,
    perNode: Object.fromEntries(
      t.value.map((v) => [v.name, { ms: v.ms, cpuMs: v.cpuMs, bytes: v.bytes }]),
    ),
  };
}

// ------------------------------------------------------------------ served floor (no SSH)

/** One `sudo -n collect --serve` per node, inside the node as the SSH user, held across rounds. */
class ServedProcess {
  private readonly child: ChildProcess;
  private buffer = "";
  private waiting: ((text: string) => void) | null = null;

  constructor(pid1: number, user: string) {
    this.child = spawn("nsenter", nsenterAsUser(pid1, user, `exec sudo -n ${SERVE_PATH} --serve`), {
      stdio: ["pipe", "pipe", "ignore"],
      detached: true,
    });
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (chunk: string) => {
      this.buffer += chunk;
      if (this.waiting && this.buffer.endsWith(SERVED_LINE)) {
        const answer = this.buffer;
        this.buffer = "";
        this.waiting(answer);
      }
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** One request: its answer and the time it took (ms), or null after `timeoutMs`. */
  async request(timeoutMs: number): Promise<string | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve(null);
      }, timeoutMs);
      this.waiting = (text) => {
        clearTimeout(timer);
        this.waiting = null;
        resolve(text);
      };
      this.child.stdin!.write("collect\n");
    });
  }

  close(): void {
    this.child.stdin!.end();
    if (this.child.pid) signalGroup(this.child.pid, "SIGTERM");
  }
}

const SERVE_PATH = "/usr/local/libexec/ovnscope/collect";
const SERVED_LINE = SERVED_FRAME_TEXT;

/**
 * The node-side floor of a steady refresh: one request to the collect process ovnscope keeps
 * running on each node (`collect --serve`), sent inside the node with no SSH, all nodes at once.
 * CPU is that process tree's (the server and the children it ran for the request), from /proc.
 */
export function servedFloorMethod(inv: Inventory, pids: Map<string, number>): Method {
  const served = new Map<string, ServedProcess>();
  const runNode = async (name: string) => {
    const node = inv.nodes.find((n) => n.name === name)!;
    let p = served.get(name);
    if (!p) served.set(name, (p = new ServedProcess(pids.get(name)!, node.user)));
    const cpu0 = treeCpuMs(p.pid);
    const t0 = performance.now();
    const answer = await p.request(30_000);
    const ms = performance.now() - t0;
    const output = answer?.slice(0, -SERVED_LINE.length) ?? "";
    return {
      name,
      ms,
      cpuMs: treeCpuMs(p.pid) - cpu0,
      bytes: Buffer.byteLength(output),
      problem: answer === null ? `${name}: no answer in 30 s` : checkOutput(inv, name, output),
    };
  };
  return {
    key: "floor",
    label: "floor: collect --serve request inside each node (no SSH)",
    once: () => allNodesAtOnce(inv, runNode),
    async cleanup() {
      for (const p of served.values()) p.close();
      served.clear();
    },
  };
}

// ------------------------------------------------------------------ ovnscope

export function ovnscopeMethod(collector: Collector): Method {
  return {
    key: "ovnscope",
    label: "ovnscope Collector.refresh() (warm pool)",
    async once() {
      const t = await timed(() => collector.refresh());
      const bad = t.value.nodes.filter((n) => n.reach !== "reachable" && n.reach !== "partial");
      const stale = t.value.nodes.filter((n) => n.dataCollectedAt !== n.attemptedAt);
      const problems = [
        ...bad.map((n) => `${n.name}: ${n.reach}: ${n.error}`),
        ...stale.map((n) => `${n.name}: no fresh data`),
      ];
      return {
        ms: t.ms,
        ok: problems.length === 0,
        problem: problems.join("; ") || undefined,
        hostCpuMs: t.hostCpuMs,
      };
    },
  };
}

// ------------------------------------------------------------------ parallel-ssh

/**
 * parallel-ssh (Debian pssh) as an operator runs it: one invocation over a hosts file, lab key,
 * strict host key checking against the lab's known_hosts, output to a directory, running
 * ovnscope's steady-state command (commandFor) on every host.
 */
export function psshMethod(
  inv: Inventory,
  tmp: string,
  variant: "default" | "controlmaster",
): Method {
  const dir = join(tmp, `pssh-${variant}`);
  mkdirSync(join(dir, "out"), { recursive: true });
  const hosts = join(dir, "hosts");
  writeFileSync(hosts, inv.nodes.map((n) => `${n.address}:${n.port}`).join("\n") + "\n");
  // The same steady-state work as ovnscope (see commandFor).
  const command = collectCommand();
  const cp = join(dir, "cm-%r@%h:%p");
  const args = [
    "-h",
    hosts,
    "-l",
    inv.nodes[0]!.user,
    "-p",
    String(Math.max(3, inv.nodes.length)),
    "-t",
    "30",
    "-o",
    join(dir, "out"),
    "-x",
    `-i ${LAB_KEY}`,
    "-O",
    `UserKnownHostsFile=${LAB_KNOWN_HOSTS}`,
    "-O",
    "StrictHostKeyChecking=yes",
    "-O",
    "BatchMode=yes",
    ...(variant === "controlmaster"
      ? ["-O", "ControlMaster=auto", "-O", `ControlPath=${cp}`, "-O", "ControlPersist=60"]
      : []),
    command,
  ];
  return {
    key: variant === "default" ? "pssh" : "pssh_controlmaster",
    label:
      variant === "default"
        ? "parallel-ssh (defaults: new SSH connection per run)"
        : "parallel-ssh with ssh ControlMaster (info)",
    command,
    async once() {
      const t = await timed(() => run("parallel-ssh", args, { timeoutMs: 60_000 }));
      const problems: string[] = [];
      if (t.value.code !== 0)
        problems.push(`parallel-ssh exit ${t.value.code}: ${t.value.stdout.trim().slice(0, 300)}`);
      for (const n of inv.nodes) {
        let out = "";
        try {
          out = readFileSync(join(dir, "out", `${n.address}:${n.port}`), "utf8");
        } catch {
          /* missing */
        }
        const p = checkOutput(inv, n.name, out);
        if (p) problems.push(p);
      }
      return {
        ms: t.ms,
        ok: problems.length === 0,
        problem: problems.join("; ") || undefined,
        hostCpuMs: t.hostCpuMs,
      };
    },
    async cleanup() {
      await terminate(pidsWithCmdline(dir));
    },
  };
}

// ------------------------------------------------------------------ ansible

/**
 * A host's stdout in `ansible all -m shell` output: the chunk after its "host | CHANGED | rc=0
 * >>" line. Ansible's command module returns stdout with its trailing newlines stripped, and the
 * collect script's frames end with newlines their headers count: those are put back (the fewest
 * that make the frames whole; at most a few, since nothing else is stripped).
 */
function ansibleStdout(chunk: string): string {
  const body = chunk.slice(chunk.indexOf("\n") + 1).replace(/\n+$/, "");
  for (let k = 0; k <= 4; k++) {
    const text = body + "\n".repeat(k);
    if (!readFrames(Buffer.from(text)).problem) return text;
  }
  return body;
}

/**
 * `ansible all -m shell -a …` as an operator runs it: a generated INI inventory, host key
 * checking on against the lab's known_hosts, forks 5, otherwise ansible's defaults (SSH
 * ControlPersist 60 s, no pipelining). Every host runs ovnscope's steady-state command
 * (commandFor).
 */
export function ansibleMethod(inv: Inventory, tmp: string): Method {
  const dir = join(tmp, "ansible");
  mkdirSync(join(dir, "home"), { recursive: true });
  const ini = [
    "[lab]",
    ...inv.nodes.map((n) => `${n.name} ansible_host=${n.address} ansible_port=${n.port}`),
    "",
    "[all:vars]",
    `ansible_user=${inv.nodes[0]!.user}`,
    `ansible_ssh_private_key_file=${LAB_KEY}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${LAB_KNOWN_HOSTS} -o StrictHostKeyChecking=yes'`,
    "ansible_python_interpreter=/usr/bin/python3",
    "",
  ].join("\n");
  writeFileSync(join(dir, "inventory.ini"), ini);
  writeFileSync(
    join(dir, "ansible.cfg"),
    [
      "[defaults]",
      "host_key_checking = True",
      "forks = 5",
      `local_tmp = ${join(dir, "home/tmp")}`,
      "remote_tmp = /tmp/.ansible-ovnscope-bench",
      "retry_files_enabled = False",
      "[ssh_connection]",
      `control_path_dir = ${join(dir, "cp")}`,
      "",
    ].join("\n"),
  );
  const command = collectCommand();
  const env = {
    PATH: process.env.PATH,
    HOME: join(dir, "home"),
    ANSIBLE_CONFIG: join(dir, "ansible.cfg"),
    ANSIBLE_HOME: join(dir, "home"),
    ANSIBLE_NOCOLOR: "1",
    LANG: "C.UTF-8",
  } as unknown as NodeJS.ProcessEnv;
  const args = ["all", "-i", join(dir, "inventory.ini"), "-m", "shell", "-a", command];
  return {
    key: "ansible",
    label: "ansible all -m shell (defaults, forks 5)",
    command,
    async once() {
      const t = await timed(() => run("ansible", args, { timeoutMs: 120_000, env }));
      const out = t.value.stdout;
      const problems: string[] = [];
      if (t.value.code !== 0) problems.push(`ansible exit ${t.value.code}`);
      const chunks = out.split(/^(?=\S+ \| \S+ \| rc=)/m);
      for (const n of inv.nodes) {
        const chunk = chunks.find((c) => c.startsWith(`${n.name} | `)) ?? "";
        const p = checkOutput(inv, n.name, ansibleStdout(chunk));
        if (p) problems.push(p);
      }
      if (problems.length && out) problems.push(out.slice(0, 300).replace(/\n/g, " "));
      return {
        ms: t.ms,
        ok: problems.length === 0,
        problem: problems.join("; ") || undefined,
        hostCpuMs: t.hostCpuMs,
      };
    },
    async cleanup() {
      // ControlPersist masters ansible's ssh left running: ours have our temp dir in argv.
      await terminate(pidsWithCmdline(dir));
    },
  };
}
