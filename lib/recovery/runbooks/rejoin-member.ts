import { backupDbs, verifyClusters } from "./shared-steps";
import { ovnClusters, type CentralDbName, type ClusterView } from "@/lib/facts/ovn-cluster";
import type { Snapshot } from "@/lib/model/snapshot";
import type { Check, Runbook, StepSpec, StepTarget } from "../types";
import { kickStaleServer } from "./remove-stale-member";

/**
 * One controller's NB or SB member answers for a cluster of its own (its files re-created) or
 * says it is still joining or has left: it joins the cluster again under a new server id. The
 * member's DB file is moved aside on its node (act rejoin-cluster: renamed, never deleted), the
 * stock unit started joining through its configured remote address, and verified a "cluster
 * member" of the cluster the others form; then its old server id, which nobody answers as any
 * more, is kicked through the leader, and the clusters are verified formed. Only while the
 * others hold a majority and a leader without this member (never a step that could break the
 * quorum), and confirmed by typing the member's name.
 */

/** The cluster `db` forms without `node`, and `node`'s own answer for that database. */
function standing(snapshot: Snapshot, db: CentralDbName, node: string) {
  const c = ovnClusters(snapshot).find((x) => x.db === db);
  const own =
    c &&
    [...c.foreign, ...c.notMembers, ...c.up.flatMap((u) => (u.report ? [u.report] : []))].find(
      (r) => r.node.name === node,
    );
  return { c, own };
}

/** The member is outside the cluster: another cluster's, or joining/left. */
function outside(c: ClusterView, node: string): boolean {
  return (
    c.foreign.some((r) => r.node.name === node) || c.notMembers.some((r) => r.node.name === node)
  );
}

/** Rejoined: the node answers as a "cluster member" of the cluster the others form. */
function rejoined(snapshot: Snapshot, t: StepTarget): Check {
  const db = t.member!.db;
  const { c, own } = standing(snapshot, db, t.node);
  if (!c?.clusterId) return { ok: false, fact: `${db}: no cluster read` };
  if (!own) return { ok: false, fact: `${t.node}'s ${db} member does not answer` };
  const ok = own.status.clusterId === c.clusterId && own.status.status === "cluster member";
  return {
    ok,
    fact: `${t.node}'s ${db} server ${own.status.serverId.slice(0, 4)}: ${own.status.status} of cluster ${own.status.clusterId ?? "not yet known"}${ok ? "" : `, not of ${c.clusterId}`}`,
  };
}

/** The others keep a majority and a leader without this member, so taking it down is safe. */
function othersHoldQuorum(snapshot: Snapshot, t: StepTarget): Check {
  const db = t.member!.db;
  const { c } = standing(snapshot, db, t.node);
  if (!c) return { ok: false, fact: `${db}: no cluster read` };
  const others = c.up.filter((u) => u.node !== t.node);
  const leader = c.leaders.find((l) => l.node.name !== t.node);
  if (others.length < c.quorum || !leader)
    return {
      ok: false,
      fact: `${db}: without ${t.node}, ${others.length} of ${c.servers.length} servers up (${c.quorum} needed)${leader ? "" : ", and no other member leads"}: rejoining it could leave the cluster without a majority`,
    };
  return {
    ok: true,
    fact: `${db}: without ${t.node}, ${others.length} of ${c.servers.length} up, leader ${leader.node.name} (term ${leader.status.term})`,
  };
}

const rejoinDb: StepSpec = {
  id: "rejoin-db",
  targets: () => [],
  // One step per database whose member on the chosen node is outside its cluster.
  forChosen: (s, node) =>
    (["NB", "SB"] as const).flatMap((db) => {
      const { c, own } = standing(s, db, node);
      // Only into a cluster whose id its members say (act needs it, and checks against it).
      return c?.clusterId && own && outside(c, node)
        ? [{ node, member: { db, sid: own.status.serverId.slice(0, 4) } }]
        : [];
    }),
  action: (t, s) => ({
    verb: "rejoin-cluster",
    db: t.member!.db === "NB" ? "nb" : "sb",
    clusterId: standing(s, t.member!.db, t.node).c?.clusterId ?? "",
  }),
  precondition: othersHoldQuorum,
  verify: rejoined,
  timeoutMs: 90_000,
  intervalMs: 1000,
};

export const rejoinMember: Runbook = {
  id: "rejoin-member",
  takesNode: "nb-db",
  confirmWith: "target",
  steps: [
    backupDbs(() => []),
    rejoinDb,
    {
      ...kickStaleServer,
      // The chosen node's old server ids: listed by the cluster, answered by nobody now (the
      // node answers for another cluster), stale once it has rejoined under a new id.
      forChosen: (s, node) =>
        ovnClusters(s).flatMap((c) => {
          const via = c.leaders.find((l) => l.node.name !== node)?.node.name;
          // Only where this runbook rejoins the member: a member that is merely down keeps its id.
          return via && outside(c, node)
            ? c.servers
                .filter((x) => x.node === node && !x.report)
                .map((x) => ({ node: via, member: { db: c.db, sid: x.sid } }))
            : [];
        }),
    },
    verifyClusters(() => []),
  ],
};
