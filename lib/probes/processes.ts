import type { Process } from "@/lib/model/snapshot";
import { ProbeParseError } from "./errors";

/**
 * Probe "procs": the OVN/OVS/Neutron daemons' processes, so "running but its unit is
 * inactive" (started by ovn-ctl by hand, oneshot units) is visible.
 * Format: `ps -eo pid=,ppid=,user=,etimes=,rss=,args= -ww` (collect-serve.py prints it from
 * /proc), only ovsdb-server, ovn-northd, ovn-controller, ovs-vswitchd and Neutron's servers
 * (neutron-server or, split, neutron-api under uWSGI, neutron-rpc-server and their siblings;
 * main processes "python3 /usr/bin/<script> …", workers retitled "neutron-server: …").
 */

export function parseProcesses(text: string): Process[] {
  const out: Process[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) throw new ProbeParseError("procs", `unexpected line: ${line.slice(0, 120)}`);
    const args = m[6]!;
    out.push({
      pid: Number(m[1]),
      ppid: Number(m[2]),
      user: m[3]!,
      elapsedSeconds: Number(m[4]),
      rssKb: Number(m[5]),
      command: commandOf(args),
      args,
    });
  }
  return out;
}

const base = (path: string) => (path.split("/").pop() ?? path).replace(/:$/, "");

/**
 * The program a process runs, by the name its service knows it under:
 * - a script run by its interpreter ("python3 /usr/bin/neutron-server") is named after the script;
 * - a retitled worker keeps its title's name ("neutron-server: api worker"), unless the title
 *   carries the command line it was started with: oslo.service titles the workers of every
 *   Neutron server "neutron-server: rpc worker (/usr/bin/python3 /usr/bin/neutron-rpc-server …)",
 *   which is neutron-rpc-server's, not a stray neutron-server's;
 * - uWSGI serving Neutron's API (--ini …neutron-api….ini) is neutron-api.
 */
export function commandOf(args: string): string {
  const [argv0 = "", argv1 = ""] = args.split(/\s+/);
  const started = /^\S+: [^(]*\((\/\S+)(?:\s+(\S+))?/.exec(args);
  if (started && argv0.endsWith(":")) {
    const [, first = "", second = ""] = started;
    if (/^python[\d.]*$/.test(base(first)) && second) return base(second);
    return base(first);
  }
  if (/^uwsgi[_a-z0-9]*$/.test(base(argv0)) && / --ini \S*neutron-api\S*\.ini( |$)/.test(args))
    return "neutron-api";
  return /^python[\d.]*$/.test(base(argv0)) && argv1 ? base(argv1) : base(argv0);
}
