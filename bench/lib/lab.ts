/**
 * The lab as the bench sees it: is it up, how healthy, and how to run a command inside a node
 * (nsenter into the node's namespaces, exactly like lab/lib/node.sh's node_exec).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./proc";

export const LAB_STATE = process.env.OVNSCOPE_LAB_STATE || "/var/lib/ovnscope-lab";
export const LAB_INVENTORY = join(LAB_STATE, "inventory.yaml");
export const LAB_KEY = join(LAB_STATE, "ssh/id_ed25519");
export const LAB_KNOWN_HOSTS = join(LAB_STATE, "ssh/known_hosts");
const LAB_FAULTS = join(LAB_STATE, "faults");
const REPO = join(__dirname, "../..");

export class LabNotUp extends Error {}

export interface LabStatus {
  up: boolean;
  healthy: boolean;
  faults: string[];
  problems: string[];
  checkedAt: string;
}

/** `lab/bin/lab status --json`, trimmed to what the results record. */
export async function labStatus(): Promise<LabStatus> {
  const checkedAt = new Date().toISOString();
  const r = await run("bash", [join(REPO, "lab/bin/lab"), "status", "--json"], {
    timeoutMs: 60_000,
  });
  try {
    const js = JSON.parse(r.stdout) as Partial<LabStatus> & { up?: boolean };
    return {
      up: js.up !== false,
      healthy: js.healthy === true,
      faults: js.faults ?? [],
      problems: js.problems ?? [],
      checkedAt,
    };
  } catch {
    return {
      up: false,
      healthy: false,
      faults: [],
      problems: [`lab status failed: ${(r.stderr || r.stdout).trim().split("\n")[0] ?? ""}`],
      checkedAt,
    };
  }
}

/** The faults the lab has recorded right now (cheap: one file read). */
export function activeFaults(): string[] {
  try {
    return readFileSync(LAB_FAULTS, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

export function describeStatus(s: LabStatus): string {
  if (!s.up) return "not up";
  if (s.healthy) return "healthy, no faults";
  const faults = s.faults.length ? `faults: ${s.faults.join(", ")}` : "no recorded fault";
  return `UNHEALTHY (${faults}; ${s.problems.join("; ")})`;
}

/** Refuses clearly when the lab is not there. */
export function assertLabFiles(): void {
  if (process.getuid?.() !== 0)
    throw new LabNotUp("the bench must run as root (it enters the lab nodes with nsenter)");
  for (const f of [LAB_INVENTORY, LAB_KEY, LAB_KNOWN_HOSTS, join(LAB_STATE, "topology")])
    if (!existsSync(f))
      throw new LabNotUp(`the lab is not up: ${f} is missing (bring it up with: npm run lab:up)`);
}

/** The host PID of a node's PID 1 (systemd), resolved by the lab's own code. */
export async function nodePid1(node: string): Promise<number> {
  const r = await run(
    "bash",
    [
      "-c",
      `source ${join(REPO, "lab/lib/common.sh")}; source ${join(REPO, "lab/lib/node.sh")}; node_pid1 "$1"`,
      "bench",
      node,
    ],
    { timeoutMs: 10_000 },
  );
  const pid = Number(r.stdout.trim());
  if (r.code !== 0 || !Number.isInteger(pid) || pid <= 1)
    throw new LabNotUp(`the lab is not up: node ${node} is not running`);
  return pid;
}

const NODE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** argv that runs `argv` inside the node (all its namespaces, clean env), as root. */
export function nsenterArgs(pid1: number, argv: string[]): string[] {
  return [
    "-t",
    String(pid1),
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
    `PATH=${NODE_PATH}`,
    "LANG=C.UTF-8",
    "HOME=/root",
    ...argv,
  ];
}

/** argv that runs a bash script inside the node as `user` (as sshd would: own uid, gids). */
export function nsenterAsUser(pid1: number, user: string, script: string, args: string[] = []) {
  return nsenterArgs(pid1, [
    `HOME=/home/${user}`,
    `USER=${user}`,
    `LOGNAME=${user}`,
    "SHELL=/bin/bash",
    "setpriv",
    `--reuid=${user}`,
    `--regid=${user}`,
    "--init-groups",
    "/bin/bash",
    "-c",
    script,
    "bench",
    ...args,
  ]);
}
