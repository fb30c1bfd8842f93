import { ref } from "@/lib/model/element";
import { candidateSessions, electionVerdict } from "@/lib/facts/gateway-bfd";
import { gatewayChain, routerIds, type GatewayChain } from "@/lib/facts/gateway-chain";
import { serviceJournal } from "@/lib/facts/journal";
import type { Snapshot } from "@/lib/model/snapshot";
import { finding } from "../finding";
import type { Evidence, RuleFinding, Rule } from "../types";

/**
 * Router gateway ports: the first broken link of the chain (gateway-chain.ts), Neutron's word
 * against OVN's facts, and gateways that cannot be verified because Neutron is unreadable.
 */
export const gateway: Rule = {
  id: "gateway",
  run(snapshot) {
    const out: RuleFinding[] = [];
    if (snapshot.neutron.state === "unavailable") {
      out.push(
        finding({
          rule: "gateway",
          variant: "unverifiable",
          subject: "neutron",
          severity: "warning",
          params: { node: snapshot.neutron.node ?? "?", error: snapshot.neutron.error ?? "" },
          evidence: [
            {
              node: snapshot.neutron.node,
              probe: "neutron",
              command: `GET ${snapshot.neutron.endpoint ?? ""}/v2.0/ports`,
              fact: snapshot.neutron.error ?? "",
              at: snapshot.finishedAt,
            },
          ],
          affects: routerIds(snapshot).map((id) => ref.router(id)),
          hasCause: false,
        }),
      );
    }
    for (const id of routerIds(snapshot)) {
      const chain = gatewayChain(snapshot, id);
      if (!chain || chain.neutronStatus === "no gateway") continue;
      const evidenceOf = (ids: string[]): Evidence[] =>
        chain.links
          .filter((l) => ids.includes(l.id))
          .map((l) => ({
            node: l.source.split(":")[0] ?? null,
            probe: l.id,
            command: l.source,
            fact: l.fact,
            at: snapshot.finishedAt,
          }));
      const params = {
        router: chain.routerName,
        port: chain.portId ?? "?",
        link: chain.firstBroken ?? "",
        fact: chain.links.find((l) => l.id === chain.firstBroken)?.fact ?? "",
        physnet: chain.physnet ?? "?",
        chassis: chain.boundChassis ?? "—",
        status: chain.neutronStatus,
      };
      const affects = [
        ref.router(id),
        ...(chain.boundChassis ? [ref.chassis(chain.boundChassis)] : []),
        ...(chain.physnet ? [ref.physnet(chain.physnet)] : []),
      ];
      const unclaimed =
        chain.firstBroken === "cr-lrp-binding" ? whyUnclaimed(snapshot, chain) : null;
      if (unclaimed) {
        out.push(
          finding({
            rule: "gateway",
            variant: `unclaimed.${unclaimed.verdict}`,
            subject: id,
            severity: "critical",
            params: { ...params, ...unclaimed.params },
            evidence: [...evidenceOf(chain.links.map((l) => l.id)), ...unclaimed.evidence],
            affects: [...affects, ...chain.candidates.map((c) => ref.chassis(c.chassis))],
            runbook: "rebind-gateways",
          }),
        );
      } else if (chain.firstBroken) {
        out.push(
          finding({
            rule: "gateway",
            variant: chain.firstBroken,
            subject: id,
            severity:
              chain.neutronStatus === "DOWN" || chain.firstBroken !== "neutron-port"
                ? "critical"
                : "warning",
            params,
            evidence: evidenceOf(chain.links.map((l) => l.id)),
            affects,
            runbook: chain.firstBroken === "chassis" ? "reconnect-chassis" : null,
          }),
        );
      }
      if (chain.disagreement) {
        out.push(
          finding({
            rule: "neutron-ovn-disagree",
            variant: chain.disagreement,
            subject: id,
            severity: "warning",
            params,
            evidence: evidenceOf(["neutron-port", "cr-lrp-binding"]),
            affects,
          }),
        );
      }
    }
    return out;
  },
};

/**
 * A cr-lrp nobody claims although every candidate is healthy (in SB, controller connected,
 * physnet mapped to an existing bridge): why, from BFD between the candidates (gateway-bfd.ts).
 * Null when a candidate is not healthy (its own link explains it) or BFD cannot be read.
 */
function whyUnclaimed(snapshot: Snapshot, chain: GatewayChain) {
  if (chain.candidates.length < 2 || chain.candidates.some((c) => c.status !== "ok")) return null;
  const sessions = candidateSessions(snapshot, chain);
  const { verdict, session } = electionVerdict(sessions);
  if (verdict === "single" || verdict === "unknown") return null;
  const evidence: Evidence[] = sessions.map((s) => ({
    node: s.from,
    probe: "ovs",
    command:
      "ovsdb-client query Open_vSwitch Interface (name, options:remote_ip, bfd, bfd_status) where type is a tunnel (as ovs-appctl bfd/show)",
    fact: `BFD to ${s.to} ${s.state}: ${s.fact}`,
    at: snapshot.nodes.find((n) => n.name === s.from)?.data?.meta?.time ?? snapshot.finishedAt,
  }));
  // ovn-controller's own word on each candidate: its last claims and releases of this port and
  // its BFD changes (collect-journal reads them from its log file).
  for (const c of chain.candidates) {
    const node = snapshot.nodes.find((n) => n.name === c.node);
    const lines = (
      node?.data ? serviceJournal(node.data, node.profile, "ovn-controller") : []
    ).filter(
      (j) =>
        j.message.includes(`lport cr-lrp-${chain.portId}`) ||
        /\bBFD on interface\b/.test(j.message),
    );
    for (const j of lines.slice(-4))
      evidence.push({
        node: c.node,
        probe: "journal",
        command: "collect-journal: /var/log/ovn/ovn-controller.log (claims, releases, BFD)",
        fact: j.message,
        at: j.time,
      });
  }
  return {
    verdict,
    evidence,
    params: {
      from: session?.from ?? "",
      to: session?.to ?? "",
      fact: session?.fact ?? "",
      candidates: chain.candidates.map((c) => `${c.chassis}(prio ${c.priority})`).join(", "),
      chassis: chain.candidates[0]!.chassis,
    },
  };
}
