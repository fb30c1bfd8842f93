import { parseOvsdbConnection } from "@/lib/views/ovn-central";
import { currentData, evidence } from "../evidence";
import { finding } from "../finding";
import type { Finding, Rule } from "../types";

const ANY = new Set(["0.0.0.0", "::", "*"]);

/**
 * Neutron's [ovn] ovn_nb_connection / ovn_sb_connection name an address and port; the node
 * with that address must listen there. Catches "DB down", "wrong port in ml2_conf.ini" and
 * "DB listens on its unix socket only" alike.
 */
export const dbEndpoint: Rule = {
  id: "db-endpoint",
  run(snapshot) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const configNode of snapshot.nodes) {
      const ovn = currentData(configNode)?.config?.neutronOvn;
      if (!ovn) continue;
      for (const [db, connection] of [
        ["NB", ovn.nbConnection],
        ["SB", ovn.sbConnection],
      ] as const) {
        if (!connection) continue;
        const target = parseOvsdbConnection(connection);
        if (!target || target.port === null) continue;
        const host = snapshot.nodes.find((n) => n.address === target.host);
        const data = host && currentData(host);
        if (!host || !data) continue;
        const key = `${db}:${connection}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const listeners = data.listeners.filter(
          (l) => l.port === target.port && (ANY.has(l.address) || l.address === target.host),
        );
        if (listeners.length) continue;
        const dbPort = db === "NB" ? 6641 : 6642;
        const elsewhere = target.port !== dbPort && data.listeners.some((l) => l.port === dbPort);
        out.push(
          finding({
            rule: "db-endpoint",
            variant: elsewhere ? "wrong-port" : "closed",
            subject: `${db.toLowerCase()}:${host.name}:${target.port}`,
            severity: "critical",
            params: {
              db,
              connection,
              node: host.name,
              port: target.port,
              configNode: configNode.name,
              source: ovn.source ?? "?",
              dbPort,
            },
            evidence: [
              evidence(
                configNode,
                "config",
                `[ovn] ovn_${db.toLowerCase()}_connection = ${connection} (${ovn.source ?? "?"})`,
                `grep ovn_${db.toLowerCase()}_connection ${ovn.source ?? "/etc/neutron/plugins/ml2/ml2_conf.ini"}`,
              ),
              evidence(
                host,
                "listen",
                `no socket listens on port ${target.port}; listening: ${
                  data.listeners
                    .map((l) => l.port)
                    .sort((a, b) => a - b)
                    .join(", ") || "none"
                }`,
              ),
            ],
            affects: [
              `node:${host.name}`,
              `service:${host.name}:${db === "NB" ? "nb-db" : "sb-db"}`,
              `edge:neutron-${db.toLowerCase()}`,
            ],
            runbook: elsewhere ? null : "recover-ovn-central",
          }),
        );
      }
    }
    return out;
  },
};
