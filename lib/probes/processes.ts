import type { Process } from "@/lib/model/snapshot";
import { ProbeParseError } from "./errors";

/**
 * Probe "procs": the OVN/OVS/Neutron daemons' processes, so "running but its unit is
 * inactive" (started by ovn-ctl by hand, oneshot units) is visible.
 * Command: ps -C ovsdb-server,ovn-northd,ovn-controller,ovs-vswitchd,neutron-server \
 *            -o pid=,ppid=,user=,etimes=,rss=,args= -ww
 * ps exits 1 when no such process exists; that is an empty list, not an error.
 */
export const PROCS_SECTION = "procs";

export function parseProcesses(text: string): Process[] {
  const out: Process[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) throw new ProbeParseError("procs", `unexpected line: ${line.slice(0, 120)}`);
    const args = m[6]!;
    const argv0 = args.split(/\s+/)[0] ?? "";
    out.push({
      pid: Number(m[1]),
      ppid: Number(m[2]),
      user: m[3]!,
      elapsedSeconds: Number(m[4]),
      rssKb: Number(m[5]),
      // ovsdb-server rewrites its title to "ovsdb-server: monitoring pid …"; keep the name only.
      command: (argv0.split("/").pop() ?? argv0).replace(/:$/, ""),
      args,
    });
  }
  return out;
}
