/**
 * Neutron's server units and the life they live now: whether one is crash-looping, judged from
 * its current life and the cloud's facts, and what is at the endpoint its lines say it could
 * not reach. The neutron-crashloop rule words these; recovery's checks wait on them.
 */
import { findUnit, serviceStates, serviceUnit } from "@/lib/facts/services";
import { bySystemd, unitJournal } from "@/lib/facts/journal";
import { listenersFor, neutronDbConnections } from "@/lib/facts/ovn-central";
import { ENDPOINT_IN_TEXT as ENDPOINT, parseOvsdbConnection } from "@/lib/facts/ovsdb-address";
import { neutronApiOf } from "@/lib/facts/neutron-servers";
import { currentData } from "@/lib/model/current";
import type { JournalEntry, NodeData, NodeSnapshot, Snapshot, Unit } from "@/lib/model/snapshot";
import { centralDb, neutronServices, type ServiceSpec } from "@/lib/profiles";

const ms = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

/** A line in which a Neutron server says it could not reach an OVSDB endpoint. */
const REFUSED =
  /Connection refused|Could not retrieve schema from (tcp|ssl):|failed to connect to "?(tcp|ssl):/;
/**
 * An established python-ovs session retrying ("ovs_idl.vlog … tcp:…:6641: connection attempt
 * failed (Connection refused)"): the running process reconnecting by itself, as every worker does
 * while a database or a cluster member is down. Not a failure of the process: a Neutron server
 * that cannot start says "Unable to open stream to tcp:… to retrieve schema" and exits.
 */
const SESSION_RETRY = /ovs_idl\.vlog .*: connection attempt failed/;

/** The line says the process could not reach an OVSDB endpoint it needs (not a session retry). */
export const refusal = (message: string) => REFUSED.test(message) && !SESSION_RETRY.test(message);
const COUNTER = /restart counter is at (\d+)\./;

/**
 * The unit's journal lines of its current life: from the first line of the process whose
 * crash began the present run of restarts (systemd numbers a run's restarts: "restart counter
 * is at 1" follows its first crash) to now. Without a restart the life is that of the process
 * that exited last. Lines of earlier lives (an earlier fault, a corrected configuration) are
 * not part of it. `lines` are the unit's lines, daemon's and systemd's, in time order.
 */
export function currentLife(unit: Unit, lines: JournalEntry[]): JournalEntry[] {
  let first = -1;
  for (let i = lines.length - 1; i >= 0 && first < 0; i--)
    if (bySystemd(lines[i]!) && Number(COUNTER.exec(lines[i]!.message)?.[1]) === 1) first = i;
  if (first < 0) {
    // The run's first restart fell out of the window: every line in it is of this run.
    if (unit.nRestarts > 1) return lines;
    for (let i = lines.length - 1; i >= 0 && first < 0; i--)
      if (bySystemd(lines[i]!) && /Main process exited/.test(lines[i]!.message)) first = i;
    if (first < 0) return lines.filter((j) => ms(j.time) >= ms(unit.activeEnterTimestamp));
  }
  // The process that crashed there, and the earliest of its lines next to it.
  let k = first - 1;
  while (k >= 0 && bySystemd(lines[k]!)) k--;
  if (k < 0) return lines.slice(Math.max(first, 0));
  const pid = lines[k]!.pid;
  while (k > 0 && !bySystemd(lines[k - 1]!) && lines[k - 1]!.pid === pid) k--;
  const start = lines[k]!.time;
  return lines.filter((j) => j.time >= start);
}

/** What is at an endpoint Neutron could not reach, as the snapshot shows it now. */
export interface EndpointReach {
  /** The databases are down, Neutron points where none listens, or it is open now. */
  root: "dbs-down" | "endpoint" | "open";
  /** The node at the endpoint's address and its current data. */
  host: NodeSnapshot;
  data: NodeData;
  port: number;
  /** The database's unit on that node, when root is "dbs-down" and the node has it. */
  dbUnit?: Unit;
}

/**
 * What is at the endpoint neutron-server cannot reach, as the snapshot shows it now: the
 * database it is configured for is down (bring it back), or it runs while nothing listens
 * there (a wrong endpoint or a missing remote: no restart helps), or it listens now.
 */
export function endpointReach(snapshot: Snapshot, endpoint: string): EndpointReach | null {
  const target = parseOvsdbConnection(endpoint);
  if (!target || target.port === null) return null;
  const host = snapshot.nodes.find((n) => n.address === target.host);
  const data = host && currentData(host);
  if (!host || !data) return null;
  const at = { host, data, port: target.port };
  if (listenersFor(data, target.port, target.host).length) return { root: "open", ...at };
  const conn = neutronDbConnections(snapshot, currentData).find((c) => c.connection === endpoint);
  const service = conn ? centralDb(host.profile, conn.db).service : null;
  const state = service && serviceStates(host).find((s) => s.service === service);
  if (state && state.health === "down") {
    const dbUnit = state.unit ? findUnit(data, [state.unit]) : undefined;
    return { root: "dbs-down", ...at, dbUnit };
  }
  return { root: "endpoint", ...at };
}

/**
 * Whether the unit is in a crash loop now, judged from its current life and the cloud's facts,
 * never from how long ago something was logged:
 * - waiting to be restarted (auto-restart), failed, or down after restarts: yes;
 * - running, and the running process itself refused a connection since its start and later
 *   than the Neutron API last answered: yes;
 * - running after restarts, silent so far, the API not answering since this start, while what
 *   its predecessor could not reach is still closed (or not in the inventory to look at): yes,
 *   it is between two crashes;
 * - otherwise no: a process started after the cause went away is coming up or serving, whatever
 *   its predecessors logged (issue #21: such lines once made recovery restart a serving API).
 * Journal times are the node's clock, the API's read time ovnscope's: NTP-synchronised nodes
 * are assumed, as for every time compared here.
 */
function looping(
  snapshot: Snapshot,
  node: NodeSnapshot,
  unit: Unit,
  refused: JournalEntry[],
  reach: EndpointReach | null,
) {
  if (unit.activeState === "activating" && unit.subState === "auto-restart") return true;
  if (unit.activeState === "failed") return true;
  if (unit.activeState !== "active") return unit.nRestarts > 0;
  const started = ms(unit.activeEnterTimestamp);
  const api = neutronApiOf(snapshot, node.name);
  const answeredAt = api.state === "ok" ? ms(api.collectedAt) : -Infinity;
  if (refused.some((j) => !bySystemd(j) && ms(j.time) >= started && ms(j.time) > answeredAt))
    return true;
  if (unit.nRestarts === 0 || refused.length === 0 || answeredAt >= started) return false;
  return reach ? reach.root !== "open" : true;
}

/** A Neutron server unit in a crash loop now, with the lines of its current life that say why. */
export interface CrashLoop {
  node: NodeSnapshot;
  service: ServiceSpec;
  unit: Unit;
  /** Its current life's lines that say a connection was refused, in time order. */
  refused: JournalEntry[];
  /** The endpoint the newest of them names ("" when none does). */
  endpoint: string;
  /** What is at that endpoint now (null: no endpoint, or its node is not current). */
  reach: EndpointReach | null;
}

/** Every Neutron server unit (either layout) that is crash-looping now. */
export function neutronCrashloops(snapshot: Snapshot): CrashLoop[] {
  const out: CrashLoop[] = [];
  for (const node of snapshot.nodes) {
    const data = currentData(node);
    if (!data) continue;
    for (const service of neutronServices(node.profile)) {
      const unit = serviceUnit(data, service);
      if (!unit) continue;
      const refused = currentLife(unit, unitJournal(data, unit)).filter((j) => refusal(j.message));
      const newest = [...refused].reverse().find((j) => ENDPOINT.test(j.message));
      const endpoint = newest ? ENDPOINT.exec(newest.message)![1]! : "";
      const reach = endpoint ? endpointReach(snapshot, endpoint) : null;
      if (looping(snapshot, node, unit, refused, reach))
        out.push({ node, service, unit, refused, endpoint, reach });
    }
  }
  return out;
}
