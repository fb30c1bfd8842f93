import { findUnit } from "@/lib/facts/services";
import { unitsOf } from "@/lib/profiles";
import { serviceJournal } from "@/lib/facts/journal";
import type { Snapshot } from "@/lib/model/snapshot";
import { candidateSessions, gatewayCapable } from "@/lib/facts/gateway-bfd";
import type { GatewayChain } from "@/lib/facts/gateway-chain";

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
const CLAIM = /\bClaiming lport (\S+) for this chassis/;
const BFD_CHANGE = /\b(Enabled|Disabled) BFD on interface (\S+)/;
const RELEASE = /\bReleasing lport (\S+) from this chassis/;

/**
 * Since when every gateway has been bound where it is now, by the cloud's own records: the
 * newest claim of each cr-lrp in its candidates' ovn-controller logs is the bound chassis'
 * own, that chassis has not released it since (the previous holder releasing it after the
 * claim is the hand-over), no candidate's ovn-controller started after it (a restart could
 * move the port without a line we read) — or the bound chassis' ovn-controller kept it through
 * its own start (keptSinceStart) — and every node that can be a gateway is a candidate
 * (one that is not is being taken off or added back by Neutron: an election is pending). The latest such time over all gateways; null when any
 * gateway lacks that record, or a candidate's log was not read with this snapshot (a line
 * written since an older read could be a release we would not see).
 *
 * It lets a settle window count time the binding already held before a step began (an
 * operator who arrives after OVN re-elected the gateway does not wait a window again), never
 * time nobody can vouch for.
 */
export function boundSince(
  snapshot: Snapshot,
  chains: GatewayChain[],
): { at: number; fact: string } | null {
  if (chains.length === 0 || electionPending(snapshot, chains)) return null;
  let latest = -Infinity;
  const facts: string[] = [];
  for (const chain of chains) {
    const records = portRecords(snapshot, chain);
    const held = heldByBound(chain, records);
    const kept = held ? null : keptSinceStart(chain, records);
    if (!held && !kept) return null;
    latest = Math.max(latest, held?.claim ?? kept!.since);
    facts.push(
      held
        ? `${chain.routerName}'s cr-lrp claimed by ${held.node} at ${clock(held.claim)}`
        : `${chain.routerName}'s cr-lrp kept by ${kept!.node} since its ovn-controller started (by ${clock(kept!.since)}), no candidate claiming or releasing it since`,
    );
  }
  return { at: latest, fact: `${facts.join("; ")} (ovn-controller's log), nothing since` };
}

const clock = (t: number) => new Date(t).toISOString().slice(11, 23);

/**
 * OVN's gateway election is over, by the cloud's own state rather than by waiting: for every
 * gateway, the bound chassis is its highest-priority candidate and holds the port by its own
 * claim (as boundSince), BFD is up in every direction between the candidates, and no other
 * candidate's ovn-controller holds the port in its own view (its last line on the port is a
 * release, or it claimed it only before its own restart). ovn-controller decides from BFD
 * alone (ha_chassis_group_is_active: the highest-priority chassis it sees up is active), so
 * with every session up nobody else will claim the port, and with no other holder nobody will
 * release it from under the bound chassis. Null when any of that is not shown.
 */
export function electionOver(snapshot: Snapshot, chains: GatewayChain[]): { fact: string } | null {
  if (chains.length === 0 || electionPending(snapshot, chains)) return null;
  const facts: string[] = [];
  for (const chain of chains) {
    const top = chain.candidates[0];
    if (!top || chain.boundChassis !== top.chassis) return null;
    const records = portRecords(snapshot, chain);
    const held = heldByBound(chain, records);
    if (!records || !held) return null;
    if (records.some((r) => r.node !== held.node && r.holds)) return null;
    const sessions = candidateSessions(snapshot, chain);
    if (sessions.some((b) => b.state !== "up")) return null;
    facts.push(
      `${chain.routerName}'s cr-lrp held by ${held.node}, its highest-priority candidate (claimed at ${new Date(held.claim).toISOString().slice(11, 23)}), no other candidate holds it, BFD up ${sessions.map((b) => `${b.from}→${b.to}`).join(", ") || "(one candidate)"}`,
    );
  }
  return { fact: `election over: ${facts.join("; ")}` };
}

/**
 * OVN is electing `failing`'s gateways by itself: on a node that can host gateways, within the
 * settle window (`window`) before that node's read, its ovn-controller started (its peers' BFD
 * sessions to it went down and come up again) or logged a BFD session enabled or disabled
 * (tunnels to the other gateway nodes added or removed: it connected to SB again, a peer came or
 * went). The cr-lrp is released and claimed meanwhile: on the lab, ctl1's ovn-controller
 * reconnecting to SB after the incident left it unbound ~0.4 s, and a restart of it 1–2 s. After
 * a window with nothing new and the port still unbound, the election is not under way any more.
 */
export function electionUnderway(
  snapshot: Snapshot,
  failing: GatewayChain[],
  window: { ms: number; fact: string },
): { ok: boolean; fact: string } {
  // Each event's age on its node's own clock; `slack`: how much later it may have been.
  let newest: { age: number; slack: number; fact: string } | null = null;
  const consider = (age: number, slack: number, fact: string) => {
    if (age - slack < (newest ? newest.age - newest.slack : Infinity))
      newest = { age, slack, fact };
  };
  for (const name of gatewayCapable(snapshot)) {
    const node = snapshot.nodes.find((n) => n.name === name)!;
    const data = node.data!;
    const now = ms(data.meta?.time ?? snapshot.startedAt);
    const unit = findUnit(data, unitsOf(node.profile, "ovn-controller"));
    if (unit?.activeState !== "active") continue;
    // systemd's timestamps are whole seconds here: the start may be up to 1 s after the one shown.
    consider(
      now - ms(unit.activeEnterTimestamp),
      1000,
      `${name}'s ${unit.id} started at ${unit.activeEnterTimestamp}`,
    );
    for (const j of serviceJournal(data, node.profile, "ovn-controller")) {
      const m = BFD_CHANGE.exec(j.message);
      if (m)
        consider(
          now - ms(j.time),
          0,
          `${name}'s ovn-controller ${m[1]!.toLowerCase()} BFD on ${m[2]} at ${j.time}`,
        );
    }
  }
  const routers = failing.map((c) => c.routerName).join(", ");
  if (!newest)
    return {
      ok: false,
      fact: "no start or BFD change of a gateway node's ovn-controller is known",
    };
  const { age, slack, fact } = newest as { age: number; slack: number; fact: string };
  const seen = `${fact}, ${(Math.max(age, 0) / 1000).toFixed(1)} s before its read; settle window ${(window.ms / 1000).toFixed(1)} s (${window.fact})`;
  return age - slack < window.ms
    ? { ok: true, fact: `OVN is electing ${routers}'s gateway by itself: ${seen}` }
    : { ok: false, fact: `no election under way: last ${seen}` };
}

/**
 * Nodes that can be gateways but are no candidate now: Neutron takes a chassis off while its
 * ovn-controller restarts and adds it back after, so an election is pending.
 */
function electionPending(snapshot: Snapshot, chains: GatewayChain[]): boolean {
  const capable = gatewayCapable(snapshot);
  return chains.some((c) => c.candidates.length < capable.length);
}

/** One candidate's record of a gateway port, from its ovn-controller's log and unit. */
interface PortRecord {
  node: string;
  lastClaim: number;
  lastRelease: number;
  /** When its ovn-controller last started. */
  startedAt: number;
  /** It holds the port in its own view: claimed by this process and not released since. */
  holds: boolean;
}

/**
 * Every candidate's record of the gateway's cr-lrp; null when a candidate's log was not read
 * with this snapshot (a line written since an older read could be one we would not see).
 */
function portRecords(snapshot: Snapshot, chain: GatewayChain): PortRecord[] | null {
  if (!chain.portId) return null;
  const port = `cr-lrp-${chain.portId}`;
  const started = ms(snapshot.startedAt);
  const out: PortRecord[] = [];
  for (const cand of chain.candidates) {
    const node = snapshot.nodes.find((n) => n.name === cand.node);
    const data = node?.data;
    if (!node || !data || !(ms(data.journalCollectedAt) >= started)) return null;
    const controller = findUnit(data, unitsOf(node.profile, "ovn-controller"));
    let lastClaim = -Infinity;
    let lastRelease = -Infinity;
    for (const j of serviceJournal(data, node.profile, "ovn-controller")) {
      const at = ms(j.time);
      if (CLAIM.exec(j.message)?.[1] === port) lastClaim = Math.max(lastClaim, at);
      else if (RELEASE.exec(j.message)?.[1] === port) lastRelease = Math.max(lastRelease, at);
    }
    const startedAt = ms(controller?.activeEnterTimestamp);
    out.push({
      node: node.name,
      lastClaim,
      lastRelease,
      startedAt,
      holds: lastClaim > lastRelease && !(lastClaim < startedAt),
    });
  }
  return out;
}

/** The record of the candidate SB binds the port to (records: every candidate's). */
function boundRecord(chain: GatewayChain, records: PortRecord[] | null): PortRecord | null {
  if (!chain.boundChassis || !records) return null;
  const node = chain.candidates.find((c) => c.chassis === chain.boundChassis)?.node;
  return records.find((r) => r.node === node) ?? null;
}

/**
 * The bound chassis' ovn-controller kept the port through its own start: SB binds the port to
 * it, and since the process started (systemd's whole second: 1 s later at most) it logged
 * neither a claim nor a release of it, no other candidate claimed it, and none holds it in its
 * own view. A process that takes the port from another chassis logs "Claiming lport", one that
 * is not to be active for it logs "Releasing lport"; one that finds the port already its own
 * (SB kept the binding its predecessor made) logs nothing: seen on the lab after every restart
 * of the gateway's ovn-controller. Held since its start, then, and the settle window still
 * counts from there: a process started a moment ago has not yet had the time to give it away.
 */
function keptSinceStart(
  chain: GatewayChain,
  records: PortRecord[] | null,
): { node: string; since: number } | null {
  const bound = boundRecord(chain, records);
  if (!records || !bound || !Number.isFinite(bound.startedAt)) return null;
  const start = bound.startedAt;
  if (records.some((r) => r.lastClaim >= start)) return null;
  if (bound.lastRelease >= start) return null;
  if (records.some((r) => r.node !== bound.node && r.holds)) return null;
  return { node: bound.node, since: start + 1000 };
}

/**
 * The bound chassis holds the port by its own claim: the newest claim over all candidates is
 * its, it has not released the port since (another chassis releasing after it is the
 * hand-over), and no candidate's ovn-controller started after it (a restart could move the
 * port without a line we read).
 */
function heldByBound(
  chain: GatewayChain,
  records: PortRecord[] | null,
): { node: string; claim: number } | null {
  const bound = boundRecord(chain, records);
  if (!records || !bound || !Number.isFinite(bound.lastClaim)) return null;
  if (records.some((r) => r.lastClaim > bound.lastClaim)) return null;
  if (!(bound.lastClaim > bound.lastRelease)) return null;
  if (records.some((r) => !(bound.lastClaim > r.startedAt))) return null;
  return { node: bound.node, claim: bound.lastClaim };
}
