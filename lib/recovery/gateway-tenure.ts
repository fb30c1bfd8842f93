import { findUnit } from "@/lib/health/services";
import type { Snapshot } from "@/lib/model/snapshot";
import type { GatewayChain } from "@/lib/views/gateway-chain";

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
const CLAIM = /\bClaiming lport (\S+) for this chassis/;
const RELEASE = /\bReleasing lport (\S+) from this chassis/;

/**
 * Since when every gateway has been bound where it is now, by the cloud's own records: the
 * newest claim or release of each cr-lrp in its candidates' ovn-controller logs is the bound
 * chassis' claim, and no candidate's ovn-controller started after it (a restart could move
 * the port without a line we read). The latest such time over all gateways; null when any
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
  let latest = -Infinity;
  const facts: string[] = [];
  for (const chain of chains) {
    if (!chain.portId || !chain.boundChassis) return null;
    const port = `cr-lrp-${chain.portId}`;
    let newest: { at: number; claim: boolean; node: string } | null = null;
    let restartedAt = -Infinity;
    for (const cand of chain.candidates) {
      const node = snapshot.nodes.find((n) => n.name === cand.node);
      const data = node?.data;
      if (!data || !(ms(data.journalCollectedAt) >= started)) return null;
      const controller = findUnit(data, ["ovn-controller.service"]);
      restartedAt = Math.max(restartedAt, ms(controller?.activeEnterTimestamp));
      for (const j of data.journal) {
        if (!j.unit.startsWith("ovn-controller")) continue;
        const claim = CLAIM.exec(j.message)?.[1] === port;
        if (!claim && RELEASE.exec(j.message)?.[1] !== port) continue;
        const at = ms(j.time);
        if (!newest || at > newest.at) newest = { at, claim, node: cand.node! };
      }
    }
    const boundNode = chain.candidates.find((c) => c.chassis === chain.boundChassis)?.node;
    if (!newest || !newest.claim || newest.node !== boundNode) return null;
    if (!(newest.at > restartedAt)) return null;
    latest = Math.max(latest, newest.at);
    facts.push(
      `${chain.routerName}'s cr-lrp claimed by ${boundNode} at ${new Date(newest.at).toISOString().slice(11, 23)}`,
    );
  }
  return { at: latest, fact: `${facts.join("; ")} (ovn-controller's log), nothing since` };
}
