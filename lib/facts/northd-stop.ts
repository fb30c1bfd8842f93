import type { NodeData, Unit } from "@/lib/model/snapshot";

/**
 * `ovn-ctl stop_northd` also stops the NB and SB ovsdb-servers unless it is given
 * `--ovn-manage-ovsdb=no` (or /etc/ovn/ovn-northd-db-params.conf exists; see stop_northd in
 * /usr/share/ovn/scripts/ovn-ctl). A unit whose ExecStop runs it that way takes the
 * databases down on every stop or restart of ovn-northd: the seed incident.
 */
export function stopsDatabases(unit: Unit): boolean {
  return unit.execStop.some(
    (c) => c.argv.includes("stop_northd") && !c.argv.includes("--ovn-manage-ovsdb=no"),
  );
}

/** Which file sets the ExecStop: the last drop-in that mentions ExecStop=, else the unit file. */
export function execStopSource(unit: Unit, data: NodeData): string {
  const dropIn = [...unit.dropInPaths]
    .reverse()
    .find((p) => data.dropIns.find((f) => f.path === p)?.text.includes("ExecStop="));
  return dropIn ?? unit.fragmentPath;
}
