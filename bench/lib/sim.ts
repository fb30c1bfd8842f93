/**
 * A fleet of simulated nodes: real OpenSSH sshd listeners, each node on its own loopback address
 * (127.0.X.Y), whose ForceCommand prints output captured from a real lab node of the same role
 * (see forceCommand). One sshd serves up to SSHD_ADDRESSES nodes of one role, with one ed25519
 * host key for them: 2,000 nodes are 125 listeners, not 2,000 (each connection still has its
 * own sshd session processes and shell, as on a real node). Every sshd is started with a
 * parent-death signal (setpriv --pdeathsig) and is stopped by PID, with its connection
 * processes, in stop(). The sims run on the same cores as ovnscope: what they cost per request
 * is load that real nodes would carry themselves, kept small (no process per request).
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { fingerprintOf } from "@/lib/inventory/known-hosts";
import { SERVED_FRAME_TEXT } from "@/lib/ssh/frames";
import { descendantsOf, run, sleep, terminate } from "./proc";

/**
 * What a simulated node runs for any command: like a real node, `collect --serve` stays and
 * answers each request line with the captured output and the empty frame "served"; anything else
 * (the journal read) prints the captured output once. The served output is read once into the
 * shell (the "x" keeps its trailing newlines) and printed by a builtin: no fork per request.
 */
function forceCommand(fixture: string): string {
  return [
    `case "$SSH_ORIGINAL_COMMAND" in`,
    `*"collect --serve") out=$(cat ${fixture}; echo x); out=\${out%x};`,
    `while read -r _; do printf '%s' "$out"; printf '${SERVED_FRAME_TEXT.replace(/\n/g, "\\n")}'; done ;;`,
    `*) exec cat ${fixture} ;;`,
    `esac`,
  ].join(" ");
}

/** Addresses one sshd listens on: sshd's own limit (MAX_LISTEN_SOCKS). */
export const SSHD_ADDRESSES = 16;

export type SimRole = "controller" | "network" | "compute";

export interface SimNode {
  name: string;
  address: string;
  port: number;
  role: SimRole;
  hostKey: string;
}

export interface SimFleet {
  nodes: SimNode[];
  inventoryFile: string;
  /** PIDs of the sshd listeners we started. */
  pids: number[];
  stop(): Promise<{ stopped: number; leftover: number }>;
}

const PORT = 2222;

/** Every sshd any fleet of this process started (for the emergency stop on signals). */
const startedPids = new Set<number>();

/** Stops every sim sshd this process started and their connection processes. */
export async function stopAllSims(): Promise<number> {
  const pids = [...startedPids];
  startedPids.clear();
  if (!pids.length) return 0;
  const all = [...descendantsOf(pids), ...pids];
  await terminate(all, 3000);
  return all.length;
}
const SSHD = "/usr/sbin/sshd";

/** 127.0.10.1, 127.0.10.2, …, 127.0.10.250, 127.0.11.1, … */
export function simAddress(i: number): string {
  return `127.0.${10 + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

/** Sockets listening (TCP, IPv4) right now, as "a.b.c.d:port". */
function listening(): Set<string> {
  const set = new Set<string>();
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[3] !== "0A" || !f[1]) continue;
    const [hexIp, hexPort] = f[1].split(":");
    const ip = [3, 2, 1, 0].map((k) => parseInt(hexIp!.slice(k * 2, k * 2 + 2), 16)).join(".");
    set.add(`${ip}:${parseInt(hexPort!, 16)}`);
  }
  return set;
}

async function mapBatched<T>(items: T[], size: number, fn: (t: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Role mix of a cloud of `count` nodes: 3 controllers, ~3 % network nodes, the rest compute. */
export function roleOf(i: number, count: number): SimRole {
  const networks = Math.max(1, Math.round(count * 0.03));
  if (i < 3) return "controller";
  if (i < 3 + networks) return "network";
  return "compute";
}

export async function startFleet(
  count: number,
  fixtures: Record<SimRole, string>,
  dir: string,
  log: (msg: string) => void,
): Promise<SimFleet> {
  if (!existsSync(SSHD))
    throw new Error(`${SSHD} is missing: install Debian's openssh-server (bash bench/setup.sh)`);
  const taken = [...listening()].filter((a) => a.startsWith("127.0.1") && a.endsWith(`:${PORT}`));
  if (taken.length)
    throw new Error(
      `loopback port ${PORT} already in use on ${taken.slice(0, 3).join(", ")}: a previous bench still running?`,
    );
  mkdirSync(join(dir, "hostkeys"), { recursive: true });
  let madeRunSshd = false;
  if (!existsSync("/run/sshd")) {
    mkdirSync("/run/sshd", { mode: 0o755 });
    madeRunSshd = true;
  }

  // Client key (the inventory's keyFile) and the sims' authorized_keys.
  const clientKey = join(dir, "client_ed25519");
  await run(
    "ssh-keygen",
    ["-q", "-t", "ed25519", "-N", "", "-C", "ovnscope-bench", "-f", clientKey],
    {
      timeoutMs: 20_000,
    },
  );
  writeFileSync(join(dir, "authorized_keys"), readFileSync(clientKey + ".pub"));

  // The nodes, each role's in groups of SSHD_ADDRESSES: one sshd and one host key per group.
  const idx = Array.from({ length: count }, (_, i) => i);
  const groups: number[][] = [];
  for (const role of ["controller", "network", "compute"] as const) {
    const ofRole = idx.filter((i) => roleOf(i, count) === role);
    for (let g = 0; g < ofRole.length; g += SSHD_ADDRESSES)
      groups.push(ofRole.slice(g, g + SSHD_ADDRESSES));
  }
  const groupOf = new Map<number, number>();
  groups.forEach((members, g) => members.forEach((i) => groupOf.set(i, g)));
  const t0 = performance.now();
  await mapBatched([...groups.keys()], 16, async (g) => {
    const r = await run(
      "ssh-keygen",
      [
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        `sim-group${g}`,
        "-f",
        join(dir, "hostkeys", String(g)),
      ],
      { timeoutMs: 20_000 },
    );
    if (r.code !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  });
  log(`  ${groups.length} host keys (one per sshd) in ${Math.round(performance.now() - t0)} ms`);

  const config = join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      "# sshd for a group of simulated ovnscope nodes (bench/lib/sim.ts); ListenAddress, HostKey",
      "# and ForceCommand come on the command line.",
      "# Each node of the group may be connecting at once (sshd's default drops past 10).",
      "MaxStartups 200",
      "PidFile none",
      "UsePAM no",
      "PermitRootLogin prohibit-password",
      "AllowUsers root",
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "StrictModes no",
      "UseDNS no",
      "PrintMotd no",
      "PrintLastLog no",
      "PermitTTY no",
      "X11Forwarding no",
      "AllowTcpForwarding no",
      "AllowAgentForwarding no",
      "PermitTunnel no",
      "LogLevel ERROR",
      "",
    ].join("\n"),
  );

  const nodes: SimNode[] = idx.map((i) => {
    const pub = readFileSync(join(dir, "hostkeys", `${groupOf.get(i)!}.pub`), "utf8").split(
      " ",
    )[1]!;
    return {
      name: `sim-${String(i + 1).padStart(4, "0")}`,
      address: simAddress(i),
      port: PORT,
      role: roleOf(i, count),
      hostKey: fingerprintOf(Buffer.from(pub, "base64")),
    };
  });

  const pids: number[] = [];
  const stop = async () => {
    // Connection processes first (found while their listener still parents them), then listeners.
    const all = [...descendantsOf(pids), ...pids];
    const leftover = await terminate(all, 5000);
    for (const p of pids) startedPids.delete(p);
    if (madeRunSshd) {
      try {
        rmdirSync("/run/sshd");
      } catch {
        /* not empty or gone */
      }
    }
    return { stopped: all.length, leftover };
  };

  try {
    const t1 = performance.now();
    await mapBatched([...groups.keys()], 25, async (g) => {
      const members = groups[g]!.map((i) => nodes[i]!);
      // A private mount namespace with an empty tmpfs on /root: the sims log in as root, and
      // root's own dotfiles on this host (e.g. a pyenv init in ~/.bashrc, which bash sources
      // for every SSH command) would otherwise cost ~100 ms of CPU per exec on the shared cores.
      // The sshd is setpriv'd with a parent-death signal, so it cannot outlive the bench.
      const child = spawn(
        "unshare",
        [
          "--mount",
          "--propagation",
          "private",
          "sh",
          "-c",
          'mount -t tmpfs -o size=1m,mode=0700 ovnscope-bench-root /root && exec setpriv --pdeathsig SIGTERM "$@"',
          "sh",
          SSHD,
          "-D",
          "-e",
          "-f",
          config,
          "-h",
          join(dir, "hostkeys", String(g)),
          ...members.flatMap((n) => ["-o", `ListenAddress=${n.address}:${n.port}`]),
          "-o",
          `ForceCommand=${forceCommand(fixtures[members[0]!.role]!)}`,
        ],
        { stdio: "ignore", detached: true },
      );
      if (!child.pid) throw new Error("cannot spawn sshd");
      pids.push(child.pid);
      startedPids.add(child.pid);
      child.unref();
    });
    // Wait (bounded) until every sim listens.
    const want = nodes.map((n) => `${n.address}:${n.port}`);
    const end = Date.now() + 120_000;
    let missing = want;
    while (Date.now() < end) {
      const l = listening();
      missing = want.filter((a) => !l.has(a));
      if (!missing.length) break;
      await sleep(200);
    }
    if (missing.length)
      throw new Error(
        `${missing.length} simulated sshd did not listen within 120 s (e.g. ${missing[0]})`,
      );
    log(
      `  ${count} nodes on ${groups.length} sshd listening in ${Math.round(performance.now() - t1)} ms`,
    );

    const inventoryFile = join(dir, "inventory.yaml");
    writeFileSync(
      inventoryFile,
      [
        "# generated by bench/lib/sim.ts: simulated nodes (sshd on loopback, forced command)",
        "cloud:",
        "  name: sim",
        "defaults:",
        `  port: ${PORT}`,
        "  user: root",
        `  keyFile: ${clientKey}`,
        "  profile: debian",
        "nodes:",
        ...nodes.flatMap((n) => [
          `  - name: ${n.name}`,
          `    address: ${n.address}`,
          `    roles: [${n.role === "controller" ? "controller, network" : n.role}]`,
          `    hostKey: "${n.hostKey}"`,
        ]),
        "neutron:",
        `  node: ${nodes[0]!.name}`,
        "  endpoint: http://10.250.0.11:9696",
        "  auth: none",
        "",
      ].join("\n"),
    );
    return { nodes, inventoryFile, pids, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
