import { ref } from "@/lib/model/element";
import { dbServers } from "@/lib/facts/central-dbs";
import { centralDbs } from "@/lib/profiles";
import { evidence, unitEvidence } from "../evidence";
import { currentData } from "@/lib/model/current";
import { finding } from "../finding";
import type { RuleFinding, Rule } from "../types";

const LOCK =
  /failed to lock lockfile|cannot lock file|database is locked|Resource temporarily unavailable.*\.db/i;
/**
 * An OVN ovsdb-server that systemd does not own (started by ovn-ctl by hand, or a second one
 * on the same database file), and the lock errors that mixed management causes.
 */
export const strayOvsdb: Rule = {
  id: "stray-ovsdb",
  explains: [
    {
      rank: "setup",
      explains: [
        // Its database's unit and endpoint, and Neutron, which needs that database.
        { rule: "service", same: "service" },
        { rule: "db-endpoint", same: "service" },
        { rule: "neutron-crashloop" },
        { rule: "service", service: ["neutron-server"] },
        { rule: "gateway", variant: ["unverifiable"] },
      ],
    },
  ],
  run(snapshot) {
    const out: RuleFinding[] = [];
    for (const node of snapshot.nodes) {
      const data = currentData(node);
      if (!data) continue;
      for (const spec of centralDbs(node.profile)) {
        const { db, marker, unit: unitName } = spec;
        const { unit, procs, owned, strays } = dbServers(data, spec);
        const lockLines = data.journal.filter(
          (j) => LOCK.test(j.message) && (j.unit === unitName || j.message.includes(marker)),
        );
        if (strays.length === 0 && lockLines.length === 0) continue;
        if (strays.length === 0 && unit?.activeState === "active" && procs.length === 1) continue; // an old lock line, resolved since
        const owner = owned ? procs.find((p) => p.pid === owned || p.ppid === owned) : undefined;
        // The words fit the facts: a second server only when the unit's own runs too, lock
        // errors only when journal lines show them.
        const variant = strays.length
          ? `${owner ? "second" : "outside"}${lockLines.length ? "-locked" : ""}`
          : "locked";
        const params = {
          node: node.name,
          db,
          dbLower: db.toLowerCase(),
          unit: unitName,
          state: unit ? `${unit.activeState} (${unit.subState})` : "not installed",
          pids: strays.map((p) => p.pid).join(", ") || "—",
          owned: owned || "—",
        };
        const f = finding({
          rule: "stray-ovsdb",
          variant,
          subject: `${node.name}:${db.toLowerCase()}`,
          severity: "critical",
          params,
          evidence: [
            ...(unit ? [unitEvidence(node, unit)] : []),
            ...(owner
              ? [
                  evidence(
                    node,
                    "procs",
                    `pid ${owner.pid} (${unitName}'s MainPID): ${owner.args.slice(0, 200)}`,
                  ),
                ]
              : []),
            ...strays.map((p) =>
              evidence(
                node,
                "procs",
                `pid ${p.pid} (ppid ${p.ppid}, not the unit's MainPID ${owned || "—"}): ${p.args.slice(0, 200)}`,
              ),
            ),
            ...lockLines.slice(-2).map((j) => ({
              ...evidence(
                node,
                "journal",
                `${j.time} ${j.message.slice(0, 240)}`,
                `journalctl -u ${unitName}`,
              ),
              at: j.time,
            })),
          ],
          affects: [ref.node(node.name), ref.service(node.name, spec.service)],
          runbook: "recover-ovn-central",
        });
        // Cause and action are the same whichever words describe the servers.
        const shared = (part: "cause" | "action") => ({
          key: `f.stray-ovsdb.${part}` as const,
          params,
        });
        out.push(strays.length ? { ...f, cause: shared("cause"), action: shared("action") } : f);
      }
    }
    return out;
  },
};
