import { findUnit } from "@/lib/facts/services";
import type { NodeData, NodeSnapshot, Unit } from "@/lib/model/snapshot";
import { evidence, unitEvidence } from "../evidence";
import { currentData } from "@/lib/model/current";
import { finding } from "../finding";
import { execStopSource, stopsDatabases } from "@/lib/facts/northd-stop";
import type { Evidence, Finding, Rule } from "../types";

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

/** The journal lines of this stop (within a minute of it), not of an earlier one. */
function journalEvidence(node: NodeSnapshot, data: NodeData, stoppedAt: number): Evidence[] {
  return data.journal
    .filter((j) =>
      /Exiting ovn[ns]b_db|ovn-ovsdb-server-[ns]b\.service: Deactivated/.test(j.message),
    )
    .filter((j) => Math.abs(ms(j.time) - stoppedAt) <= 60_000)
    .slice(-4)
    .map((j) => ({
      ...evidence(
        node,
        "journal",
        `${j.time} ${j.identifier || j.unit}: ${j.message}`,
        "journalctl -u ovn-northd -u ovn-ovsdb-server-nb -u ovn-ovsdb-server-sb",
      ),
      at: j.time,
    }));
}

export const northdStopsDbs: Rule = {
  id: "northd-stops-dbs",
  run(snapshot) {
    const out: Finding[] = [];
    for (const node of snapshot.nodes) {
      const data = currentData(node);
      if (!data) continue;
      const northd = findUnit(data, ["ovn-northd.service"]);
      if (!northd || northd.loadState !== "loaded" || !stopsDatabases(northd)) continue;
      const source = execStopSource(northd, data);
      const execStop = northd.execStop.map((c) => c.argv.join(" ")).join("; ");
      const dbs = ["ovn-ovsdb-server-nb.service", "ovn-ovsdb-server-sb.service"]
        .map((id) => findUnit(data, [id]))
        .filter((u): u is Unit => u !== undefined);
      const stopped = dbs.filter((db) => stoppedWithNorthd(db, northd));
      const params = {
        node: node.name,
        execStop,
        source,
        dbs: (stopped.length ? stopped : dbs).map((u) => u.id).join(", "),
      };
      const hazardEvidence = evidence(
        node,
        "units",
        `ovn-northd.service ExecStop=${execStop} (from ${source})`,
        "systemctl show -p ExecStop,DropInPaths ovn-northd",
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
              ...stopped.map((u) => unitEvidence(node, u)),
              ...journalEvidence(
                node,
                data,
                Math.max(...stopped.map((u) => ms(u.inactiveEnterTimestamp))),
              ),
            ],
            affects: [
              `node:${node.name}`,
              `service:${node.name}:northd`,
              ...stopped.map(
                (u) => `service:${node.name}:${u.id.includes("-nb") ? "nb-db" : "sb-db"}`,
              ),
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
            evidence: [hazardEvidence, ...dbs.map((u) => unitEvidence(node, u))],
            affects: [`service:${node.name}:northd`],
            runbook: null,
          }),
        );
      }
    }
    return out;
  },
};
