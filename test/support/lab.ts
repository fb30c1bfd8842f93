/**
 * Helpers for integration tests against the real lab (lab/bin/lab).
 *
 * The lab is driven through its own CLI; facts are read on the nodes themselves by entering
 * a node's namespaces with nsenter (the node's PID 1 is the child of the systemd-nspawn
 * process whose PID the lab records), never through the dashboard. Tests run as root.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RaftStatus } from "@/lib/model/snapshot";
import { parseRaftStatus } from "@/lib/probes/ovn-cluster";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const LAB_BIN = path.join(REPO_ROOT, "lab/bin/lab");
export const LAB_STATE = process.env.OVNSCOPE_LAB_STATE ?? "/var/lib/ovnscope-lab";
export const LAB_API = "http://10.250.0.11:9696";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a command without a shell; resolves (never rejects) with its exit code and output. */
export function run(
  cmd: string,
  args: string[],
  opts: { timeoutMs?: number; input?: string } = {},
): Promise<RunResult> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? 60_000);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: stderr + String(e), ms: Date.now() - t0 });
    });
    let done = false;
    const finish = (code: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({
        code: killed ? 124 : (code ?? 128),
        stdout,
        stderr: killed ? stderr + "\n[timed out]" : stderr,
        ms: Date.now() - t0,
      });
    };
    child.on("close", (code) => finish(code));
    // A daemon started by the command may keep our pipes open after the command exited:
    // do not wait for EOF longer than 2 s after the exit.
    child.on("exit", (code) => setTimeout(() => finish(code), 2000).unref());
    child.stdin.on("error", () => {}); // EPIPE when the command exits before reading its input
    child.stdin.end(opts.input ?? "");
  });
}

/** `lab/bin/lab <args…>` (up, down, status, fault NAME, heal). */
export function lab(args: string[], timeoutMs = 600_000): Promise<RunResult> {
  return run("bash", [LAB_BIN, ...args], { timeoutMs });
}

/** Throws with the command's output when the lab command failed. */
export async function labOk(args: string[], timeoutMs = 600_000): Promise<RunResult> {
  const r = await lab(args, timeoutMs);
  if (r.code !== 0) {
    throw new Error(
      `lab ${args.join(" ")} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
    );
  }
  return r;
}

export function labInventoryPath(): string {
  return path.join(LAB_STATE, "inventory.yaml");
}

/** Node names of the running topology (ctl1, net1, cmp1..cmpN). */
export function labNodes(): string[] {
  const topo = path.join(LAB_STATE, "topology");
  const n = existsSync(topo)
    ? Number(/computes=(\d+)/.exec(readFileSync(topo, "utf8"))?.[1] ?? 1)
    : 1;
  return ["ctl1", "net1", ...Array.from({ length: n }, (_, i) => `cmp${i + 1}`)];
}

/** Node dirs the lab has made (also ones outside the current topology). */
export function labNodeDirs(): string[] {
  const d = path.join(LAB_STATE, "nodes");
  return existsSync(d) ? readdirSync(d) : [];
}

/** PID (host namespace) of the node's systemd-nspawn process, or undefined. */
export function nspawnPid(node: string): number | undefined {
  const f = path.join(LAB_STATE, "nodes", node, "nspawn.pid");
  if (!existsSync(f)) return undefined;
  const pid = Number(readFileSync(f, "utf8").trim());
  return pid > 0 && existsSync(`/proc/${pid}`) ? pid : undefined;
}

/** PID (host namespace) of the node's PID 1 (systemd): the child of its nspawn process. */
export function nodePid1(node: string): number {
  const pid = nspawnPid(node);
  if (!pid) throw new Error(`node ${node} is not running (no live nspawn pid)`);
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/);
  const p1 = Number(children[0]);
  if (!p1) throw new Error(`node ${node}: nspawn ${pid} has no child`);
  return p1;
}

/** Run a shell script as root inside a node (all its namespaces, its root filesystem). */
export function nodeExec(node: string, script: string, timeoutMs = 60_000): Promise<RunResult> {
  const p1 = nodePid1(node);
  return run(
    "nsenter",
    [
      "-t",
      String(p1),
      "-m",
      "-u",
      "-i",
      "-n",
      "-p",
      "-C",
      "-r",
      "-w",
      "env",
      "-i",
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "LANG=C.UTF-8",
      "HOME=/root",
      "SYSTEMD_PAGER=",
      "sh",
      "-c",
      script,
    ],
    { timeoutMs },
  );
}

/** stdout (trimmed) of a script run in a node; throws if it could not be run at all. */
export async function nodeOut(node: string, script: string): Promise<string> {
  const r = await nodeExec(node, script);
  if (r.code === 125 || r.code === 127) throw new Error(`${node}: ${script}: ${r.stderr}`);
  return r.stdout.trim();
}

export const unitState = (node: string, unit: string) =>
  nodeOut(node, `systemctl show -p ActiveState --value ${unit}`);

/** Is anything listening on TCP `port` inside the node? */
export async function listening(node: string, port: number): Promise<boolean> {
  const out = await nodeOut(node, "ss -Hltn");
  return out.split("\n").some((l) => new RegExp(`:${port}\\s`).test(l.replace(/\s+/g, " ") + " "));
}

export const controllerStatus = (node: string) =>
  nodeOut(node, "ovn-appctl -t ovn-controller connection-status 2>&1 || true");

/** Poll `check` until it returns true (or throw after timeoutMs with the last value seen). */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
  stepMs = 1000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for: ${what}${last ? ` (last error: ${last})` : ""}`,
      );
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export interface LabStatus {
  up: boolean;
  healthy: boolean;
  problems: string[];
  faults: string[];
  nodes: {
    name: string;
    running: boolean;
    ssh: string;
    units: Record<string, string>;
    ovnController: string;
  }[];
  neutron: { gatewayPort: string; gatewayHost: string };
}

export async function labStatus(): Promise<LabStatus> {
  const r = await lab(["status", "--json"], 120_000);
  return JSON.parse(r.stdout) as LabStatus;
}

/** Router gateway port status as the Neutron API reports it (from the host). */
export async function gatewayPortStatus(): Promise<string> {
  const r = await run("curl", [
    "-s",
    "-f",
    "-m",
    "5",
    `${LAB_API}/v2.0/ports?device_owner=network:router_gateway&fields=status`,
  ]);
  if (r.code !== 0) return "API-DOWN";
  return (JSON.parse(r.stdout).ports?.[0]?.status as string) ?? "";
}

/** The pinned host key fingerprint of a node, as written in the lab inventory. */
export function inventoryHostKey(node: string): string {
  const inv = readFileSync(labInventoryPath(), "utf8");
  const m = new RegExp(`- name: ${node}\\n(?:\\s{4}.*\\n)*?\\s{4}hostKey: "([^"]+)"`).exec(inv);
  if (!m) throw new Error(`no hostKey for ${node} in ${labInventoryPath()}`);
  return m[1]!;
}

/** ssh's arguments to run `command` on a node as ovnscope exactly as the product does (pinned known_hosts, lab key). */
export function sshArgs(address: string, command: string): string[] {
  return [
    "-F",
    "/dev/null",
    "-o",
    "BatchMode=yes",
    "-o",
    "StrictHostKeyChecking=yes",
    "-o",
    `UserKnownHostsFile=${path.join(LAB_STATE, "ssh/known_hosts")}`,
    "-o",
    "GlobalKnownHostsFile=/dev/null",
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "ConnectTimeout=3",
    "-i",
    path.join(LAB_STATE, "ssh/id_ed25519"),
    `ovnscope@${address}`,
    command,
  ];
}

/** SSH to a node as ovnscope exactly as the product does (pinned known_hosts, lab key). */
export function sshAsOvnscope(address: string, command: string): Promise<RunResult> {
  return run("ssh", sshArgs(address, command), { timeoutMs: 20_000 });
}

/** Run a command on the host and return stdout (for ip/netns/mount checks). */
export async function hostOut(cmd: string, args: string[]): Promise<string> {
  return (await run(cmd, args)).stdout;
}

/** Controllers of the running topology: ctl1, or ctl1..ctl3 on the clustered shape (`lab up --controllers 3`). */
export function labControllers(): string[] {
  const topo = path.join(LAB_STATE, "topology");
  const n = existsSync(topo)
    ? Number(/controllers=(\d+)/.exec(readFileSync(topo, "utf8"))?.[1] ?? 1)
    : 1;
  return n === 3 ? ["ctl1", "ctl2", "ctl3"] : ["ctl1"];
}

/** A controller's NB or SB member status, read on the node through its control socket. */
/** Read with ovnscope's own parser (lib/probes/ovn-cluster), of the text the node printed. */
export async function raftStatus(node: string, db: "nb" | "sb"): Promise<RaftStatus | undefined> {
  const name = db === "nb" ? "OVN_Northbound" : "OVN_Southbound";
  const out = await nodeOut(
    node,
    `timeout 5 ovn-appctl -t /var/run/ovn/ovn${db}_db.ctl cluster/status ${name} 2>/dev/null || true`,
  );
  try {
    return parseRaftStatus(out);
  } catch {
    return undefined; // no answer: the member is stopped
  }
}

/** `ovn-appctl -t ovn-northd status` on a node: active, standby, paused, or "down" when it does not answer. */
export async function northdStatus(node: string): Promise<string> {
  const out = await nodeOut(node, "timeout 5 ovn-appctl -t ovn-northd status 2>/dev/null || true");
  return /^Status: (\S+)/m.exec(out)?.[1] ?? "down";
}
