import { ref } from "@/lib/model/element";
import type { NodeSnapshot, SbState, Snapshot } from "@/lib/model/snapshot";
import { ovnCentral } from "@/lib/facts/ovn-central";
import { processesOf } from "@/lib/facts/services";
import { serviceSpecs } from "@/lib/profiles";
import { evidence } from "../evidence";
import { currentData } from "@/lib/model/current";
import { finding } from "../finding";
import type { Evidence, RuleFinding, Rule } from "../types";

/**
 * A chassis is unanswered when it lags SB_Global.nb_cfg, its own last acknowledgement is this
 * old, and the other chassis acknowledged the current nb_cfg at least ACK_GRACE_MS ago (a
 * live ovn-controller acknowledges within a second; Neutron bumps nb_cfg at most every
 * agent_down_time / 2 and calls an agent dead after agent_down_time, 75 s by default).
 */
export const UNANSWERED_AFTER_MS = 60_000;
const ACK_GRACE_MS = 5_000;

type SbChassis = SbState["chassis"][number];

const isoOfMs = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

/** When the other chassis acknowledged the current nb_cfg (the newest such acknowledgement). */
function currentCfgAckedAt(sb: SbState): number | null {
  const cfg = sb.global?.nbCfg;
  const acks = sb.chassisPrivate.filter((p) => p.nbCfg === cfg).map((p) => p.nbCfgTimestamp);
  return acks.length ? Math.max(...acks) : null;
}

/** The SB record's own words: Chassis_Private nb_cfg against SB_Global's, and when it last answered. */
function sbEvidence(sbNode: NodeSnapshot | null, sb: SbState, chassis: SbChassis): Evidence {
  const priv = sb.chassisPrivate.find((p) => p.name === chassis.name);
  const answered = priv?.nbCfgTimestamp
    ? `, last acknowledged at ${isoOfMs(priv.nbCfgTimestamp)}`
    : "";
  return evidence(
    sbNode,
    "sb",
    `Chassis ${chassis.name} (hostname ${chassis.hostname || "?"}): Chassis_Private nb_cfg ${priv?.nbCfg ?? "—"} of SB_Global nb_cfg ${sb.global?.nbCfg ?? "?"}${answered}`,
    `ovn-sbctl --columns=name,nb_cfg,nb_cfg_timestamp list Chassis_Private ${chassis.name}`,
  );
}

/** Neutron's own verdict on the chassis' OVN Controller agent, when the API was read. */
function neutronAgentEvidence(snapshot: Snapshot, chassis: SbChassis): Evidence[] {
  const n = snapshot.neutron;
  if (n.state !== "ok") return [];
  const node = snapshot.nodes.find((x) => x.name === n.node) ?? null;
  return n.agents
    .filter((a) => a.host === chassis.hostname && /OVN Controller/i.test(a.agentType) && !a.alive)
    .map((a) => ({
      ...evidence(node, "neutron", `GET /v2.0/agents: ${a.agentType} on ${a.host} alive=false`),
      at: n.collectedAt,
    }));
}

/**
 * A Chassis row in SB that no running ovn-controller holds any more. OVN keeps the row when
 * ovn-controller exits with `--restart` (as package upgrades stop it), is killed, or its node
 * is removed without `ovn-sbctl chassis-del`. Ports and gateways can stay scheduled on it,
 * and Neutron lists a dead agent.
 *  - no-controller: the chassis of an inventory node where no ovn-controller process runs;
 *  - unanswered: a chassis no inventory node claims that has left the current nb_cfg
 *    unacknowledged for UNANSWERED_AFTER_MS (or that Neutron calls dead).
 * A chassis whose node is unreachable is left to node-access: nothing can be said about it.
 */
export const staleChassis: Rule = {
  id: "stale-chassis",
  run(snapshot) {
    const { sb } = ovnCentral(snapshot);
    if (!sb || sb.stale || !sb.collectedAt) return [];
    const sbNode = snapshot.nodes.find((n) => n.name === sb.node) ?? null;
    const readAt = Date.parse(sb.collectedAt);
    const ackedAt = currentCfgAckedAt(sb.state);
    const out: RuleFinding[] = [];
    for (const chassis of sb.state.chassis) {
      const owner = snapshot.nodes.find((n) => n.data?.ovs?.systemId === chassis.name);
      const dead = neutronAgentEvidence(snapshot, chassis);
      if (owner) {
        const data = currentData(owner);
        const controller = serviceSpecs(owner.profile).find((s) => s.service === "ovn-controller");
        if (!data || (controller && processesOf(data, controller).length > 0)) continue;
        out.push(
          finding({
            rule: "stale-chassis",
            variant: "no-controller",
            subject: chassis.name,
            severity: "warning",
            params: { chassis: chassis.name, node: owner.name, sbNode: sb.node },
            evidence: [
              sbEvidence(sbNode, sb.state, chassis),
              evidence(owner, "procs", "no ovn-controller process runs"),
              ...dead,
            ],
            affects: [ref.node(owner.name), ref.chassis(chassis.name)],
            runbook: "reconnect-chassis",
          }),
        );
        continue;
      }
      const priv = sb.state.chassisPrivate.find((p) => p.name === chassis.name);
      const lagging =
        priv !== undefined &&
        priv.nbCfg < (sb.state.global?.nbCfg ?? 0) &&
        ackedAt !== null &&
        readAt - ackedAt >= ACK_GRACE_MS;
      const unansweredFor = lagging ? readAt - priv.nbCfgTimestamp : 0;
      if (unansweredFor < UNANSWERED_AFTER_MS && dead.length === 0) continue;
      out.push(
        finding({
          rule: "stale-chassis",
          variant: "unanswered",
          subject: chassis.name,
          severity: "warning",
          params: {
            chassis: chassis.name,
            hostname: chassis.hostname || "?",
            sbNode: sb.node,
            seconds: priv?.nbCfgTimestamp ? Math.round((readAt - priv.nbCfgTimestamp) / 1000) : "?",
          },
          evidence: [
            sbEvidence(sbNode, sb.state, chassis),
            evidence(
              null,
              "ovs",
              `no node in the inventory has external_ids:system-id=${chassis.name}`,
              "ovs-vsctl get open . external_ids:system-id (on every node)",
            ),
            ...dead,
          ],
          affects: [ref.chassis(chassis.name)],
          runbook: null,
        }),
      );
    }
    return out;
  },
};
