import { gatewayChain, routerIds } from "@/lib/views/gateway-chain";
import { finding } from "../finding";
import type { Evidence, Finding, Rule } from "../types";

/**
 * Router gateway ports: the first broken link of the chain (gateway-chain.ts), Neutron's word
 * against OVN's facts, and gateways that cannot be verified because Neutron is unreadable.
 */
export const gateway: Rule = {
  id: "gateway",
  run(snapshot) {
    const out: Finding[] = [];
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
          affects: routerIds(snapshot).map((id) => `router:${id}`),
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
        `router:${id}`,
        ...(chain.boundChassis ? [`chassis:${chain.boundChassis}`] : []),
        ...(chain.physnet ? [`physnet:${chain.physnet}`] : []),
      ];
      if (chain.firstBroken) {
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
