import type { Process } from "@/lib/model/snapshot";
import { ProbeParseError } from "./errors";

/**
 * Probe "procs": the OVN/OVS/Neutron daemons' processes, so "running but its unit is
 * inactive" (started by ovn-ctl by hand, oneshot units) is visible.
 * Command: ps -eo pid=,ppid=,user=,etimes=,rss=,args= -ww, filtered on the node (awk) to
 * ovsdb-server, ovn-northd, ovn-controller, ovs-vswitchd and neutron-server (whose main
 * process is "python3 /usr/bin/neutron-server …" and whose workers are "neutron-server: …").
 */
export const PROCS_SECTION = "procs";

export function parseProcesses(text: string): Process[] {
  const out: Process[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) throw new ProbeParseError("procs", `unexpected line: ${line.slice(0, 120)}`);
    const args = m[6]!;
    const [argv0 = "", argv1 = ""] = args.split(/\s+/);
    const base = (path: string) => (path.split("/").pop() ?? path).replace(/:$/, "");
    out.push({
      pid: Number(m[1]),
      ppid: Number(m[2]),
      user: m[3]!,
      elapsedSeconds: Number(m[4]),
      rssKb: Number(m[5]),
      // Retitled processes ("neutron-server: api worker") keep their name; a script run by its
      // interpreter ("python3 /usr/bin/neutron-server") is named after the script.
      command: /^python[\d.]*$/.test(base(argv0)) && argv1 ? base(argv1) : base(argv0),
      args,
    });
  }
  return out;
}
