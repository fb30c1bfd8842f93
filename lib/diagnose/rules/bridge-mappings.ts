import { ref } from "@/lib/model/element";
import { ovnCentral } from "@/lib/facts/ovn-central";
import { evidence } from "../evidence";
import { currentData } from "@/lib/model/current";
import { finding } from "../finding";
import type { RuleFinding, Rule } from "../types";
import { editDistance } from "../distance";

/**
 * Configuration that does nothing: an ovn-bridge-mappings entry whose physical network no
 * network uses (often a typo), and Neutron 21-era chassis settings that this OVN writes only
 * to Chassis.other_config while Neutron reads external_ids.
 */
export const bridgeMappings: Rule = {
  id: "bridge-mappings",
  run(snapshot) {
    const out: RuleFinding[] = [];
    const { nb, sb } = ovnCentral(snapshot);
    const used = new Set<string>();
    for (const p of nb?.state.switchPorts ?? [])
      if (p.type === "localnet" && p.options.network_name) used.add(p.options.network_name);
    for (const n of snapshot.neutron.externalNetworks)
      if (n.physicalNetwork) used.add(n.physicalNetwork);
    if (used.size > 0) {
      for (const node of snapshot.nodes) {
        const ovs = currentData(node)?.ovs;
        if (!ovs) continue;
        for (const [physnet, bridge] of Object.entries(ovs.bridgeMappings)) {
          if (used.has(physnet)) continue;
          const near = [...used].find((u) => editDistance(u, physnet) <= 2);
          out.push(
            finding({
              rule: "bridge-mappings",
              variant: near ? "typo" : "unused",
              subject: `${node.name}:${physnet}`,
              severity: near ? "warning" : "info",
              params: {
                node: node.name,
                physnet,
                bridge,
                near: near ?? "",
                used: [...used].join(", "),
              },
              evidence: [
                evidence(
                  node,
                  "ovs",
                  `external_ids:ovn-bridge-mappings=${ovs.externalIds["ovn-bridge-mappings"]}`,
                  "ovs-vsctl get open . external_ids:ovn-bridge-mappings",
                ),
              ],
              affects: [ref.node(node.name), ref.physnet(physnet)],
              hasCause: false,
            }),
          );
        }
      }
    }
    // Chassis settings only in other_config: Neutron releases that read external_ids miss them.
    for (const chassis of sb?.stale ? [] : (sb?.state.chassis ?? [])) {
      const missing = ["ovn-bridge-mappings", "ovn-cms-options"].filter(
        (k) => chassis.otherConfig[k] && chassis.externalIds[k] === undefined,
      );
      if (missing.length === 0) continue;
      out.push(
        finding({
          rule: "chassis-settings-skew",
          subject: chassis.name,
          severity: "warning",
          params: { chassis: chassis.name, keys: missing.join(", ") },
          evidence: [
            evidence(
              null,
              "sb",
              `Chassis ${chassis.name}: other_config has ${missing.join(", ")}, external_ids does not`,
            ),
          ],
          affects: [ref.chassis(chassis.name)],
        }),
      );
    }
    return out;
  },
};
