import { findUnit } from "@/lib/facts/services";
import { unitsOf } from "@/lib/profiles";
import { serviceJournal } from "@/lib/facts/journal";
import type { Snapshot } from "@/lib/model/snapshot";
import { gatewayCapable } from "@/lib/facts/gateway-bfd";
import type { GatewayChain } from "@/lib/facts/gateway-chain";

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
const CLAIM = /\bClaiming lport (\S+) for this chassis/;
const RELEASE = /\bReleasing lport (\S+) from this chassis/;

/**
 * Since when every gateway has been bound where it is now, by the cloud's own records: the
 * newest claim of each cr-lrp in its candidates' ovn-controller logs is the bound chassis'
 * own, that chassis has not released it since (the previous holder releasing it after the
 * claim is the hand-over), no candidate's ovn-controller started after it (a restart could
 * move the port without a line we read), and every node that can be a gateway is a candidate
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
  if (chains.length === 0) return null;
  const started = ms(snapshot.startedAt);
  // Nodes that can be gateways but are no candidate now (Neutron takes a chassis off while its
  // ovn-controller restarts and adds it back after): an election is pending, nothing vouches.
  const capable = gatewayCapable(snapshot);
  if (chains.some((c) => c.candidates.length < capable.length)) return null;
  let latest = -Infinity;
  const facts: string[] = [];
  for (const chain of chains) {
    if (!chain.portId || !chain.boundChassis) return null;
    const port = `cr-lrp-${chain.portId}`;
    const boundNode = chain.candidates.find((c) => c.chassis === chain.boundChassis)?.node;
    let claim: { at: number; node: string } | null = null;
    let boundReleased = -Infinity;
    let restartedAt = -Infinity;
    for (const cand of chain.candidates) {
      const node = snapshot.nodes.find((n) => n.name === cand.node);
      const data = node?.data;
      if (!data || !(ms(data.journalCollectedAt) >= started)) return null;
      const controller = findUnit(data, unitsOf(node!.profile, "ovn-controller"));
      restartedAt = Math.max(restartedAt, ms(controller?.activeEnterTimestamp));
      for (const j of serviceJournal(data, node!.profile, "ovn-controller")) {
        const at = ms(j.time);
        if (CLAIM.exec(j.message)?.[1] === port) {
          if (!claim || at > claim.at) claim = { at, node: cand.node! };
        } else if (RELEASE.exec(j.message)?.[1] === port && cand.node === boundNode)
          boundReleased = Math.max(boundReleased, at);
      }
    }
    // The newest claim is the bound chassis' own, it has not released the port since (another
    // chassis releasing after it is the hand-over), and no controller restarted after it.
    if (!claim || claim.node !== boundNode || !(claim.at > boundReleased)) return null;
    if (!(claim.at > restartedAt)) return null;
    latest = Math.max(latest, claim.at);
    facts.push(
      `${chain.routerName}'s cr-lrp claimed by ${boundNode} at ${new Date(claim.at).toISOString().slice(11, 23)}`,
    );
  }
  return { at: latest, fact: `${facts.join("; ")} (ovn-controller's log), nothing since` };
}
