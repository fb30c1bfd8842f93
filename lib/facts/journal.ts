/**
 * Whose journal lines are whose: a unit's own lines (by its id or any of its names), and a
 * watched service's lines on a node by the unit names its profile gives. collect-journal
 * files log-file lines (ovn-controller.log's claims, releases and BFD changes) under their
 * unit too, so they are found the same way.
 */
import { findUnit } from "@/lib/facts/services";
import type { JournalEntry, NodeData, Unit } from "@/lib/model/snapshot";
import { unitsOf, type Service } from "@/lib/profiles";

/** A line systemd (PID 1) wrote about a unit, not the unit's own process. */
export const bySystemd = (j: JournalEntry) => j.identifier === "systemd" || j.pid === 1;

/** The lines a unit logged, under its id or one of its names (aliases). */
export function unitJournal(data: NodeData, unit: Unit): JournalEntry[] {
  return data.journal.filter((j) => j.unit === unit.id || unit.names.includes(j.unit));
}

/** The lines a service logged on a node: under the profile's names for it or their aliases. */
export function serviceJournal(data: NodeData, profile: string, service: Service): JournalEntry[] {
  const names = unitsOf(profile, service);
  const unit = findUnit(data, names);
  const own = new Set([...names, ...(unit ? [unit.id, ...unit.names] : [])]);
  return data.journal.filter((j) => own.has(j.unit));
}
