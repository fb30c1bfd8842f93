import { ref } from "@/lib/model/element";
import { currentData } from "@/lib/model/current";
import type { NodeSnapshot } from "@/lib/model/snapshot";
import { evidence } from "../evidence";
import { finding } from "../finding";
import type { Rule } from "../types";

const said = (n: NodeSnapshot) => (currentData(n)?.northdStatus ?? "").trim();

/**
 * ovn-northd instances elect one active instance through a lock in SB; the others stand by.
 *  - none: every ovn-northd that answers is standby or paused: nothing translates NB into SB
 *    (new ports, routers and gateway changes stay in NB);
 *  - several: more than one says active (each holds a lock of a different SB: the databases
 *    are split, or the instances point at different databases).
 * A northd that does not run or answer is service-health's; with none answering, nothing here.
 */
export const northdActive: Rule = {
  id: "northd-active",
  run(snapshot) {
    const answering = snapshot.nodes.filter((n) => said(n) !== "");
    const active = answering.filter((n) => /\bactive\b/.test(said(n)));
    const statuses = answering.map((n) => `${n.name}: ${said(n)}`).join(", ");
    const proof = (nodes: NodeSnapshot[]) =>
      nodes.map((n) => evidence(n, "northd", `ovn-northd on ${n.name}: ${said(n)}`));
    if (answering.length > 0 && active.length === 0)
      return [
        finding({
          rule: "northd-active",
          variant: "none",
          subject: "none",
          severity: "critical",
          params: { statuses },
          evidence: proof(answering),
          affects: answering.map((n) => ref.service(n.name, "northd")),
        }),
      ];
    if (active.length > 1)
      return [
        finding({
          rule: "northd-active",
          variant: "several",
          subject: "several",
          severity: "critical",
          params: { nodes: active.map((n) => n.name).join(", ") },
          evidence: proof(active),
          affects: active.map((n) => ref.service(n.name, "northd")),
        }),
      ];
    return [];
  },
};
