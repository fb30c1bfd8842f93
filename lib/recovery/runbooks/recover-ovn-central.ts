import { backupDbs, verifyClusters } from "./shared-steps";
import {
  all,
  clustersFormed,
  controllerOk,
  controllerReconnecting,
  dbAnswers,
  dbServes,
  either,
  gatewaysBound,
  gatewayElectionUnderway,
  gatewaysMendable,
  gatewaysSettle,
  gatewaysWork,
  neutronOk,
  neutronComingUp,
  neutronReconnecting,
  neutronRestartQuicker,
  neutronServesNothing,
  neutronEndpointsServed,
  neutronUp,
  unitFor,
  neutronRpcOk,
  noStrayOvsdb,
  northdOk,
  rebindCandidate,
  rebindOrder,
  runsNeutronRpc,
} from "../checks";
import { currentData } from "@/lib/model/current";
import { isClustered, ovnClusters } from "@/lib/facts/ovn-cluster";
import { canHostGateways } from "@/lib/facts/gateway-bfd";
import type { Inventory } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";
import { expectedServices } from "@/lib/profiles";
import type { Profile } from "@/lib/inventory/schema";
import { nodesRunning } from "../targets";
import type { Runbook, StepSpec } from "../types";
import { asRestartable, asStartable } from "@/lib/ssh/command";

/**
 * The last word of a recovery: the routers' gateways work again (seen as the topology shows
 * them), waited for rather than sampled once, because a cr-lrp can be released and claimed
 * again for a moment as the controllers and northd reconnect. Runs nothing; read through the
 * node that reads Neutron's API. A gateway broken by its configuration stops it at once.
 */
export const verifyGateways: StepSpec = {
  id: "verify-gateways",
  targets: (_s, inv) => nodesRunning(inv, "neutron-server").slice(0, 1),
  verify: (s) => gatewaysWork(s),
  // Held on consecutive fresh reads through OVN's gateway election (BFD detection times), not
  // on one read: a cr-lrp claimed a moment ago can still be released (issue #20).
  settle: gatewaysSettle,
  precondition: (s) => gatewaysMendable(s),
  // The journal carries ovn-controller's claims: how long the binding has held already.
  reads: { neutron: true, journal: true },
  timeoutMs: 60_000,
  intervalMs: 1000,
};

/**
 * The nodes that can host a router gateway: their OVS says enable-chassis-as-gw (read from
 * the node itself, so the plan knows them while NB/SB are down), or NB names them a
 * candidate; a node not read is kept (the step decides on the read made when it runs).
 */
export function gatewayNodes(snapshot: Snapshot, inventory: Inventory) {
  return nodesRunning(inventory, "ovn-controller").filter(({ node }) => {
    const n = snapshot.nodes.find((x) => x.name === node);
    const ovs = n ? currentData(n)?.ovs : null;
    return !ovs || canHostGateways(ovs);
  });
}

/**
 * A gateway nobody claims (or that falls back to unbound inside the settle window) although
 * its candidates are healthy: ovn-controller restarted on the highest-priority candidate
 * first, then the next, each verified bound (and ACTIVE in Neutron) through the settle window.
 * Skipped when the gateways hold through the window anyway, or when OVN binds them again by
 * itself while it elects (after a gateway node's ovn-controller restarted or reconnected). A
 * candidate whose mapping or bridge is missing stops it: configuration, no restart mends that.
 */
export const rebindGateway: StepSpec = {
  id: "rebind-gateway",
  targets: gatewayNodes,
  alternatives: rebindOrder,
  action: (t, s) => ({
    verb: "restart",
    unit: asRestartable(unitFor(s, t.node, "ovn-controller")),
  }),
  // Bound in OVN: Neutron's word is verify-gateways' (it never goes back to DOWN by itself).
  verify: (s) => gatewaysBound(s),
  settle: gatewaysSettle,
  reads: { journal: true },
  precondition: (s, t) => all(centralDbs(s), gatewaysMendable(s), rebindCandidate(s, t.node)),
  // A gateway node's ovn-controller just (re)started or changed its BFD sessions (it connected
  // to SB again): OVN re-elects the gateway within the settle window, and a restart now would
  // start that over.
  underway: (s) => gatewayElectionUnderway(s),
  timeoutMs: 45_000,
  intervalMs: 1000,
};

/**
 * DESIGN §5: databases first and verified, then northd, then the clients one at a time —
 * never a DB and its clients at the same instant. Every step is skipped when what it would
 * achieve already holds, so on a healthy cloud the plan is all skips.
 */
export const recoverOvnCentral: Runbook = {
  id: "recover-ovn-central",
  steps: [
    backupDbs((_s, inv) => nodesRunning(inv, "nb-db")),
    {
      id: "stop-stray-ovsdb",
      targets: (_s, inv) => nodesRunning(inv, "nb-db"),
      action: () => ({ verb: "stop-stray-ovsdb" }),
      verify: (s, t) => noStrayOvsdb(s, t.node),
      timeoutMs: 15_000,
      intervalMs: 1000,
    },
    {
      id: "start-nb",
      targets: (_s, inv) => nodesRunning(inv, "nb-db"),
      action: (t, s) => ({ verb: "start", unit: asStartable(unitFor(s, t.node, "nb-db")) }),
      verify: (s, t) => dbServes(s, t.node, "NB"),
      precondition: (s, t) => noStrayOvsdb(s, t.node),
      timeoutMs: 30_000,
      intervalMs: 200,
    },
    {
      id: "start-sb",
      targets: (_s, inv) => nodesRunning(inv, "sb-db"),
      action: (t, s) => ({ verb: "start", unit: asStartable(unitFor(s, t.node, "sb-db")) }),
      verify: (s, t) => dbServes(s, t.node, "SB"),
      precondition: (s, t) => noStrayOvsdb(s, t.node),
      timeoutMs: 30_000,
      intervalMs: 200,
    },
    verifyClusters((_s, inv) => nodesRunning(inv, "nb-db").slice(0, 1)),
    {
      id: "restart-northd",
      targets: (_s, inv) => nodesRunning(inv, "northd"),
      action: () => ({ verb: "restart-northd-safely" }),
      verify: (s, t) => northdOk(s, t.node),
      // No waiting for northd to reconnect by itself (its reconnect backoff runs to seconds): a
      // safe restart costs a few hundred ms and never touches the databases.
      precondition: (s, t) => bothDbs(s, t.node),
      timeoutMs: 30_000,
      intervalMs: 200,
    },
    {
      id: "restart-neutron",
      targets: (_s, inv) => nodesRunning(inv, "neutron-server"),
      action: (t, s) => ({
        verb: "restart",
        unit: asRestartable(unitFor(s, t.node, "neutron-server")),
      }),
      verify: (s, t, since) => neutronOk(s, t.node, since),
      reads: { journal: true, neutron: true },
      ready: (s, t) => neutronUp(s, t.node),
      // One that ran through the databases' outage reconnects by itself, and a crash-looping
      // one comes up by itself once they are back. (Reconnecting first: a start under way that
      // also outlived an outage is waiting on its sessions, and that says why.) Unless its own
      // journal says a restart is quicker than the retries left: then it is restarted at once.
      underway: (s, t) =>
        neutronRestartQuicker(s, t.node) ??
        all(either(neutronReconnecting(s, t.node), neutronComingUp(s, t.node)), centralDbs(s)),
      precondition: (s, t) => neutronCanReachDbs(s, t.node),
      // Servers that serve nothing now (hung, down, sessions broken) restart at once: there is
      // no API to keep up by rolling them; one that serves is restarted alone, after them.
      together: (s, t) => neutronServesNothing(s, t.node),
      timeoutMs: 120_000,
      intervalMs: 500,
    },
    {
      // Split layout only: neutron-rpc-server beside neutron-api (it owns OVN's maintenance).
      id: "restart-neutron-rpc",
      targets: (s, inv) =>
        nodesRunning(inv, "neutron-server").filter((t) => runsNeutronRpc(s, t.node)),
      action: (t, s) => ({
        verb: "restart",
        unit: asRestartable(unitFor(s, t.node, "neutron-rpc")),
      }),
      verify: (s, t, since) => neutronRpcOk(s, t.node, since),
      reads: { journal: true },
      precondition: (s, t) => neutronCanReachDbs(s, t.node),
      timeoutMs: 120_000,
      intervalMs: 500,
    },
    {
      id: "reconnect-controller",
      targets: (_s, inv) => nodesRunning(inv, "ovn-controller"),
      action: (t, s) => ({
        verb: "restart",
        unit: asRestartable(unitFor(s, t.node, "ovn-controller")),
      }),
      verify: (s, t) => controllerOk(s, t.node),
      // SB just came back: a running ovn-controller reconnects at its next retry, and a restart
      // would make a gateway chassis' router gateways move and be elected again.
      underway: (s, t) => all(controllerReconnecting(s, t.node), centralDbs(s)),
      precondition: (s) => centralDbs(s),
      timeoutMs: 60_000,
      // Its connection to SB is not something the change watch follows (the unit's start is):
      // polled, at the pace of the database steps, since it connects within a moment.
      intervalMs: 250,
    },
    rebindGateway,
    verifyGateways,
  ],
};

function bothDbs(snapshot: Parameters<typeof dbAnswers>[0], node: string) {
  const nb = dbAnswers(snapshot, node, "NB");
  return nb.ok ? dbAnswers(snapshot, node, "SB") : nb;
}

/**
 * neutron-server is only (re)started when the databases answer and answer where it points:
 * against a closed endpoint a restart only adds another crash loop.
 */
export function neutronCanReachDbs(snapshot: Parameters<typeof dbAnswers>[0], node: string) {
  const dbs = centralDbs(snapshot);
  return dbs.ok ? all(dbs, neutronEndpointsServed(snapshot, node)) : dbs;
}

/** Every node that should run NB/SB answers: clients are only restarted against live DBs. */
export function centralDbs(snapshot: Parameters<typeof dbAnswers>[0]) {
  const central = snapshot.nodes.filter((n) =>
    expectedServices(n.profile as Profile, n.roles).some((s) => s.service === "nb-db"),
  );
  for (const n of central) {
    const c = bothDbs(snapshot, n.name);
    if (!c.ok) return c;
  }
  if (!central.length) return { ok: false, fact: "no node runs the OVN databases" };
  const clusters = ovnClusters(snapshot);
  return all(
    { ok: true, fact: `NB and SB answer on ${central.map((n) => n.name).join(", ")}` },
    // Clustered: a majority and a leader too (standalone: nothing more to say).
    isClustered(snapshot, clusters) ? clustersFormed(snapshot, clusters) : null,
  );
}
