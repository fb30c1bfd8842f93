/**
 * BFD between a router gateway's candidate chassis, from each chassis' own OVS (the tunnel
 * Interface rows' `bfd` and `bfd_status`). With more than one candidate, ovn-controller claims
 * a cr-lrp only while it is the highest-priority candidate among those its BFD sessions see up
 * (OVN controller/ha-chassis.c, ha_chassis_group_is_active: no session up at all → not
 * active). So BFD decides both how long an election takes to settle and, when nobody claims a
 * port whose candidates are otherwise healthy, why. Pure.
 */
import { currentData } from "@/lib/model/current";
import type { NodeSnapshot, OvsState, OvsTunnel, Snapshot } from "@/lib/model/snapshot";
import type { GatewayChain } from "./gateway-chain";

/**
 * Open vSwitch's own defaults for a BFD session whose `Interface.bfd` leaves them unset
 * (vswitchd/vswitch.xml: bfd:min_rx 1000 ms, bfd:min_tx 100 ms, bfd:mult 3); ovn-controller
 * sets only `enable` (and check_tnl_key), so these are what its sessions run with unless the
 * operator tuned them in OVS.
 */
export const OVS_BFD_DEFAULTS = { min_rx: 1000, min_tx: 100, mult: 3 } as const;

type BfdKey = keyof typeof OVS_BFD_DEFAULTS;

function setting(t: OvsTunnel, key: BfdKey): number {
  const v = Number(t.bfd[key]);
  return Number.isFinite(v) && v > 0 ? v : OVS_BFD_DEFAULTS[key];
}

/**
 * RFC 5880 §6.8.4 (asynchronous mode): how long `at` waits, without a packet from `peer`,
 * before it declares the session down: the peer's multiplier × the agreed interval, the
 * larger of `at`'s min_rx and the peer's min_tx.
 */
export function detectMs(at: OvsTunnel, peer: OvsTunnel): number {
  return setting(peer, "mult") * Math.max(setting(at, "min_rx"), setting(peer, "min_tx"));
}

function encapIps(node: NodeSnapshot): string[] {
  const ovs = currentData(node)?.ovs;
  return (ovs?.externalIds["ovn-encap-ip"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `from`'s tunnel to `to`: null when it has none, undefined when `from`'s tunnels are unread. */
export function tunnelTo(from: NodeSnapshot, to: NodeSnapshot): OvsTunnel | null | undefined {
  const tunnels = currentData(from)?.ovs?.tunnels;
  if (!tunnels) return undefined;
  const ips = encapIps(to);
  if (!ips.length) return undefined;
  return tunnels.find((t) => t.remoteIp !== null && ips.includes(t.remoteIp)) ?? null;
}

export type BfdState = "up" | "down" | "off" | "no-tunnel" | "unknown";

/** One direction of BFD between two candidates, as `from`'s OVS reports it. */
export interface BfdSession {
  from: string;
  to: string;
  state: BfdState;
  tunnel: OvsTunnel | null;
  /** In OVS's own words: the tunnel, its bfd settings and bfd_status. */
  fact: string;
}

const mapText = (m: Record<string, string>) =>
  Object.keys(m).length
    ? Object.entries(m)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")
    : "(empty)";

export function bfdSession(from: NodeSnapshot, to: NodeSnapshot): BfdSession {
  const tunnel = tunnelTo(from, to);
  const base = { from: from.name, to: to.name, tunnel: tunnel ?? null };
  if (tunnel === undefined)
    return {
      ...base,
      state: "unknown",
      fact: `${from.name}'s tunnels or ${to.name}'s encap IP not read`,
    };
  if (tunnel === null)
    return {
      ...base,
      state: "no-tunnel",
      fact: `no tunnel Interface on ${from.name} with options:remote_ip ${encapIps(to).join(",")} (${to.name})`,
    };
  const s = tunnel.bfdStatus;
  const state: BfdState =
    tunnel.bfd.enable !== "true"
      ? "off"
      : s.state === "up" && s.forwarding === "true"
        ? "up"
        : "down";
  return {
    ...base,
    state,
    fact: `${tunnel.name} → ${tunnel.remoteIp}: bfd ${mapText(tunnel.bfd)}; bfd_status ${mapText(s)}`,
  };
}

/** The inventory nodes of a gateway's candidates, highest priority first (known nodes only). */
function candidateNodes(snapshot: Snapshot, chain: GatewayChain): NodeSnapshot[] {
  return chain.candidates
    .map((c) => snapshot.nodes.find((n) => n.name === c.node))
    .filter((n): n is NodeSnapshot => n !== undefined);
}

/** Every direction of BFD between the gateway's candidates. */
export function candidateSessions(snapshot: Snapshot, chain: GatewayChain): BfdSession[] {
  const nodes = candidateNodes(snapshot, chain);
  const out: BfdSession[] = [];
  for (const a of nodes) for (const b of nodes) if (a !== b) out.push(bfdSession(a, b));
  return out;
}

/**
 * Why nobody claims a cr-lrp whose candidates are healthy, from BFD between them: the first
 * of no tunnel, BFD off on a tunnel (ovn-controller did not enable it), a session down; else
 * BFD is up everywhere and the answer is in ovn-controller's own binding state.
 */
export type ElectionVerdict =
  "single" | "no-tunnel" | "bfd-off" | "bfd-down" | "bfd-up" | "unknown";

export function electionVerdict(sessions: BfdSession[]): {
  verdict: ElectionVerdict;
  session: BfdSession | null;
} {
  if (sessions.length === 0) return { verdict: "single", session: null };
  for (const v of ["no-tunnel", "off", "down", "unknown"] as const) {
    const s = sessions.find((x) => x.state === v);
    if (s) return { verdict: v === "off" ? "bfd-off" : v === "down" ? "bfd-down" : v, session: s };
  }
  return { verdict: "bfd-up", session: null };
}

/**
 * How long a gateway binding must hold, on consecutive fresh reads, before OVN's election can
 * be taken as settled: twice the longest BFD detection time between gateway candidates (one
 * detection time for a session whose peer stopped to be declared down — the binding falls
 * then — and one for a session coming up to move it). From each session's own settings (OVS's
 * defaults where unset). Where two candidates have no tunnel to each other yet (ovn-controller
 * removes its tunnels when it stops and adds them again when it starts) or their tunnels were
 * not read, their sessions will run on OVS's defaults once there: that detection time counts
 * too. 0 only with fewer than two candidate nodes (no election).
 */
export function settleWindow(
  snapshot: Snapshot,
  chains: GatewayChain[],
): { ms: number; fact: string } {
  let worst: { ms: number; fact: string } | null = null;
  const pending: string[] = [];
  const seen = new Set<string>();
  for (const chain of chains) {
    const nodes = candidateNodes(snapshot, chain);
    for (const a of nodes)
      for (const b of nodes) {
        if (a.name >= b.name || seen.has(`${a.name}|${b.name}`)) continue;
        seen.add(`${a.name}|${b.name}`);
        const ab = tunnelTo(a, b);
        const ba = tunnelTo(b, a);
        if (!ab || !ba) {
          pending.push(
            `${a.name}–${b.name}: ${ab === undefined || ba === undefined ? "tunnels not read" : "no tunnel yet"}`,
          );
          continue;
        }
        const ms = Math.max(detectMs(ab, ba), detectMs(ba, ab));
        if (!worst || ms > worst.ms)
          worst = {
            ms,
            fact: `BFD detection time ${ms} ms between ${a.name} and ${b.name} (${ab.name}: ${mapText(ab.bfd)}; ${ba.name}: ${mapText(ba.bfd)}; OVS defaults min_rx ${OVS_BFD_DEFAULTS.min_rx}, min_tx ${OVS_BFD_DEFAULTS.min_tx}, mult ${OVS_BFD_DEFAULTS.mult} where unset)`,
          };
      }
  }
  const defaults =
    OVS_BFD_DEFAULTS.mult * Math.max(OVS_BFD_DEFAULTS.min_rx, OVS_BFD_DEFAULTS.min_tx);
  if (pending.length && (!worst || worst.ms < defaults))
    return {
      ms: 2 * defaults,
      fact: `2 × ${defaults} ms, the BFD detection time of OVS's defaults, which the sessions still to come up will run on (${pending.join("; ")})`,
    };
  if (worst) return { ms: 2 * worst.ms, fact: `2 × ${worst.fact}` };
  // One candidate now, but more chassis can be gateways: Neutron takes a chassis off the
  // candidates while its Chassis row is gone (an ovn-controller restart) and adds it back when
  // it returns, and an election starts then. Seen on the lab: a window of 0 called a gateway
  // settled a moment before ctl1 came back and the cr-lrp ended unbound.
  const capable = gatewayCapable(snapshot);
  const short = chains.find((c) => c.candidates.length < capable.length);
  if (capable.length >= 2 && short)
    return {
      ms: 2 * defaults,
      fact: `2 × ${defaults} ms, OVS's default BFD detection time: ${short.routerName} has ${short.candidates.length} candidate(s) (${short.candidates.map((c) => c.chassis).join(", ") || "none"}) while ${capable.join(", ")} can be gateways, so Neutron can add one back and start an election`,
    };
  return {
    ms: 0,
    fact: "no BFD between gateway candidates (fewer than two): no election to wait for",
  };
}

/** The node's OVS says it can host gateways (ovn-cms-options enable-chassis-as-gw). */
export const canHostGateways = (ovs: OvsState) => ovs.cmsOptions.includes("enable-chassis-as-gw");

/** The nodes whose OVS says they can host gateways. */
export function gatewayCapable(snapshot: Snapshot): string[] {
  return snapshot.nodes
    .filter((n) => n.data?.ovs && canHostGateways(n.data.ovs))
    .map((n) => n.name);
}
