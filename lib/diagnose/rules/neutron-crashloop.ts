import { findUnit } from "@/lib/health/services";
import { currentData, journalEvidence, unitEvidence } from "../evidence";
import { finding } from "../finding";
import type { Finding, Rule } from "../types";

const ms = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

export const REFUSED =
  /Connection refused|Could not retrieve schema from (tcp|ssl):|failed to connect to "?(tcp|ssl):/;

/**
 * neutron-server exiting and being restarted by systemd, with the log lines that say why.
 * In the seed's lab reproduction the lines name the SB port 6642, not 6641: the evidence is
 * whatever the journal says, never an assumed port.
 */
export const neutronCrashloop: Rule = {
  id: "neutron-crashloop",
  run(snapshot) {
    const out: Finding[] = [];
    for (const node of snapshot.nodes) {
      const data = currentData(node);
      if (!data) continue;
      const unit = findUnit(data, ["neutron-server.service", "neutron-api.service"]);
      if (!unit) continue;
      const lines = data.journal.filter(
        (j) => j.unit.startsWith("neutron-server") && REFUSED.test(j.message),
      );
      // Between two crashes the unit is "active (running)" for a few seconds: NRestarts and
      // fresh connection errors since shortly before its last start still say crash loop.
      const since = ms(unit.activeEnterTimestamp) - 120_000;
      const recent = lines.filter((j) => ms(j.time) >= since);
      const autoRestart = unit.activeState === "activating" && unit.subState === "auto-restart";
      const looping =
        autoRestart || (unit.nRestarts > 0 && (unit.activeState !== "active" || recent.length > 0));
      if (!looping && unit.activeState !== "failed") continue;
      const endpoint =
        lines.map((j) => /((?:tcp|ssl):[\d.:[\]a-f]+:\d+)/i.exec(j.message)?.[1]).find(Boolean) ??
        "";
      out.push(
        finding({
          rule: "neutron-crashloop",
          variant: lines.length ? "refused" : "generic",
          subject: node.name,
          severity: "critical",
          params: { node: node.name, unit: unit.id, restarts: unit.nRestarts, endpoint },
          evidence: [
            unitEvidence(node, unit),
            ...lines.slice(-3).map((j) => journalEvidence(node, unit.id, j)),
          ],
          affects: [`node:${node.name}`, `service:${node.name}:neutron-server`],
          runbook: "rolling-neutron-restart",
        }),
      );
    }
    return out;
  },
};
