/**
 * Postconditions, read from a snapshot. Pure. They lean on the same code the overview and
 * the diagnosis use (service health, the rules), so "verified" here means exactly "shown
 * green there": a recovery cannot report success while the dashboard still shows red.
 */
import { neutronCrashloops, refusal, type CrashLoop } from "@/lib/facts/neutron-life";
import { answerText, neutronApiOf } from "@/lib/facts/neutron-servers";
import { restartEstimate } from "@/lib/facts/neutron-restart-cost";
import { unitJournal } from "@/lib/facts/journal";
import { describeUnit } from "@/lib/facts/unit-state";
import { dbServers } from "@/lib/facts/central-dbs";
import { findUnit, serviceStates, type ServiceState } from "@/lib/facts/services";
import type { NodeData, NodeSnapshot, Snapshot, Unit } from "@/lib/model/snapshot";
import { gatewayChain, routerIds, type GatewayChain, type LinkId } from "@/lib/facts/gateway-chain";
import { settleWindow } from "@/lib/facts/gateway-bfd";
import { neutronOvsdbSessions, sessionLine } from "@/lib/facts/neutron-ovsdb";
import { listenersFor, neutronDbConnections } from "@/lib/facts/ovn-central";
import { configuredMembers, ovnClusters } from "@/lib/facts/ovn-cluster";
import { centralDbs, neutronServices, unitsOf, type Service } from "@/lib/profiles";
import type { Profile } from "@/lib/inventory/schema";
import type { Check } from "./types";
import { boundSince, electionOver, electionUnderway } from "./gateway-tenure";
import { currentData, isCurrent } from "@/lib/model/current";

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

export function nodeOf(snapshot: Snapshot, name: string): NodeSnapshot | undefined {
  return snapshot.nodes.find((n) => n.name === name);
}

function reachable(node: NodeSnapshot | undefined, name: string): Check | null {
  if (!node) return { ok: false, fact: `${name} is not in the snapshot` };
  if (!isCurrent(node))
    return { ok: false, fact: `${name} is ${node.reach}: ${node.error ?? "no data"}` };
  return null;
}

/** The service's state on the node with the check of it: green (unit active, process there,
 * doing its job) or why not; no state when the node cannot say or does not run it. */
function serviceOn(
  snapshot: Snapshot,
  name: string,
  service: Service,
): { state: ServiceState | null; check: Check } {
  const node = nodeOf(snapshot, name);
  const unreachable = reachable(node, name);
  if (unreachable) return { state: null, check: unreachable };
  const state = serviceStates(node!).find((s) => s.service === service);
  if (!state) return { state: null, check: { ok: false, fact: `${name} does not run ${service}` } };
  const why = state.reasons.length ? `: ${state.reasons.join("; ")}` : "";
  return {
    state,
    check: {
      ok: state.health === "ok",
      fact: `${state.unit ?? service} on ${name} ${state.state}${why}`,
    },
  };
}

/** The service is green on the node (unit active, process there, doing its job). */
export function serviceOk(snapshot: Snapshot, name: string, service: Service): Check {
  return serviceOn(snapshot, name, service).check;
}

/** No crash loop among these (a failed check naming the first one's unit state). */
function noCrashLoop(loops: CrashLoop[]): Check | null {
  return loops.length ? { ok: false, fact: `crash loop: ${describeUnit(loops[0]!.unit)}` } : null;
}

/**
 * Every clustered NB/SB has formed again: a majority of its configuration runs, exactly one
 * member leads, and every member that answers says "cluster member" (none cut off, joining or
 * of another cluster). Standalone databases have nothing to form.
 */
export function clustersFormed(snapshot: Snapshot, clusters = ovnClusters(snapshot)): Check {
  // Configured as a cluster, yet no member answers: nothing formed (not "standalone").
  for (const db of ["NB", "SB"] as const) {
    const members = clusters.some((c) => c.db === db) ? [] : configuredMembers(snapshot, db);
    if (members.length)
      return {
        ok: false,
        fact: `${db}: no member answers (0 of ${members.length} configured: ${members.map((m) => m.node.name).join(", ")})`,
      };
  }
  if (!clusters.length) return { ok: true, fact: "standalone databases: no cluster to form" };
  const facts: string[] = [];
  for (const c of clusters) {
    const members = `${c.up.length} of ${c.servers.length} servers up`;
    if (c.up.length < c.quorum)
      return { ok: false, fact: `${c.db}: ${members}, ${c.quorum} needed for a majority` };
    if (c.leaders.length !== 1)
      return {
        ok: false,
        fact: `${c.db}: ${members}, ${c.leaders.length ? `${c.leaders.length} leaders` : "no leader yet"} (term ${c.term})`,
      };
    const odd = [
      ...c.up.flatMap((u) =>
        u.report && u.report.status.status !== "cluster member" ? [u.report] : [],
      ),
      ...c.notMembers,
      ...c.foreign,
    ][0];
    if (odd)
      return {
        ok: false,
        fact: `${c.db}: ${odd.node.name} says "${odd.status.status}" (cluster ${odd.status.clusterId ?? "not yet known"})`,
      };
    const missing = c.missing.map((m) => m.node ?? m.sid);
    facts.push(
      `${c.db}: leader ${c.leaders[0]!.node.name} (term ${c.term}), ${members}${missing.length ? `; not answering: ${missing.join(", ")}` : ""}`,
    );
  }
  return { ok: true, fact: facts.join("; ") };
}

/** Every check holds (the first that does not, else all their facts); nulls are skipped. */
export function all(...checks: (Check | null)[]): Check {
  const present = checks.filter((c): c is Check => c !== null);
  const failed = present.find((c) => !c.ok);
  return failed ?? { ok: true, fact: present.map((c) => c.fact).join("; ") };
}

/** The first check that holds, or a failure naming why neither does. */
export function either(a: Check, b: Check): Check {
  if (a.ok) return a;
  if (b.ok) return b;
  return { ok: false, fact: `${a.fact}; ${b.fact}` };
}

/**
 * NB or SB green on its node (unit active, process there, listening on every port its remotes
 * name) and answering a query on its socket. Whether Neutron points there is Neutron's
 * configuration, checked by the diagnosis and by neutron-server's own verification.
 */
export function dbAnswers(snapshot: Snapshot, name: string, db: "NB" | "SB"): Check {
  const health = serviceOk(snapshot, name, db === "NB" ? "nb-db" : "sb-db");
  if (!health.ok) return health;
  const data = nodeOf(snapshot, name)!.data!;
  return (db === "NB" ? data.nb : data.sb)
    ? { ok: true, fact: `${health.fact}; answers ovsdb-client on its socket` }
    : { ok: false, fact: `${db} does not answer on its unix socket` };
}

/**
 * What starting NB or SB on a node achieves: a standalone server answers a query on its socket
 * (dbAnswers); a member of a cluster runs and answers `cluster/status`. A member cannot answer a
 * query until a majority of its cluster runs, and the members it needs are the same step's next
 * targets: the lab's quorum-lost leaves ctl1's running, and its start step waited 30 s for an
 * answer only ctl2's and ctl3's start could bring, then failed the run. Whether the cluster
 * formed (a majority, one leader) is verify-clusters' to say.
 */
export function dbServes(snapshot: Snapshot, name: string, db: "NB" | "SB"): Check {
  const answers = dbAnswers(snapshot, name, db);
  if (answers.ok) return answers;
  const health = serviceOk(snapshot, name, db === "NB" ? "nb-db" : "sb-db");
  if (!health.ok) return answers;
  const raft =
    db === "NB" ? nodeOf(snapshot, name)?.data?.nbCluster : nodeOf(snapshot, name)?.data?.sbCluster;
  if (raft)
    return {
      ok: true,
      fact: `${health.fact}; ${db} cluster member ${raft.serverId.slice(0, 4)} (${raft.status}, ${raft.role}, term ${raft.term}): it answers queries once a majority of its cluster runs`,
    };
  // Its sockets may give nothing at all for a while after the majority went (seen on the lab:
  // a backup and every read of its socket timing out for 30 s): its unit runs, and its node's
  // ovn-ctl options make it a member.
  const member = configuredMembers(snapshot, db).find((m) => m.node.name === name);
  return member
    ? {
        ok: true,
        fact: `${health.fact}; configured as ${db} cluster member ${member.address}, not answering yet: it answers once a majority of its cluster runs`,
      }
    : answers;
}

/**
 * No ovsdb-server outside systemd on either OVN database of the node. Processes only: the
 * lock errors the stray left in the journal stay there, and the unit it made fail is the next
 * step's to start.
 */
export function noStrayOvsdb(snapshot: Snapshot, name: string): Check {
  const node = nodeOf(snapshot, name);
  const unreachable = reachable(node, name);
  if (unreachable) return unreachable;
  for (const spec of centralDbs(node!.profile)) {
    const { strays, owned } = dbServers(node!.data!, spec);
    const { db, unit } = spec;
    if (strays.length)
      return {
        ok: false,
        fact: `${db}: ovsdb-server pid ${strays.map((p) => p.pid).join(", ")} is not ${unit}'s (MainPID ${owned || "—"})`,
      };
  }
  return { ok: true, fact: `every OVN ovsdb-server on ${name} belongs to its unit` };
}

/**
 * northd green and doing its job: "active" (holds SB's lock), or "standby" while another
 * node's northd is active. A lone northd in standby is not translating anything.
 */
export function northdOk(snapshot: Snapshot, name: string): Check {
  const health = serviceOk(snapshot, name, "northd");
  if (!health.ok) return health;
  const status = (nodeOf(snapshot, name)!.data!.northdStatus ?? "").trim();
  if (/\bactive\b/.test(status))
    return { ok: true, fact: `${health.fact}; ovn-appctl status: ${status}` };
  const activeElsewhere = snapshot.nodes.find(
    (n) => n.name !== name && /\bactive\b/.test(n.data?.northdStatus ?? ""),
  );
  return /\bstandby\b/.test(status) && activeElsewhere
    ? { ok: true, fact: `${health.fact}; standby, ${activeElsewhere.name}'s northd is active` }
    : { ok: false, fact: `ovn-northd on ${name}: ovn-appctl status: ${status || "no answer"}` };
}

/**
 * The unit that carries a service on the node: the one in use there (Neutron's API is
 * neutron-api.service where the node runs the split units), else the profile's first name
 * for it (also when the node cannot say).
 */
export function unitFor(snapshot: Snapshot, name: string, service: Service): string {
  const node = nodeOf(snapshot, name);
  const inUse = node?.data ? serviceStates(node).find((s) => s.service === service)?.unit : null;
  return inUse ?? unitsOf(node?.profile ?? "debian", service)[0] ?? service;
}

/** The node runs Neutron's split layout: its RPC server is a unit of its own there. */
export function runsNeutronRpc(snapshot: Snapshot, name: string): boolean {
  const node = nodeOf(snapshot, name);
  return !!node?.data && serviceStates(node).some((s) => s.service === "neutron-rpc");
}

/**
 * Neutron's RPC server (split layout) green, up for NEUTRON_SETTLE_MS, restarted since `since`
 * when asked, not crash-looping, and nothing refused in its journal since.
 */
export function neutronRpcOk(snapshot: Snapshot, name: string, since: number): Check {
  const { state, check: health } = serviceOn(snapshot, name, "neutron-rpc");
  if (!health.ok) return health;
  const node = nodeOf(snapshot, name)!;
  const data = node.data!;
  const unit = state!.unit ? findUnit(data, [state!.unit]) : undefined;
  const loop = neutronCrashloops(snapshot).filter(
    (l) => l.node.name === name && l.service.service === "neutron-rpc",
  );
  const refused = refusedSince(node, data, since).filter((j) => j.unit === unit?.id);
  return all(
    health,
    upLongEnough(data, unit),
    noCrashLoop(loop),
    refused.length
      ? { ok: false, fact: `journal since the step: ${refused.at(-1)!.message.slice(0, 200)}` }
      : null,
  );
}

/** How long a freshly (re)started neutron-server must stay up before it counts as up. */
export const NEUTRON_SETTLE_MS = 5_000;

/** The unit has been up (at the node's read) for NEUTRON_SETTLE_MS. */
function upLongEnough(data: NodeData, unit: Unit | undefined): Check {
  const upFor = ms(data.meta?.time) - ms(unit?.activeEnterTimestamp);
  return Number.isFinite(upFor) && upFor >= NEUTRON_SETTLE_MS
    ? { ok: true, fact: `up for ${Math.round(upFor / 1000)} s` }
    : {
        ok: false,
        fact: `up for ${Number.isFinite(upFor) ? Math.round(upFor / 1000) : "?"} s only`,
      };
}

/**
 * What the node's own state says of a (re)started neutron-server: green, up for
 * NEUTRON_SETTLE_MS (a neutron-server that cannot reach OVN dies a few seconds after
 * starting) and listening on a TCP port (its API socket; which port is the node's business:
 * the inventory's endpoint may be a load balancer). Until this holds, reading its journal and
 * its API cannot make the step pass, and the reads would only slow its start.
 */
export function neutronUp(snapshot: Snapshot, name: string): Check {
  const { state, check: health } = serviceOn(snapshot, name, "neutron-server");
  if (!health.ok) return health;
  const data = nodeOf(snapshot, name)!.data!;
  const unit = state!.unit ? findUnit(data, [state!.unit]) : undefined;
  const pids = new Set(state!.pids);
  return all(
    health,
    upLongEnough(data, unit),
    data.listeners.some((l) => l.processes.some((p) => pids.has(p.pid)))
      ? null
      : { ok: false, fact: "neutron-server listens on no TCP port yet" },
  );
}

/** The journal lines of Neutron's server units (either layout) since `since` (ms) that say an endpoint refused it (session retries aside). */
function refusedSince(node: NodeSnapshot, data: NodeData, since: number) {
  const units = new Set(neutronServices(node.profile as Profile).flatMap((s) => s.units));
  return data.journal.filter((j) => units.has(j.unit) && refusal(j.message) && ms(j.time) >= since);
}

/**
 * neutron-server's process lived through an outage of an OVN database that ended moments ago
 * (within NEUTRON_UNDERWAY_MS): it was running when the database (a standalone server, or a
 * cluster member) went down, and has not been restarted since. Its OVN connections broke under
 * it; ovsdbapp reconnects in the background, and until it has, the API can answer a moment and
 * then hang (seen after a cluster regained its majority, and after a stray NB was replaced by
 * its unit: the run's last read found Neutron's API timing out). A process started after the
 * outage began (a crash loop's, or one restarted since) connected afresh and is judged by the
 * other checks. Where its log shows every worker connected to that database again since the
 * outage (neutron-ovsdb.ts), it reconnected and is kept; with no line about it, it is not
 * known to have, and is restarted (after neutronReconnecting's wait, in Recover OVN central).
 */
export function neutronOutlivedDbOutage(snapshot: Snapshot, name: string): Check | null {
  const outage = outagesOutlived(snapshot, name).find((o) => !o.sessions?.connected);
  if (!outage) return null;
  const { unit, db, member, dbUnit, sessions } = outage;
  const through = `${unit.id} has run since ${unit.activeEnterTimestamp}, through ${db} on ${member} going down at ${dbUnit.inactiveEnterTimestamp} (back at ${dbUnit.activeEnterTimestamp})`;
  if (sessions) {
    const waiting = sessions.workers
      .filter((w) => !w.connected)
      .map((w) => `pid ${w.pid} last logged "${sessionLine(w.line.message)}" at ${w.line.time}`);
    return {
      ok: false,
      fact: `${through}, and not all its workers are connected to ${db} again: ${waiting.join("; ")}`,
    };
  }
  return { ok: false, fact: `${through}: its OVN connections broke under it` };
}

interface OutlivedOutage {
  /** neutron-server's unit, running since before the outage. */
  unit: Unit;
  db: "NB" | "SB";
  /** The database's node (a standalone server, or one cluster member) and its unit. */
  member: string;
  dbUnit: Unit;
  /** How long before that node's read the database came back. */
  backAgo: number;
  /** What Neutron's own log says of its sessions to the database since it went down. */
  sessions: ReturnType<typeof neutronOvsdbSessions>;
}

/**
 * The outages (per database node) `name`'s Neutron ran through and that ended within
 * NEUTRON_UNDERWAY_MS, those its workers are connected again after included.
 */
function outagesOutlived(snapshot: Snapshot, name: string): OutlivedOutage[] {
  const { state } = serviceOn(snapshot, name, "neutron-server");
  const data = nodeOf(snapshot, name)?.data;
  const unit = state?.unit && data ? findUnit(data, [state.unit]) : undefined;
  if (!unit || unit.activeState !== "active") return [];
  const started = ms(unit.activeEnterTimestamp);
  const found: OutlivedOutage[] = [];
  for (const node of snapshot.nodes) {
    const db = isCurrent(node) ? node.data : null;
    if (!db) continue;
    const states = serviceStates(node);
    for (const spec of centralDbs(node.profile as Profile)) {
      const s = states.find((x) => x.service === spec.service);
      const u = s?.unit ? findUnit(db, [s.unit]) : undefined;
      if (!u || u.activeState !== "active") continue;
      const down = ms(u.inactiveEnterTimestamp);
      const back = ms(u.activeEnterTimestamp);
      const backAgo = ms(db.meta?.time) - back;
      if (!(down > started && back >= down && backAgo < NEUTRON_UNDERWAY_MS)) continue;
      // Its own log says whether every worker has its session to that database again.
      const sessions = neutronOvsdbSessions(snapshot, nodeOf(snapshot, name)!, spec.db, down);
      found.push({ unit, db: spec.db, member: node.name, dbUnit: u, backAgo, sessions });
    }
  }
  return found;
}

/**
 * neutron-server's workers will connect again by themselves: it outlived an outage of its
 * databases (neutronOutlivedDbOutage) and each came back recently enough that every session
 * still retries within its reconnect schedule.
 *
 * A python-ovs session retries at least every OVS_MAX_BACKOFF_MS (ovs/reconnect.py's default
 * max_backoff, which neither ovsdbapp nor Neutron changes) and logs "connected" when it gets
 * through. On a cluster a retry can land on a member that does not lead ("not cluster leader;
 * trying another server", and the backoff grows: 2, 4, 8 s, as the lab's log shows); it goes
 * on to the next member, so the leader is reached within one retry per member. Hence the
 * window (databaseReturns): one backoff cap per member (one for a standalone server), +1 s for
 * systemd's whole seconds, from the newest start of any of the database's members, or its
 * leader's election if later (the leader can move once the members are back: after
 * quorum-lost on the lab a worker reached the new leader 30 s after the starts).
 *
 * Once every session is back it still holds within that window (requests waited on the
 * sessions; the API answers a moment later), unless an API read begun after that fails (the
 * API hung: seen after quorum-lost, until restarted). A restart instead costs a whole start
 * (~6 s without its API on the lab) and, where its main process ignores SIGTERM while its
 * workers cycle through the members, the unit's stop timeout as well (15 s on the lab, 90 s
 * with systemd's default). Composed with centralDbs in the step (the databases must answer).
 */
export function neutronReconnecting(snapshot: Snapshot, name: string): Check {
  const outages = outagesOutlived(snapshot, name);
  if (!outages.length) return { ok: false, fact: "no database outage it outlived is pending" };
  const dbs = databaseReturns(snapshot, outages);
  const unit = outages[0]!.unit;
  // A session still down long after its own database came back is not waited for because
  // another database came back since.
  const late = dbs.find((d) => d.pending && !(d.backAgo < d.window));
  if (late)
    return {
      ok: false,
      fact: `its workers have not all reconnected although ${late.back} (window ${(late.window / 1000).toFixed(0)} s)`,
    };
  const pending = dbs.filter((d) => d.pending);
  if (pending.length) {
    const d = pending.reduce((a, b) => (b.backAgo > a.backAgo ? b : a));
    const tries =
      d.window > OVS_MAX_BACKOFF_MS + 1000
        ? `; one retry per member, ${(d.window / 1000).toFixed(0)} s in all`
        : "";
    return {
      ok: true,
      fact: `${unit.id}'s workers retry their OVN sessions by themselves within their reconnect backoff (at most ${OVS_MAX_BACKOFF_MS / 1000} s${tries}): ${d.back}`,
    };
  }
  // Every session is back. Its requests waited on them meanwhile, so its API may answer a moment
  // later than its log says "connected": that is still the reconnection, within the same window.
  // But an API read begun a second after the last session was back and still failing is not:
  // seen after quorum-lost, the API hung with every session connected, until restarted.
  const d = dbs.reduce((a, b) => (b.backAgo < a.backAgo ? b : a));
  const lastBack = Math.max(
    ...outages.flatMap((o) => o.sessions?.workers.map((w) => ms(w.line.time)) ?? []),
  );
  const api = neutronApiOf(snapshot, name);
  // A server's own answer can be older than the snapshot (kept while its next read hangs).
  if (api.state === "unavailable" && ms(api.askedAt ?? snapshot.startedAt) > lastBack + 1000)
    return {
      ok: false,
      fact: `its workers were all connected again at ${new Date(lastBack).toISOString()}, and its API still does not answer a read begun after: ${api.error ?? "unavailable"}`,
    };
  return d.backAgo < d.window
    ? {
        ok: true,
        fact: `${unit.id}'s workers are connected to ${dbs.map((x) => x.db).join(" and ")} again (${d.back}): the rest of its check follows`,
      }
    : { ok: false, fact: `its workers are connected again, and ${d.back}` };
}

/**
 * A neutron-server whose sessions to its databases are still retrying (neutronReconnecting would
 * wait for them) is restarted at once when that costs less than the longest they may still take,
 * by what its restarts cost on this cloud (its journal: the slowest stop, the typical start until
 * its API served). A failed check saying why, or null: nothing is retrying, or its journal shows
 * no whole restart, or the wait is the cheaper. On a cloud whose Neutron starts in seconds a
 * restart beats a 25 s round of retries over three members; where it starts in a minute, the
 * wait is kept. The lab's figures decide nothing here. It decides before neutronComingUp too: a
 * process started a moment before the outage is as broken by it as an older one.
 */
export function neutronRestartQuicker(snapshot: Snapshot, name: string): Check | null {
  const outages = outagesOutlived(snapshot, name);
  if (!outages.length) return null;
  const pending = databaseReturns(snapshot, outages).filter(
    (d) => d.pending && d.backAgo < d.window,
  );
  if (!pending.length) return null;
  const unit = outages[0]!.unit;
  const data = nodeOf(snapshot, name)?.data;
  const cost = data ? restartEstimate(unitJournal(data, unit)) : null;
  if (!cost) return null;
  const left = Math.max(...pending.map((d) => d.window - d.backAgo));
  if (cost.stopMs + cost.startMs >= left) return null;
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  const n = cost.restarts.length;
  return {
    ok: false,
    fact: `restarting it is quicker than waiting: its sessions may take ${s(left)} more to come back by themselves, and its journal's ${n} restart${n === 1 ? "" : "s"} took at most ${s(cost.stopMs)} to stop and typically ${s(cost.startMs)} from start until its API served`,
  };
}

/**
 * Whether restarting `name`'s neutron-server at the same time as other servers costs the cloud
 * nothing it has now: it is not up, or its API does not answer, or its sessions to a database
 * it outlived are not all back (whatever it would serve waits on them: after quorum-lost the
 * lab's API hung until restarted). One that serves is restarted alone, after them, so the
 * cloud keeps an API while they restart (StepSpec.together).
 */
export function neutronServesNothing(snapshot: Snapshot, name: string): Check {
  const up = neutronUp(snapshot, name);
  if (!up.ok) return { ok: true, fact: `it is not up: ${up.fact}` };
  const broken = outagesOutlived(snapshot, name).filter((o) => !o.sessions?.connected);
  if (broken.length) {
    const dbs = [...new Set(broken.map((o) => o.db))].join(" and ");
    return { ok: true, fact: `its sessions to ${dbs} are not all back since their outage` };
  }
  const api = neutronApiOf(snapshot, name);
  if (api.state !== "ok") return { ok: true, fact: `its API does not answer: ${answerText(api)}` };
  return {
    ok: false,
    fact: `its API answers (read at ${api.collectedAt}): it is never restarted beside others, so the cloud keeps an API`,
  };
}

/**
 * Per database Neutron's sessions were broken on: when it came back as a whole (its sessions go
 * to any member: its newest member's start, or its leader's election if later), whether a
 * session is still down, and the window its sessions retry within (neutronReconnecting).
 */
function databaseReturns(snapshot: Snapshot, outages: OutlivedOutage[]) {
  const clusters = ovnClusters(snapshot);
  return (["NB", "SB"] as const).flatMap((db) => {
    const of = outages.filter((o) => o.db === db);
    if (!of.length) return [];
    const newest = of.reduce((a, b) => (b.backAgo < a.backAgo ? b : a));
    const cluster = clusters.find((c) => c.db === db);
    let backAgo = newest.backAgo;
    let back = `${db} on ${newest.member} came back ${(Math.max(backAgo, 0) / 1000).toFixed(1)} s ago`;
    // A leader elected since: a retry before it found no leader, so the round starts again.
    const leader = cluster?.leaders.length === 1 ? cluster.leaders[0]! : null;
    const won = leader?.status.lastElectionWonMs;
    if (leader && typeof won === "number" && won < backAgo) {
      backAgo = won;
      back += `, and ${leader.node.name} won its leadership ${(won / 1000).toFixed(1)} s ago`;
    }
    const members = Math.max(1, cluster?.servers.length ?? 1);
    return [
      {
        db,
        backAgo,
        back,
        pending: of.some((o) => !o.sessions?.connected),
        window: OVS_MAX_BACKOFF_MS * members + 1000,
      },
    ];
  });
}

/**
 * neutronUp, not crash-looping, not a process that ran through a database outage that just
 * ended, no "Connection refused" logged since `since`, and its API answering in a read made
 * after `since`.
 */
export function neutronOk(snapshot: Snapshot, name: string, since: number): Check {
  const up = neutronUp(snapshot, name);
  if (!up.ok) return up;
  const data = nodeOf(snapshot, name)!.data!;
  const loop = neutronCrashloops(snapshot).filter((l) => l.node.name === name);
  // Its own API where it was asked apart from the cloud's endpoint (neutron-servers.ts).
  const api = neutronApiOf(snapshot, name);
  const own = api.endpoint !== snapshot.neutron.endpoint ? ` (${name}'s own, ${api.endpoint})` : "";
  const refused = refusedSince(nodeOf(snapshot, name)!, data, since);
  return all(
    up,
    noCrashLoop(loop),
    neutronOutlivedDbOutage(snapshot, name),
    refused.length
      ? {
          ok: false,
          fact: `journal since the step: ${refused[refused.length - 1]!.message.slice(0, 200)}`,
        }
      : null,
    api.state === "ok" && ms(api.collectedAt) >= since
      ? { ok: true, fact: `API${own} answered at ${api.collectedAt}` }
      : { ok: false, fact: `Neutron API${own}: ${answerText(api)}` },
  );
}

/**
 * Where Neutron on `name` points for NB and SB ([ovn] ovn_nb_connection / ovn_sb_connection)
 * something listens. Checked only once the databases answer (the step's precondition runs it
 * after centralDbs): then a closed endpoint is configuration — a wrong port, or a database
 * without its TCP remote — and restarting neutron-server cannot mend it. An address outside
 * the inventory (a VIP, a load balancer) cannot be checked here and is not held against it.
 */
export function neutronEndpointsServed(snapshot: Snapshot, name: string): Check {
  const unchecked: string[] = [];
  for (const c of neutronDbConnections(snapshot)) {
    if (c.configNode.name !== name || !c.target || c.target.port === null) continue;
    const host = snapshot.nodes.find((n) => n.address === c.target!.host);
    if (!host?.data) {
      unchecked.push(c.connection);
      continue;
    }
    if (listenersFor(host.data, c.target.port, c.target.host).length === 0)
      return {
        ok: false,
        fact: `Neutron on ${name} reaches ${c.db} at ${c.connection} (${c.source ?? "?"}), and nothing on ${host.name} listens on port ${c.target.port}: no restart mends that`,
      };
  }
  return {
    ok: true,
    fact: `Neutron's NB and SB connections are listened on${unchecked.length ? ` (not checked: ${unchecked.join(", ")})` : ""}`,
  };
}

/** The service's unit on the node, running (active, with a main process), or why not. */
function runningUnit(
  snapshot: Snapshot,
  name: string,
  service: Service,
): { ok: true; data: NodeData; unit: Unit } | { ok: false; fact: string } {
  const { state, check: health } = serviceOn(snapshot, name, service);
  if (!state) return { ok: false, fact: health.fact };
  const data = nodeOf(snapshot, name)!.data!;
  const unit = state.unit ? findUnit(data, [state.unit]) : undefined;
  if (unit?.activeState !== "active" || !unit.mainPid)
    return { ok: false, fact: `${state.unit ?? service} is ${state.state}` };
  return { ok: true, data, unit };
}

/** How long a neutron-server start is given to come up by itself before it is restarted. */
export const NEUTRON_UNDERWAY_MS = 30_000;

/**
 * neutron-server is coming up by itself: its process started less than NEUTRON_UNDERWAY_MS
 * ago, is still running, and has logged no "Connection refused" since it started. (Whether
 * the databases it needs answer is the runbook's centralDbs, composed with this in the step.) In the lab a crash-looping neutron-server
 * (Restart=on-failure, as Debian and Ubuntu ship it) dies ~6 s after each start while the
 * databases are down; a process that has not tried to connect yet when they come back stays
 * up and serves. Restarting it would cost another start (~6 s without its API).
 */
export function neutronComingUp(snapshot: Snapshot, name: string): Check {
  const running = runningUnit(snapshot, name, "neutron-server");
  if (!running.ok) return running;
  const { data, unit } = running;
  const started = ms(unit.activeEnterTimestamp);
  const age = ms(data.meta?.time) - started;
  if (!(age < NEUTRON_UNDERWAY_MS))
    return {
      ok: false,
      fact: `${unit.id} active since ${unit.activeEnterTimestamp}: not a start under way`,
    };
  const refused = refusedSince(nodeOf(snapshot, name)!, data, started)[0];
  if (refused)
    return { ok: false, fact: `it logged since its start: ${refused.message.slice(0, 200)}` };
  return {
    ok: true,
    fact: `${unit.id} (pid ${unit.mainPid}) started ${Math.round(age / 1000)} s ago and is coming up: nothing refused since`,
  };
}

/**
 * How long an OVSDB client can take to retry after its server comes back: the cap of its
 * connection's reconnect backoff. ovn-controller keeps OVS's default for it
 * (RECONNECT_DEFAULT_MAX_BACKOFF, 8000 ms in lib/reconnect.h: "waiting 2 seconds … 4 seconds
 * before reconnect", then every 8 s, as its log on the lab shows), and so does python-ovs
 * under Neutron's ovsdbapp (max_backoff 8000 in ovs/reconnect.py).
 */
export const OVS_MAX_BACKOFF_MS = 8000;

/**
 * ovn-controller will connect to SB by itself: its unit runs, it is not connected, SB answers,
 * and SB's newest (re)start is less than OVS_MAX_BACKOFF_MS old (+1 s for systemd's
 * whole seconds), so its next retry comes before that. A restart instead costs more than the
 * connection: on a gateway chassis its tunnels go and come back, and OVN elects the router
 * gateways again (seen on the lab: the cr-lrp unbound for 2–4 s); on any chassis it reinstalls
 * its flows. Composed with centralDbs in the step (SB must answer).
 */
export function controllerReconnecting(snapshot: Snapshot, name: string): Check {
  const running = runningUnit(snapshot, name, "ovn-controller");
  if (!running.ok) return running;
  const { data, unit } = running;
  if (data.controllerConnection !== "not connected")
    return { ok: false, fact: `connection-status: ${data.controllerConnection ?? "unknown"}` };
  let newest: { node: string; unit: Unit; age: number } | null = null;
  for (const n of snapshot.nodes) {
    // Only what a node says now: data kept from an earlier read cannot date SB's start.
    const data = currentData(n);
    const sb = data && findUnit(data, unitsOf(n.profile as Profile, "sb-db"));
    const age = ms(data?.meta?.time) - ms(sb?.activeEnterTimestamp);
    if (sb?.activeState === "active" && age < (newest?.age ?? Infinity))
      newest = { node: n.name, unit: sb, age };
  }
  if (!newest) return { ok: false, fact: "no SB start is known" };
  const sbUp = `${newest.unit.id} on ${newest.node} started ${(newest.age / 1000).toFixed(1)} s ago`;
  return newest.age < OVS_MAX_BACKOFF_MS + 1000
    ? {
        ok: true,
        fact: `${unit.id} (pid ${unit.mainPid}) retries SB by itself within its reconnect backoff (at most ${OVS_MAX_BACKOFF_MS / 1000} s): ${sbUp}`,
      }
    : { ok: false, fact: `not connected although ${sbUp}` };
}

/** ovn-controller green, connected to SB, and its chassis registered in SB. */
export function controllerOk(snapshot: Snapshot, name: string): Check {
  const health = serviceOk(snapshot, name, "ovn-controller");
  if (!health.ok) return health;
  const data = nodeOf(snapshot, name)!.data!;
  const systemId = data.ovs?.systemId;
  const sb = snapshot.nodes.map((n) => n.data?.sb).find((s) => s);
  const chassis = sb?.chassis.find((c) => c.name === systemId);
  return all(
    health,
    data.controllerConnection === "connected"
      ? { ok: true, fact: "connection-status: connected" }
      : { ok: false, fact: `connection-status: ${data.controllerConnection ?? "unknown"}` },
    chassis
      ? { ok: true, fact: `chassis ${chassis.name} in SB` }
      : { ok: false, fact: `no chassis ${systemId ?? "?"} in SB` },
  );
}

/** The service's unit entered "active" at or after `since` (it really was (re)started). */
export function startedSince(
  snapshot: Snapshot,
  name: string,
  service: Service,
  since: number,
): Check {
  const unitName = unitFor(snapshot, name, service);
  const data = nodeOf(snapshot, name)?.data;
  const unit = data && findUnit(data, [unitName]);
  const at = ms(unit?.activeEnterTimestamp);
  return at >= since - 1000 // systemd timestamps are whole seconds in the collected form
    ? { ok: true, fact: `${unitName} active since ${unit!.activeEnterTimestamp}` }
    : {
        ok: false,
        fact: `${unitName} not restarted (active since ${unit?.activeEnterTimestamp ?? "?"})`,
      };
}

/** The service's unit was NOT restarted since `since` (a safe northd restart leaves the DBs alone). */
export function untouchedSince(
  snapshot: Snapshot,
  name: string,
  service: Service,
  since: number,
): Check {
  const unitName = unitFor(snapshot, name, service);
  const started = startedSince(snapshot, name, service, since);
  return started.ok
    ? { ok: false, fact: `${unitName} was restarted too (${started.fact})` }
    : { ok: true, fact: `${unitName} kept running` };
}

/** The routers that have an external gateway, with the chain that decides whether it works. */
export function gatewayChains(snapshot: Snapshot): GatewayChain[] {
  return routerIds(snapshot)
    .map((id) => gatewayChain(snapshot, id))
    .filter((c): c is GatewayChain => c !== null && c.portId !== null)
    .filter((c) => c.neutronStatus !== "no gateway");
}

/**
 * Links no restart mends: what NB holds and how the chassis are configured. A gateway broken
 * there is the diagnosis' to explain, not something a recovery can wait out.
 */
const CONFIGURED_LINKS: readonly LinkId[] = [
  "logical-router-port",
  "gateway-chassis",
  "bridge-mapping",
  "bridge",
  "physnet",
];

/**
 * Every router gateway works as the topology shows it green: OVN binds its cr-lrp to a chassis
 * that can reach the physical network, and Neutron says ACTIVE. After the databases, northd or
 * the ovn-controllers come back, the cr-lrp can be released and claimed again for a moment, so
 * a recovery is finished only once this holds.
 */
export function gatewaysWork(snapshot: Snapshot): Check {
  const api = snapshot.neutron;
  if (api.state !== "ok") return { ok: false, fact: `Neutron API: ${answerText(api)}` };
  const chains = gatewayChains(snapshot);
  for (const c of chains) {
    const link = c.links.find((l) => l.id === c.firstBroken);
    if (link) return { ok: false, fact: `${c.routerName}: broken at ${link.id}: ${link.fact}` };
    if (c.disagreement)
      return {
        ok: false,
        fact: `${c.routerName}: Neutron says ${c.neutronStatus}, OVN binds it to ${c.boundChassis ?? "no chassis"}`,
      };
  }
  return {
    ok: true,
    fact: chains.length
      ? chains
          .map((c) => `${c.routerName} ${c.neutronStatus}, cr-lrp on ${c.boundChassis}`)
          .join("; ")
      : "no router has an external gateway",
    state: bindingState(chains),
    heldSince: boundSince(snapshot, chains),
  };
}

/** Where each gateway is bound: a move to another chassis is an election not settled yet. */
const bindingState = (chains: GatewayChain[]) =>
  `gateways:${chains.map((c) => `${c.routerId}@${c.boundChassis}`).join(",")}`;

/**
 * Every router gateway's cr-lrp is bound in OVN to a chassis: what restarting a candidate's
 * ovn-controller can mend. Whether that chassis reaches the physical network (configuration)
 * and what Neutron says are verify-gateways'. With the same state as gatewaysWork, so a settle
 * window that held here goes on there.
 */
export function gatewaysBound(snapshot: Snapshot): Check {
  const chains = gatewayChains(snapshot);
  for (const c of chains) {
    if (c.boundChassis) continue;
    const link = c.links.find((l) => l.id === "cr-lrp-binding");
    return { ok: false, fact: `${c.routerName}: ${link?.fact ?? "cr-lrp bound to no chassis"}` };
  }
  return {
    ok: true,
    fact: chains.length
      ? chains.map((c) => `${c.routerName}'s cr-lrp on ${c.boundChassis}`).join("; ")
      : "no router has an external gateway",
    state: bindingState(chains),
    heldSince: boundSince(snapshot, chains),
  };
}

/**
 * How long gatewaysWork must hold on consecutive reads before OVN's gateway election is taken
 * as settled: nothing more when the cloud's state shows the election over (gateway-tenure.ts,
 * electionOver), else from BFD between the gateway candidates (gateway-bfd.ts, settleWindow).
 */
export function gatewaysSettle(snapshot: Snapshot): { ms: number; fact: string } {
  const chains = gatewayChains(snapshot);
  const over = electionOver(snapshot, chains);
  return over ? { ms: 0, fact: over.fact } : settleWindow(snapshot, chains);
}

/** The gateways OVN does not bind now. */
function failingChains(snapshot: Snapshot, chains = gatewayChains(snapshot)): GatewayChain[] {
  return chains.filter((c) => !c.boundChassis);
}

/**
 * Restarting ovn-controller on `name` can mend the failing gateways: its chassis is a
 * candidate of each, and maps the gateway's physical network to a bridge that exists. A
 * missing mapping or bridge is configuration: no restart mends it.
 */
export function rebindCandidate(snapshot: Snapshot, name: string): Check {
  const failing = failingChains(snapshot);
  if (failing.length === 0) return { ok: true, fact: "every gateway works" };
  const facts: string[] = [];
  for (const c of failing) {
    const cand = c.candidates.find((x) => x.node === name);
    if (!cand)
      return {
        ok: false,
        fact: `${name} is no gateway candidate of ${c.routerName}: nothing to rebind there`,
      };
    if (cand.bridge === null || cand.bridgeExists === false)
      return {
        ok: false,
        fact: `${name} (chassis ${cand.chassis}) ${cand.bridge === null ? `maps no bridge for ${c.physnet ?? "the physical network"}` : `maps ${c.physnet} to ${cand.bridge}, which does not exist`}: configuration, no restart mends that`,
      };
    facts.push(
      `${name} is ${c.routerName}'s candidate ${cand.chassis} (priority ${cand.priority}), ${c.physnet} → ${cand.bridge}`,
    );
  }
  return { ok: true, fact: facts.join("; ") };
}

/**
 * OVN is electing the unbound gateways by itself (gateway-tenure.ts, electionUnderway): a
 * gateway node's ovn-controller (re)started or changed its BFD sessions less than the settle
 * window ago. Restarting a candidate then starts another election instead of ending this one.
 * Holds too once every gateway is bound again, while the step waits for the binding to hold.
 */
export function gatewayElectionUnderway(snapshot: Snapshot): Check {
  const chains = gatewayChains(snapshot);
  const failing = failingChains(snapshot, chains);
  // Bound again: the election has done its part, and what is left is the step's own check
  // (held through the settle window); a restart now would only start another election.
  if (failing.length === 0)
    return { ok: true, fact: "every gateway is bound: held through the settle window next" };
  return electionUnderway(snapshot, failing, settleWindow(snapshot, chains));
}

/**
 * The order to try gateway nodes in: highest candidate priority first (over the failing
 * gateways, else every gateway), nodes that are no candidate last, inventory order otherwise.
 */
export function rebindOrder(snapshot: Snapshot, nodes: string[]): string[] {
  const chains = failingChains(snapshot);
  const prio = (n: string) =>
    Math.max(
      -1,
      ...(chains.length ? chains : gatewayChains(snapshot)).flatMap((c) =>
        c.candidates.filter((x) => x.node === n).map((x) => x.priority),
      ),
    );
  return [...nodes].sort((a, b) => prio(b) - prio(a) || nodes.indexOf(a) - nodes.indexOf(b));
}

/** No gateway is broken at a link that only a configuration change mends (see CONFIGURED_LINKS). */
export function gatewaysMendable(snapshot: Snapshot): Check {
  for (const c of gatewayChains(snapshot)) {
    const link = c.links.find((l) => l.id === c.firstBroken);
    if (link && CONFIGURED_LINKS.includes(link.id))
      return {
        ok: false,
        fact: `${c.routerName}'s gateway is broken at ${link.id} (${link.fact}); no restart mends that`,
      };
  }
  return { ok: true, fact: "no gateway is broken by its configuration" };
}
