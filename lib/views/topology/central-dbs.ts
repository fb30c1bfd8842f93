import { dbServers } from "@/lib/facts/central-dbs";
import { neutronDbConnections } from "@/lib/facts/ovn-central";
import { clusterView, type ClusterView } from "@/lib/facts/ovn-cluster";
import { CLIENT_PROCESS, dbSessions, serversOf, type DbSession } from "@/lib/facts/ovsdb-sessions";
import { isCurrent } from "@/lib/model/current";
import type { Health } from "@/lib/model/health";
import { centralDb, centralDbs } from "@/lib/profiles";
import type { Graph } from "./graph";
import type { CentralCard, CentralServices } from "./services";
import { elementId, ref } from "@/lib/model/element";

/**
 * A client's edge to a database is as good as the database's socket: is anything serving it?
 * `port` null: a local client (northd, over the unix socket): is the database's ovsdb-server
 * running at all?
 */
function dbEdgeHealth({ host, service }: CentralCard, port: number | null): Health {
  if (!host.data || !isCurrent(host)) return host.data ? "stale" : "unknown";
  if (port !== null) return host.data.listeners.some((l) => l.port === port) ? "ok" : "down";
  const spec = centralDbs(host.profile).find((d) => d.service === service)!;
  return dbServers(host.data, spec).procs.length > 0 ? "ok" : "down";
}

/**
 * The connections to OVN's central databases: neutron-server's (and its RPC server's) to NB and
 * SB on the ports its [ovn] connections name, northd's to both over their local sockets, and
 * every chassis' ovn-controller to SB.
 */
export function addCentralDbEdges(g: Graph, central: CentralServices): void {
  const nbCluster = clusterView(g.snapshot, "NB");
  const sbCluster = clusterView(g.snapshot, "SB");
  addRaftEdges(g, central("nb-db"), nbCluster);
  addRaftEdges(g, central("sb-db"), sbCluster);
  // Clients are drawn to the members their sessions are on, as the members' ovsdb-servers list
  // them (NodeData.connections); where that is not known (a reader without the section, a
  // client not in the inventory), a cluster's clients go to its leader, else to every member.
  const nbs = clientTargets(central("nb-db"), nbCluster);
  const sbs = clientTargets(central("sb-db"), sbCluster);
  const sessions = { NB: dbSessions(g.snapshot, "NB"), SB: dbSessions(g.snapshot, "SB") };
  const targets = (db: "NB" | "SB", client: string, process: RegExp) =>
    sessionTargets(central(db === "NB" ? "nb-db" : "sb-db"), sessions[db], client, process) ??
    (db === "NB" ? nbs : sbs);
  const connections = neutronDbConnections(g.snapshot);
  // Neutron's API and, in the split layout, its RPC server read the same [ovn] connections.
  for (const neutron of [...central("neutron-server"), ...central("neutron-rpc")]) {
    const portOf = (db: "NB" | "SB") =>
      connections.find((c) => c.configNode === neutron.host && c.db === db)?.target?.port ??
      centralDb(neutron.host.profile, db).port;
    for (const db of ["NB", "SB"] as const) {
      const port = portOf(db);
      for (const server of targets(db, neutron.host.name, CLIENT_PROCESS.neutron))
        g.edge(
          neutron.card.id,
          server.card.id,
          `${db} ${port}`,
          dbEdgeHealth(server, port),
          g.about(elementId(ref.neutronDb(db))),
        );
    }
  }
  // northd talks to the databases over their local unix sockets (or, clustered, to the members
  // its sessions are on).
  for (const northd of central("northd"))
    for (const db of [
      ...targets("NB", northd.host.name, CLIENT_PROCESS.northd),
      ...targets("SB", northd.host.name, CLIENT_PROCESS.northd),
    ])
      g.edge(northd.card.id, db.card.id, db.card.label, dbEdgeHealth(db, null));
  for (const host of g.snapshot.nodes) {
    const conn = host.data?.controllerConnection;
    if (conn === null || conn === undefined) continue;
    const current = isCurrent(host);
    for (const db of targets("SB", host.name, CLIENT_PROCESS.controller))
      g.edge(
        elementId(ref.node(host.name)),
        db.card.id,
        "ovn-controller",
        !current ? "stale" : conn === "connected" ? "ok" : "down",
        g.about(elementId(ref.service(host.name, "ovn-controller"))),
      );
  }
}

/** The database cards `client`'s `process` holds sessions with; null when none is known. */
function sessionTargets(
  cards: CentralCard[],
  sessions: DbSession[],
  client: string,
  process: RegExp,
): CentralCard[] | null {
  const on = new Set(serversOf(sessions, client, process));
  const hit = cards.filter((c) => on.has(c.host.name));
  return hit.length ? hit : null;
}

/** The members clients are drawn to: a cluster's leader, else every member; standalone: all. */
function clientTargets(cards: CentralCard[], cluster: ClusterView | null): CentralCard[] {
  if (!cluster) return cards;
  const leaderNodes = new Set(cluster.leaders.map((l) => l.node.name));
  const leaders = cards.filter((c) => leaderNodes.has(c.host.name));
  return leaders.length ? leaders : cards;
}

/**
 * The raft links between a clustered database's members, each pair once: ok when both answer
 * as members and neither reports its connection to the other failing, down otherwise.
 */
function addRaftEdges(g: Graph, cards: CentralCard[], cluster: ClusterView | null): void {
  if (!cluster) return;
  const sidOf = (c: CentralCard) => cluster.servers.find((s) => s.node === c.host.name);
  for (const [i, a] of cards.entries())
    for (const b of cards.slice(i + 1)) {
      const [sa, sb] = [sidOf(a), sidOf(b)];
      if (!sa || !sb) continue;
      const failing = (from: typeof sa, to: typeof sb) =>
        from.report?.status.connections.some((c) => c.sid === to.sid && c.failing) ?? true;
      const health: Health =
        !isCurrent(a.host) || !isCurrent(b.host)
          ? "stale"
          : !sa.report || !sb.report || failing(sa, sb) || failing(sb, sa)
            ? "down"
            : "ok";
      g.edge(a.card.id, b.card.id, "raft", health);
    }
}
