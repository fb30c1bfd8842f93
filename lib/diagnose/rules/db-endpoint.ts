import { ref } from "@/lib/model/element";
import { listenersFor, neutronDbConnections } from "@/lib/facts/ovn-central";
import { closedPortEvidence, evidence } from "../evidence";
import { currentData } from "@/lib/model/current";
import { finding } from "../finding";
import { dbServers } from "@/lib/facts/central-dbs";
import { listeningPorts } from "@/lib/facts/ovsdb-address";
import { centralDb, profileOf } from "@/lib/profiles";
import type { RuleFinding, Rule } from "../types";

/**
 * Neutron's [ovn] ovn_nb_connection / ovn_sb_connection name an address and port; the node
 * with that address must listen there. Catches "DB down", "wrong port in ml2_conf.ini" and
 * "DB listens on its unix socket only" alike.
 */
export const dbEndpoint: Rule = {
  id: "db-endpoint",
  explains: [
    {
      rank: "endpoint",
      explains: [
        { rule: "neutron-crashloop" },
        { rule: "service", service: ["neutron-server"] },
        { rule: "gateway", variant: ["unverifiable"] },
      ],
    },
  ],
  run(snapshot) {
    const out: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const { db, connection, configNode, source, target } of neutronDbConnections(
      snapshot,
      currentData,
    )) {
      if (!target || target.port === null) continue;
      const host = snapshot.nodes.find((n) => n.address === target.host);
      const data = host && currentData(host);
      if (!host || !data) continue;
      const key = `${db}:${connection}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (listenersFor(data, target.port, target.host).length) continue;
      const spec = centralDb(host.profile, db);
      const dbPort = spec.port;
      const elsewhere = target.port !== dbPort && data.listeners.some((l) => l.port === dbPort);
      // The database runs, answering only where its remotes say (e.g. its unix socket): no
      // restart opens the port; its configuration must.
      const remotes = db === "NB" ? data.nbRemotes : data.sbRemotes;
      const serving = dbServers(data, spec).procs.length > 0;
      const noTcpRemote =
        !elsewhere && serving && remotes !== null && listeningPorts(remotes).length === 0;
      const variant = elsewhere ? "wrong-port" : noTcpRemote ? "no-tcp-remote" : "closed";
      out.push(
        finding({
          rule: "db-endpoint",
          variant,
          subject: `${db.toLowerCase()}:${host.name}:${target.port}`,
          severity: "critical",
          params: {
            db,
            connection,
            node: host.name,
            port: target.port,
            configNode: configNode.name,
            source: source ?? "?",
            dbPort,
            dbLower: db.toLowerCase(),
            remotes: remotes?.join(", ") || "—",
          },
          evidence: [
            evidence(
              configNode,
              "config",
              `[ovn] ovn_${db.toLowerCase()}_connection = ${connection} (${source ?? "?"})`,
              `grep ovn_${db.toLowerCase()}_connection ${source ?? profileOf(configNode.profile).neutronConfig.ml2}`,
            ),
            closedPortEvidence(host, data, target.port),
            ...(noTcpRemote
              ? [
                  evidence(
                    host,
                    db === "NB" ? "nb-remotes" : "sb-remotes",
                    `${db} ovsdb-server remotes: ${remotes!.join(", ")}`,
                  ),
                ]
              : []),
          ],
          affects: [ref.node(host.name), ref.service(host.name, spec.service), ref.neutronDb(db)],
          runbook: variant === "closed" ? "recover-ovn-central" : null,
        }),
      );
    }
    return out;
  },
};
