import { ref } from "@/lib/model/element";
import { findUnit } from "@/lib/facts/services";
import type { NodeData, NodeSnapshot, Unit } from "@/lib/model/snapshot";
import { centralDbs, unitsOf, type CentralDbSpec } from "@/lib/profiles";
import { evidence, unitEvidence } from "../evidence";
import { currentData } from "@/lib/model/current";
import { finding } from "../finding";
import { execStopSource, stopsDatabases } from "@/lib/facts/northd-stop";
import type { Evidence, RuleFinding, Rule } from "../types";

const ms = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

/**
 * The DB unit went inactive while northd was being stopped: ovn-ctl stops the databases
 * inside northd's ExecStop, so the DB's InactiveEnterTimestamp falls just before northd's own
 * (systemd marks northd inactive when ExecStop returns), and before northd's next start.
 * A DB stopped after northd came back (by hand, later) does not match.
 */
function stoppedWithNorthd(db: Unit, northd: Unit): boolean {
  const down = ms(db.inactiveEnterTimestamp);
  if (db.activeState === "active" || Number.isNaN(down)) return false;
  const within = (t: number, before: number, after: number) =>
    !Number.isNaN(t) && down >= t - before && down <= t + after;
  return within(ms(northd.inactiveEnterTimestamp), 15_000, 1_000);
}

/** A unit as `journalctl -u` and `systemctl` take it by hand: without its .service suffix. */
const stem = (unit: string) => unit.replace(/\.service$/, "");

/**
 * The journal lines of this stop (within a minute of it), not of an earlier one: a database's
 * server saying it exits, or systemd saying its unit was deactivated.
 */
function journalEvidence(
  node: NodeSnapshot,
  data: NodeData,
  stoppedAt: number,
  northdUnit: string,
  dbs: CentralDbSpec[],
): Evidence[] {
  const command = `journalctl ${[northdUnit, ...dbs.map((d) => d.unit)].map((u) => `-u ${stem(u)}`).join(" ")}`;
  return data.journal
    .filter((j) =>
      dbs.some(
        (d) =>
          j.message.includes(`Exiting ${d.marker}`) || j.message.includes(`${d.unit}: Deactivated`),
      ),
    )
    .filter((j) => Math.abs(ms(j.time) - stoppedAt) <= 60_000)
    .slice(-4)
    .map((j) => ({
      ...evidence(node, "journal", `${j.time} ${j.identifier || j.unit}: ${j.message}`, command),
      at: j.time,
    }));
}

export const northdStopsDbs: Rule = {
  id: "northd-stops-dbs",
  explains: [
    {
      rank: "setup",
      // The stop that took the databases down; the hazard (nothing stopped yet) explains nothing.
      cause: { variant: [null] },
      explains: [
        // On its node: the databases it stopped and northd itself.
        { rule: "service", service: ["nb-db", "sb-db", "northd"], same: "node" },
        // Everything that needs the databases, wherever it runs.
        { rule: "db-endpoint" },
        { rule: "neutron-crashloop" },
        { rule: "service", service: ["neutron-server", "ovn-controller"] },
        { rule: "controller", variant: ["disconnected"] },
        { rule: "gateway" },
        // northd restarted against no SB: it cannot take the lock, so none is active.
        { rule: "northd-active", variant: ["none"] },
        // Clustered: the members it stopped are the members the cluster lost.
        { rule: "ovn-cluster", variant: ["quorum-lost", "member-down", "no-leader"] },
      ],
    },
  ],
  run(snapshot) {
    const out: RuleFinding[] = [];
    for (const node of snapshot.nodes) {
      const data = currentData(node);
      if (!data) continue;
      const northdUnits = unitsOf(node.profile, "northd");
      const northd = findUnit(data, northdUnits);
      if (!northd || northd.loadState !== "loaded" || !stopsDatabases(northd)) continue;
      const source = execStopSource(northd, data);
      const execStop = northd.execStop.map((c) => c.argv.join(" ")).join("; ");
      const specs = centralDbs(node.profile);
      const dbs = specs.flatMap((spec) => {
        const unit = findUnit(data, [spec.unit]);
        return unit ? [{ spec, unit }] : [];
      });
      const stopped = dbs.filter((db) => stoppedWithNorthd(db.unit, northd));
      const params = {
        node: node.name,
        execStop,
        source,
        dbs: (stopped.length ? stopped : dbs).map((db) => db.unit.id).join(", "),
      };
      const hazardEvidence = evidence(
        node,
        "units",
        `${northd.id} ExecStop=${execStop} (from ${source})`,
        `systemctl show -p ExecStop,DropInPaths ${stem(northd.id)}`,
      );
      if (stopped.length) {
        out.push({
          ...finding({
            rule: "northd-stops-dbs",
            subject: node.name,
            severity: "critical",
            params,
            evidence: [
              hazardEvidence,
              unitEvidence(node, northd),
              ...stopped.map((db) => unitEvidence(node, db.unit)),
              ...journalEvidence(
                node,
                data,
                Math.max(...stopped.map((db) => ms(db.unit.inactiveEnterTimestamp))),
                northd.id,
                specs,
              ),
            ],
            affects: [
              ref.node(node.name),
              ref.service(node.name, "northd"),
              ...stopped.map((db) => ref.service(node.name, db.spec.service)),
            ],
            runbook: "recover-ovn-central",
          }),
        });
      } else {
        out.push(
          finding({
            rule: "northd-stops-dbs",
            variant: "hazard",
            subject: `${node.name}:hazard`,
            severity: "warning",
            params,
            // The databases it names, as they are now (what a restart would stop).
            evidence: [hazardEvidence, ...dbs.map((db) => unitEvidence(node, db.unit))],
            affects: [ref.service(node.name, "northd")],
            runbook: null,
          }),
        );
      }
    }
    return out;
  },
};
