import {
  all,
  controllerOk,
  dbAnswers,
  neutronOk,
  neutronUp,
  northdOk,
  startedSince,
  unitFor,
  untouchedSince,
} from "../checks";
import { nodesRunning } from "../targets";
import type { Runbook } from "../types";
import { asRestartable } from "@/lib/ssh/command";
import {
  centralDbs,
  neutronCanReachDbs,
  rebindGateway,
  verifyGateways,
} from "./recover-ovn-central";

/**
 * Restart ovn-northd without stopping NB/SB: `act restart-northd-safely` swaps the unit's
 * ExecStop for the safe form for this one restart (see deploy/libexec/ovnscope/act). Verified:
 * northd restarted and healthy, and the DB units kept running (not restarted with it).
 */
export const restartNorthdSafely: Runbook = {
  id: "restart-northd-safely",
  steps: [
    {
      id: "restart-northd-safely",
      targets: (_s, inv) => nodesRunning(inv, "northd"),
      action: () => ({ verb: "restart-northd-safely" }),
      precondition: (s, t) => all(dbAnswers(s, t.node, "NB"), dbAnswers(s, t.node, "SB")),
      verify: (s, t, since) =>
        all(
          startedSince(s, t.node, "northd", since),
          northdOk(s, t.node),
          untouchedSince(s, t.node, "nb-db", since),
          untouchedSince(s, t.node, "sb-db", since),
          dbAnswers(s, t.node, "NB"),
          dbAnswers(s, t.node, "SB"),
        ),
      timeoutMs: 30_000,
      intervalMs: 1000,
    },
  ],
};

/** neutron-server restarted on one node at a time, each verified before the next. */
export const rollingNeutronRestart: Runbook = {
  id: "rolling-neutron-restart",
  steps: [
    {
      id: "rolling-neutron",
      targets: (_s, inv) => nodesRunning(inv, "neutron-server"),
      action: (t, s) => ({
        verb: "restart",
        unit: asRestartable(unitFor(s, t.node, "neutron-server")),
      }),
      precondition: (s, t) => neutronCanReachDbs(s, t.node),
      verify: (s, t, since) =>
        all(startedSince(s, t.node, "neutron-server", since), neutronOk(s, t.node, since)),
      reads: { journal: true, neutron: true },
      ready: (s, t) => neutronUp(s, t.node),
      timeoutMs: 120_000,
      intervalMs: 500,
    },
    verifyGateways,
  ],
};

/** One chassis' ovn-controller restarted and verified connected (skipped when it already is). */
export const reconnectChassis: Runbook = {
  id: "reconnect-chassis",
  takesNode: "ovn-controller",
  steps: [
    {
      id: "reconnect-controller",
      targets: () => [], // the planner uses the node the operator chose
      action: (t, s) => ({
        verb: "restart",
        unit: asRestartable(unitFor(s, t.node, "ovn-controller")),
      }),
      precondition: (s) => centralDbs(s),
      verify: (s, t) => controllerOk(s, t.node),
      timeoutMs: 60_000,
      intervalMs: 1000,
    },
  ],
};

/**
 * A router gateway that lost its binding (cr-lrp with no chassis) while its candidates are
 * healthy: ovn-controller restarted on one candidate at a time, highest priority first, until
 * the gateway is bound and stays bound through the settle window (issue #20).
 */
export const rebindGateways: Runbook = {
  id: "rebind-gateways",
  steps: [rebindGateway, verifyGateways],
};
