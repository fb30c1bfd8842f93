/**
 * What restarting a Neutron server unit costs on this cloud, from the unit's own journal: each
 * whole restart's stop (systemd's "Stopping …" until "Stopped …") and the start after it
 * ("Starting …" until the API began serving: eventlet's "wsgi starting up on", uWSGI's "WSGI
 * app 0 … ready"). Recovery weighs the estimate (the slowest stop, the typical start) against
 * waiting for the server's sessions to come back by themselves (checks.ts neutronReconnecting):
 * the cloud's own figures, not the lab's. collect-journal keeps these lines for a day. Pure.
 */
import { bySystemd } from "@/lib/facts/journal";
import type { JournalEntry } from "@/lib/model/snapshot";

export interface RestartCost {
  /** Its stop, "Stopping" to "Stopped" (ms). */
  stopMs: number;
  /** The start after it, "Starting" to its API serving (ms). */
  startMs: number;
  /** The four lines measured from: stopping, stopped, starting, serving. */
  lines: [JournalEntry, JournalEntry, JournalEntry, JournalEntry];
}

const SERVING = /wsgi starting up on |WSGI app \d+ \(mountpoint='[^']*'\) ready in /;
const at = (j: JournalEntry) => Date.parse(j.time);

const systemd = (re: RegExp) => (j: JournalEntry) => bySystemd(j) && re.test(j.message);
const STARTING = systemd(/^Starting /);
const STOPPED = systemd(/^Stopped /);
const STOPPING = systemd(/^Stopping /);
const serves = (j: JournalEntry) => !bySystemd(j) && SERVING.test(j.message);

/**
 * Every restart of the unit its journal shows whole (lines of one unit, in time order): a stop
 * ("Stopping" to "Stopped") and the start after it until its API served (the first worker
 * serving: the API answers). A start at boot or after a crash (no "Stopping"), or one that never
 * served, is not a restart's cost.
 */
export function restartCosts(lines: JournalEntry[]): RestartCost[] {
  const out: RestartCost[] = [];
  for (let s = 0; s < lines.length; s++) {
    if (!STARTING(lines[s]!)) continue;
    let serving = -1;
    for (let k = s + 1; k < lines.length && serving < 0 && !STARTING(lines[k]!); k++)
      if (serves(lines[k]!)) serving = k;
    const stopped = lastBefore(lines, s, STOPPED);
    const stopping = stopped < 0 ? -1 : lastBefore(lines, stopped, STOPPING);
    if (serving < 0 || stopping < 0) continue;
    out.push({
      stopMs: at(lines[stopped]!) - at(lines[stopping]!),
      startMs: at(lines[serving]!) - at(lines[s]!),
      lines: [lines[stopping]!, lines[stopped]!, lines[s]!, lines[serving]!],
    });
  }
  return out;
}

/** What a restart of the unit can be expected to cost here, from its journal's whole restarts. */
export interface RestartEstimate {
  /** Its slowest stop: a stop can wait for the unit's whole stop timeout (seen on the lab when
   *  its workers were cycling through the cluster's members, as they are after an outage). */
  stopMs: number;
  /** Its typical start (the median, the lower one of two): a start begun while its databases
   *  were down waits for them (seen: 35 s), which is the outage's cost, not the server's. */
  startMs: number;
  /** The restarts measured, in time order. */
  restarts: RestartCost[];
}

/** Null when the journal shows no whole restart of the unit (nothing to go by). */
export function restartEstimate(lines: JournalEntry[]): RestartEstimate | null {
  const restarts = restartCosts(lines);
  if (!restarts.length) return null;
  const starts = restarts.map((c) => c.startMs).sort((a, b) => a - b);
  return {
    stopMs: Math.max(...restarts.map((c) => c.stopMs)),
    startMs: starts[Math.floor((starts.length - 1) / 2)]!,
    restarts,
  };
}

/** The last line before `end` that matches, unless a start comes first (another life's line). */
function lastBefore(lines: JournalEntry[], end: number, match: (j: JournalEntry) => boolean) {
  for (let k = end - 1; k >= 0; k--) {
    if (match(lines[k]!)) return k;
    if (STARTING(lines[k]!)) return -1;
  }
  return -1;
}
