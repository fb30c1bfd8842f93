import { ref } from "@/lib/model/element";
import { ovnCentral } from "@/lib/facts/ovn-central";
import { evidence } from "../evidence";
import { currentData } from "@/lib/model/current";
import { finding } from "../finding";
import type { RuleFinding, Rule } from "../types";

/** ovn-controller not connected to SB, and chassis that SB does not know. */
export const controllerConnection: Rule = {
  id: "controller",
  explains: [
    { rank: "process", explains: [{ rule: "service", service: ["ovn-controller"], same: "node" }] },
  ],
  run(snapshot) {
    const out: RuleFinding[] = [];
    const { sb } = ovnCentral(snapshot);
    for (const node of snapshot.nodes) {
      const data = currentData(node);
      if (!data || data.controllerConnection === null) continue;
      const remote = data.ovs?.externalIds["ovn-remote"] ?? "?";
      if (data.controllerConnection !== "connected") {
        out.push(
          finding({
            rule: "controller",
            variant: "disconnected",
            subject: node.name,
            severity: "critical",
            params: { node: node.name, status: data.controllerConnection, remote },
            evidence: [
              evidence(node, "controller", `connection-status: ${data.controllerConnection}`),
              evidence(
                node,
                "ovs",
                `external_ids:ovn-remote=${remote}`,
                "ovs-vsctl get open . external_ids:ovn-remote",
              ),
            ],
            affects: [
              ref.node(node.name),
              ref.service(node.name, "ovn-controller"),
              ref.chassis(data.ovs?.systemId ?? node.name),
            ],
            runbook: "reconnect-chassis",
          }),
        );
        continue;
      }
      const systemId = data.ovs?.systemId;
      if (sb && !sb.stale && systemId && !sb.state.chassis.some((c) => c.name === systemId)) {
        out.push(
          finding({
            rule: "controller",
            variant: "chassis-missing",
            subject: `${node.name}:chassis`,
            severity: "warning",
            params: { node: node.name, chassis: systemId, sbNode: sb.node },
            evidence: [
              evidence(node, "ovs", `system-id=${systemId}`),
              evidence(
                null,
                "sb",
                `SB Chassis names: ${sb.state.chassis.map((c) => c.name).join(", ") || "none"}`,
              ),
            ],
            affects: [ref.node(node.name), ref.chassis(systemId)],
            runbook: "reconnect-chassis",
          }),
        );
      }
    }
    return out;
  },
};
