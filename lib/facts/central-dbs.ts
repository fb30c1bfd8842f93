/**
 * OVN's central databases on a node: which ovsdb-server processes serve each database file,
 * which of them its unit owns, and which are strays (started by hand, or a second server on
 * the same file). Names come from the node's profile.
 */
import { findUnit } from "@/lib/facts/services";
import type { NodeData, Process, Unit } from "@/lib/model/snapshot";
import type { CentralDbSpec } from "@/lib/profiles";

export interface DbServers {
  spec: CentralDbSpec;
  /** The database's unit, when the node has it. */
  unit: Unit | undefined;
  /** Every ovsdb-server process serving this database's file. */
  procs: Process[];
  /** The unit's MainPID while it is active, else 0. */
  owned: number;
  /** The servers neither the unit's MainPID nor its child. */
  strays: Process[];
}

export function dbServers(data: NodeData, spec: CentralDbSpec): DbServers {
  const unit = findUnit(data, [spec.unit]);
  const procs = data.processes.filter(
    (p) => p.command === "ovsdb-server" && p.args.includes(spec.marker),
  );
  const owned = unit?.activeState === "active" ? unit.mainPid : 0;
  const strays = procs.filter((p) => p.pid !== owned && p.ppid !== owned);
  return { spec, unit, procs, owned, strays };
}
