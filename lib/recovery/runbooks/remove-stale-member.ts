import { backupDbs, verifyClusters } from "./shared-steps";
import { ovnClusters, type ClusterView } from "@/lib/facts/ovn-cluster";
import type { Snapshot } from "@/lib/model/snapshot";
import type { Check, Runbook, StepSpec, StepTarget } from "../types";

/**
 * A rebuilt controller that joined its cluster again under a new server id leaves the old id in
 * the configuration: it still counts toward the majority, so the cluster needs one member more
 * than it has to stay writable. This runbook removes each such id (`cluster/kick`, through the
 * leader's node), after a backup there, and verifies the id is gone from the leader's list and
 * the cluster still has its leader and majority. Which ids are stale comes from lib/facts (an
 * id no member answers as, at an address whose node answers as another id), never from a
 * request; act checks on the node again that the id names one other server.
 */

/** Where to kick each stale server from: the leader's node (else a member that answers). */
function kickTargets(snapshot: Snapshot): StepTarget[] {
  return ovnClusters(snapshot).flatMap((c) => {
    const via = c.leaders[0]?.node.name ?? c.up.find((u) => u.report)?.report?.node.name;
    return via ? c.stale.map((s) => ({ node: via, member: { db: c.db, sid: s.sid } })) : [];
  });
}

function clusterOf(snapshot: Snapshot, t: StepTarget): ClusterView | undefined {
  return ovnClusters(snapshot).find((c) => c.db === t.member?.db);
}

/** The server is no longer in the configuration the leader lists. */
function serverGone(snapshot: Snapshot, t: StepTarget): Check {
  const c = clusterOf(snapshot, t);
  const sid = t.member?.sid;
  if (!c || !sid) return { ok: false, fact: `${t.member?.db ?? "?"}: no cluster read` };
  const listed = c.servers.find((s) => s.sid === sid);
  if (listed)
    return {
      ok: false,
      fact: `${c.db} still lists server ${sid} at ${listed.address} (${c.servers.length} servers)`,
    };
  return {
    ok: true,
    fact: `${c.db} lists ${c.servers.length} servers, none ${sid}: ${c.servers.map((s) => `${s.sid} (${s.node ?? s.address})`).join(", ")}`,
  };
}

/**
 * Kick only what is stale now and only through a cluster that can commit the change: a server
 * that answers again (the node came back under its old id) is a member, not stale.
 */
function stillStale(snapshot: Snapshot, t: StepTarget): Check {
  const c = clusterOf(snapshot, t);
  if (!c) return { ok: false, fact: `${t.member?.db ?? "?"}: no cluster read` };
  if (c.leaders.length !== 1 || c.up.length < c.quorum)
    return {
      ok: false,
      fact: `${c.db} cannot commit a configuration change now: ${c.up.length} of ${c.servers.length} up (${c.quorum} needed), ${c.leaders.length} leader(s)`,
    };
  const stale = c.stale.find((s) => s.sid === t.member?.sid);
  if (!stale)
    return {
      ok: false,
      fact: `${c.db}: server ${t.member?.sid} is not stale (no longer listed, or its node answers as it)`,
    };
  const now = c.up.find((u) => u.node === stale.node);
  return {
    ok: true,
    fact: `${c.db}: ${stale.sid} at ${stale.address} is stale (${stale.node} answers as ${now?.sid ?? "another id"}); leader ${c.leaders[0]!.node.name}`,
  };
}

export const kickStaleServer: StepSpec = {
  id: "kick-stale-server",
  targets: kickTargets,
  action: (t) => ({
    verb: "cluster-kick",
    db: t.member!.db === "NB" ? "nb" : "sb",
    sid: t.member!.sid,
  }),
  precondition: stillStale,
  verify: serverGone,
  timeoutMs: 30_000,
  intervalMs: 500,
};

export const removeStaleMember: Runbook = {
  id: "remove-stale-member",
  steps: [
    // A copy on every node a kick runs through, once each.
    backupDbs((s) => [...new Set(kickTargets(s).map((t) => t.node))].map((node) => ({ node }))),
    kickStaleServer,
    verifyClusters((s) =>
      ovnClusters(s)
        .flatMap((c) => c.leaders.map((l) => ({ node: l.node.name })))
        .slice(0, 1),
    ),
  ],
};
