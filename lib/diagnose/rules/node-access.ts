import { ref } from "@/lib/model/element";
import { evidence } from "../evidence";
import { finding } from "../finding";
import type { RuleFinding, Rule } from "../types";

/** A node that could not be read is shown as such: unreachable, refused, denied — never as down. */
export const nodeAccess: Rule = {
  id: "node-access",
  run(snapshot) {
    const out: RuleFinding[] = [];
    for (const node of snapshot.nodes) {
      if (node.reach === "reachable") continue;
      const variant = node.reach;
      out.push(
        finding({
          rule: "node-access",
          variant,
          subject: node.name,
          severity: node.reach === "partial" ? "warning" : "critical",
          params: { node: node.name, address: node.address, error: node.error ?? "" },
          evidence: [
            evidence(
              node,
              "meta",
              node.error ?? node.reach,
              `ssh ${node.address} (ovnscope collect)`,
            ),
          ],
          affects: [ref.node(node.name)],
          hasCause: false,
        }),
      );
    }
    return out;
  },
};
