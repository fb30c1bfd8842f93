import { ref } from "@/lib/model/element";
import { findUnit, serviceUnit } from "@/lib/facts/services";
import { unitJournal } from "@/lib/facts/journal";
import type { Profile } from "@/lib/inventory/schema";
import { centralDbs, neutronServices, serviceSpecs, type CentralDbSpec } from "@/lib/profiles";
import type { JournalEntry, NodeData, NodeSnapshot, Unit } from "@/lib/model/snapshot";
import { parseOvsdbConnection } from "@/lib/facts/ovsdb-address";
import { evidence, journalEvidence, unitEvidence } from "../evidence";
import { currentData } from "@/lib/model/current";
import { finding } from "../finding";
import type { RuleFinding, Rule } from "../types";

const ms = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

/** Does a client's journal line name this database (its port, or its file or socket stem)? */
const namesDb = (spec: CentralDbSpec, j: JournalEntry) =>
  j.message.includes(String(spec.port)) || j.message.includes(spec.marker);

/** The databases' clients on a node: ovn-northd and Neutron's server units (either layout). */
const clientsOf = (profile: Profile) =>
  serviceSpecs(profile).filter(
    (s) => s.service === "northd" || neutronServices(profile).includes(s),
  );

/** A client's journal line saying it could not reach a database. */
const FAILED =
  /Connection refused|Could not retrieve schema|Unable to open stream|connection attempt failed|No such file or directory/;

/** Grace for a client to reconnect after its database came up (ovsdb-idl backs off to 8 s). */
const RECONNECT_GRACE_MS = 30_000;

/** Does the client reach this database on this node (Neutron: its ovn_*_connection says so)? */
function clientUsesLocalDb(
  node: NodeSnapshot,
  data: NodeData,
  service: string,
  db: "nb" | "sb",
): boolean {
  if (service === "northd") return true; // ovn-northd's default remotes are the local sockets
  const connection =
    db === "nb" ? data.config?.neutronOvn.nbConnection : data.config?.neutronOvn.sbConnection;
  const target = connection ? parseOvsdbConnection(connection) : null;
  if (!target) return false;
  return (
    target.proto === "unix" ||
    ["127.0.0.1", "::1", "localhost", node.address, node.name].includes(target.host)
  );
}

function ordersAfter(client: Unit, db: Unit): boolean {
  return client.after.some((a) => a === db.id || db.names.includes(a));
}

/**
 * Start-order problems (DESIGN §4): a client of the OVN databases (ovn-northd, neutron-server)
 * that started while a database on its node was not up yet and did not recover after it came
 * up. Only what the collected facts show, never start order alone (a client that started first
 * and reconnected is fine; the healthy lab has exactly that):
 * - gave-up: the client is down now, it went down before the database last became active,
 *   and its journal says why (connection refused / no schema) just before it went down —
 *   nothing started it again once the database was there;
 * - not-reconnected: the client runs since before the database last became active, and its
 *   journal still shows failed connections to that database well after it came up.
 * The cause says whether the client's unit is ordered After= the database's unit.
 */
export const startOrder: Rule = {
  id: "start-order",
  // A client that gave up before its database was up explains its own down state.
  explains: [
    {
      rank: "setup",
      explains: [
        { rule: "service", same: "service" },
        { rule: "neutron-crashloop", same: "service" },
      ],
    },
    {
      rank: "setup",
      cause: { service: ["neutron-server"] },
      explains: [{ rule: "gateway", variant: ["unverifiable"] }],
    },
  ],
  run(snapshot) {
    const out: RuleFinding[] = [];
    for (const node of snapshot.nodes) {
      const data = currentData(node);
      if (!data) continue;
      for (const spec of clientsOf(node.profile as Profile)) {
        const service = spec.service;
        const client = serviceUnit(data, spec);
        if (!client || client.loadState !== "loaded") continue;
        if (["disabled", "masked", "masked-runtime"].includes(client.unitFileState)) continue;
        const lines = unitJournal(data, client).filter((j) => FAILED.test(j.message));
        for (const dbSpec of centralDbs(node.profile)) {
          const db = dbSpec.db === "NB" ? "nb" : "sb";
          const dbUnit = findUnit(data, [dbSpec.unit]);
          if (!dbUnit || dbUnit.activeState !== "active") continue;
          if (!clientUsesLocalDb(node, data, service, db)) continue;
          const dbUp = ms(dbUnit.activeEnterTimestamp);
          if (Number.isNaN(dbUp)) continue;
          const about = lines.filter((j) => namesDb(dbSpec, j));
          const seenUntil = ms(data.journalCollectedAt ?? node.dataCollectedAt);
          const variant = judge(client, dbUp, about, seenUntil);
          if (!variant) continue;
          const shown =
            variant.kind === "gave-up"
              ? about.filter((j) => ms(j.time) <= dbUp).slice(-3)
              : about.filter((j) => ms(j.time) > dbUp + RECONNECT_GRACE_MS).slice(-3);
          const after = ordersAfter(client, dbUnit);
          out.push(
            finding({
              rule: "start-order",
              variant: `${variant.kind}${after ? "" : ".no-after"}`,
              subject: `${node.name}:${service}:${db}`,
              severity: variant.kind === "gave-up" ? "critical" : "warning",
              params: {
                node: node.name,
                unit: client.id,
                db: dbUnit.id,
                dbUp: dbUnit.activeEnterTimestamp ?? "",
                clientAt: variant.at,
              },
              evidence: [
                unitEvidence(node, client),
                unitEvidence(node, dbUnit),
                evidence(
                  node,
                  "units",
                  `${client.id} After=${client.after.join(" ") || "(none)"}`,
                  `systemctl show -p After ${client.id}`,
                ),
                ...shown.map((j) => journalEvidence(node, client.id, j)),
              ],
              affects: [ref.node(node.name), ref.service(node.name, service)],
              runbook: service === "northd" ? "restart-northd-safely" : "rolling-neutron-restart",
            }),
          );
        }
      }
    }
    return out;
  },
};

function judge(
  client: Unit,
  dbUp: number,
  about: JournalEntry[],
  seenUntil: number,
): { kind: "gave-up" | "not-reconnected"; at: string } | null {
  const down = ms(client.inactiveEnterTimestamp);
  if (client.activeState === "inactive" || client.activeState === "failed") {
    // It went down before the DB came up, and its last words were about that DB.
    if (Number.isNaN(down) || down > dbUp) return null;
    const why = about.some((j) => ms(j.time) <= down + 5_000 && ms(j.time) >= down - 120_000);
    return why ? { kind: "gave-up", at: client.inactiveEnterTimestamp! } : null;
  }
  if (client.activeState === "active") {
    const up = ms(client.activeEnterTimestamp);
    if (Number.isNaN(up) || up >= dbUp) return null;
    // Still failing: after the grace, and lately (the journal was read at seenUntil).
    const still = about.some(
      (j) =>
        ms(j.time) > dbUp + RECONNECT_GRACE_MS &&
        (Number.isNaN(seenUntil) || ms(j.time) >= seenUntil - 120_000),
    );
    return still ? { kind: "not-reconnected", at: client.activeEnterTimestamp! } : null;
  }
  return null;
}
