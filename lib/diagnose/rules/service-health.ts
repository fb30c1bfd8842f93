import { ref } from "@/lib/model/element";
import { serviceStates } from "@/lib/facts/services";
import { findUnit } from "@/lib/facts/services";
import { serviceSpecs } from "@/lib/profiles";
import { answerText } from "@/lib/facts/neutron-servers";
import { evidence, unitEvidence } from "../evidence";
import { currentData } from "@/lib/model/current";
import { finding } from "../finding";
import type { Snapshot } from "@/lib/model/snapshot";
import type { RuleFinding, Rule } from "../types";

/**
 * Every watched service that is down or degraded on a node whose data is current. More
 * specific rules (northd-stops-dbs, db-endpoint, neutron-crashloop) explain many of these
 * and adopt them as symptoms.
 */
export const serviceHealth: Rule = {
  id: "service",
  explains: [
    // A database that is down explains the endpoint checks and clients that depend on it.
    {
      rank: "database",
      cause: { service: ["nb-db"] },
      explains: [
        { rule: "db-endpoint", same: "service" },
        { rule: "neutron-crashloop" },
        { rule: "service", service: ["neutron-server"] },
        { rule: "gateway", variant: ["unverifiable"] },
        // A member of a cluster that keeps its majority: the unit is why the member is down.
        { rule: "ovn-cluster", variant: ["member-down"], same: "service" },
      ],
    },
    {
      rank: "database",
      cause: { service: ["sb-db"] },
      explains: [
        { rule: "db-endpoint", same: "service" },
        { rule: "neutron-crashloop" },
        { rule: "service", service: ["neutron-server", "ovn-controller"] },
        { rule: "controller", variant: ["disconnected"] },
        { rule: "gateway" },
        // northd's lock lives in SB: with SB down, every northd stands by.
        { rule: "northd-active", variant: ["none"] },
      ],
    },
    // The other services (after db-endpoint, so a wrong port in ml2_conf.ini is the root of
    // neutron-server's crash loop rather than one of its symptoms).
    {
      rank: "service",
      cause: { service: ["neutron-server"] },
      explains: [
        { rule: "gateway", variant: ["unverifiable"] },
        { rule: "neutron-crashloop", same: "service" },
      ],
    },
    {
      rank: "service",
      cause: { service: ["ovn-controller"] },
      explains: [
        { rule: "controller", same: "service" },
        // The chassis row its controller left behind in SB.
        { rule: "stale-chassis", same: "chassis" },
      ],
    },
  ],
  run(snapshot) {
    const out: RuleFinding[] = [];
    for (const node of snapshot.nodes) {
      const data = currentData(node);
      if (!data) continue;
      for (const s of serviceStates(node)) {
        if (s.health !== "down" && s.health !== "degraded") continue;
        const spec = serviceSpecs(node.profile).find((x) => x.service === s.service)!;
        const unit = findUnit(data, spec.units);
        const procs = data.processes.filter((p) => s.pids.includes(p.pid));
        out.push(
          finding({
            rule: "service",
            // A masked unit is an administrator's decision: no runbook starts it.
            variant: s.state === "masked" ? "masked" : s.health,
            subject: `${node.name}:${s.service}`,
            severity: s.health === "down" ? "critical" : "warning",
            params: {
              node: node.name,
              service: s.label,
              unit: s.unit ?? spec.units[0]!,
              state: s.state,
              reasons: s.reasons.join("; "),
            },
            evidence: [
              ...(unit ? [unitEvidence(node, unit)] : []),
              ...procs.map((p) => evidence(node, "procs", `pid ${p.pid} ${p.args.slice(0, 160)}`)),
              // Reasons read by other probes than the unit's, as those probes saw them.
              ...s.reasons
                .filter((r) => r.startsWith("configured to listen on TCP"))
                .map((r) => evidence(node, "listen", r)),
              ...(s.service === "ovn-controller" &&
              data.controllerConnection !== null &&
              data.controllerConnection !== "connected"
                ? [evidence(node, "controller", `connection-status: ${data.controllerConnection}`)]
                : []),
            ],
            affects: [
              ref.node(node.name),
              ref.service(node.name, s.service),
              ...(s.service === "ovn-controller" && data.ovs?.systemId
                ? [ref.chassis(data.ovs.systemId)]
                : []),
            ],
            runbook:
              s.state === "masked"
                ? null
                : s.service === "ovn-controller"
                  ? "reconnect-chassis"
                  : s.service === "neutron-server"
                    ? "rolling-neutron-restart"
                    : "recover-ovn-central",
            hasCause: false,
          }),
        );
      }
    }
    out.push(...serverApisSilent(snapshot));
    return out;
  },
};

/**
 * A neutron-server that runs and looks healthy on its node, but whose own API does not answer
 * (asked apart from the cloud's endpoint: neutron-servers.ts). Behind a load balancer its share
 * of requests hangs or fails while the endpoint, served by another, answers. Seen after an OVN
 * cluster regained its majority: the workers wait on OVN, until the server is restarted.
 */
function serverApisSilent(snapshot: Snapshot): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const server of snapshot.neutron.servers ?? []) {
    if (server.state !== "unavailable") continue;
    const node = snapshot.nodes.find((n) => n.name === server.node);
    const data = node ? currentData(node) : null;
    if (!node || !data) continue;
    const s = serviceStates(node).find((x) => x.service === "neutron-server");
    // Down or degraded on its node: the finding above says so, with the unit's own evidence.
    if (!s || s.health !== "ok") continue;
    const unit = s.unit ? findUnit(data, [s.unit]) : undefined;
    out.push(
      finding({
        rule: "service",
        variant: "api",
        subject: `${node.name}:${s.service}`,
        severity: "warning",
        params: {
          node: node.name,
          service: s.label,
          unit:
            s.unit ?? serviceSpecs(node.profile).find((x) => x.service === s.service)!.units[0]!,
          state: s.state,
          endpoint: server.endpoint,
          error: server.error ?? "no answer",
          api: snapshot.neutron.endpoint ?? "",
        },
        evidence: [
          ...(unit ? [unitEvidence(node, unit)] : []),
          {
            node: snapshot.neutron.node,
            probe: "neutron",
            command: `neutron-query ${server.endpoint} (GET routers, ports, networks, agents)`,
            fact: server.error ?? "no answer",
            // When it was asked: an answer is kept while the server's next read still hangs.
            at: server.askedAt,
          },
          // The cloud's endpoint as last read: what the other server(s) answer.
          {
            node: snapshot.neutron.node,
            probe: "neutron",
            command: `neutron-query ${snapshot.neutron.endpoint ?? ""}`,
            fact: `${snapshot.neutron.endpoint ?? "the endpoint"}: ${answerText(snapshot.neutron)}`,
            at: snapshot.neutron.collectedAt ?? snapshot.finishedAt,
          },
        ],
        affects: [ref.node(node.name), ref.service(node.name, s.service)],
        runbook: "rolling-neutron-restart",
      }),
    );
  }
  return out;
}
