import { ref } from "@/lib/model/element";
import { neutronCrashloops, type EndpointReach } from "@/lib/facts/neutron-life";
import { closedPortEvidence, evidence, journalEvidence, unitEvidence } from "../evidence";
import { finding } from "../finding";
import type { Evidence, RuleFinding, Message, Rule, RunbookId } from "../types";

/** What the snapshot shows at the unreachable endpoint, as evidence, and the runbook that fits. */
function reachEvidence(reach: EndpointReach): { evidence: Evidence[]; runbook: RunbookId | null } {
  const { root, host, data, port, dbUnit } = reach;
  if (root === "open")
    return {
      evidence: [evidence(host, "listen", `port ${port} on ${host.name} is listening now`)],
      runbook: "rolling-neutron-restart",
    };
  const listen = closedPortEvidence(host, data, port);
  if (root === "dbs-down")
    return {
      evidence: [...(dbUnit ? [unitEvidence(host, dbUnit)] : []), listen],
      runbook: "recover-ovn-central",
    };
  return { evidence: [listen], runbook: null };
}

/**
 * neutron-server exiting and being restarted by systemd, with the log lines that say why.
 * In the seed's lab reproduction the lines name the SB port 6642, not 6641: the evidence is
 * whatever the journal says, never an assumed port. Title, explanation and evidence come from
 * the same lines: the newest of the unit's current life; the action from what is at the
 * endpoint now.
 */
export const neutronCrashloop: Rule = {
  id: "neutron-crashloop",
  explains: [
    {
      rank: "process",
      explains: [
        { rule: "service", service: ["neutron-server"], same: "node" },
        { rule: "gateway", variant: ["unverifiable"] },
      ],
    },
  ],
  run(snapshot) {
    const out: RuleFinding[] = [];
    for (const { node, service, unit, refused, endpoint, reach: at } of neutronCrashloops(
      snapshot,
    )) {
      const reach = at && reachEvidence(at);
      const lines = (
        endpoint ? refused.filter((j) => j.message.includes(endpoint)) : refused
      ).slice(-3);
      const params = { node: node.name, unit: unit.id, restarts: unit.nRestarts, endpoint };
      const f = finding({
        rule: "neutron-crashloop",
        // A process that has run since it was started (no automatic restart yet) and is refused
        // does not "keep exiting": it hangs on the databases (a cluster that lost its members
        // after it connected), its API unanswered.
        variant: !endpoint
          ? "generic"
          : unit.activeState === "active" && unit.nRestarts === 0
            ? "refused-running"
            : "refused",
        subject:
          service.service === "neutron-server" ? node.name : `${node.name}:${service.service}`,
        severity: "critical",
        params,
        evidence: [
          unitEvidence(node, unit),
          ...lines.map((j) => journalEvidence(node, unit.id, j, endpoint || undefined)),
          ...(reach?.evidence ?? []),
        ],
        affects: [ref.node(node.name), ref.service(node.name, service.service)],
        runbook: reach ? reach.runbook : "rolling-neutron-restart",
        // Without lines that say why, no cause is claimed.
        hasCause: !!endpoint,
      });
      const action: Message = {
        key: at ? `f.neutron-crashloop.action.${at.root}` : "f.neutron-crashloop.action.unknown",
        params,
      };
      out.push({ ...f, action });
    }
    return out;
  },
};
