import type { ExecCommand, NodeData, Unit } from "@/lib/model/snapshot";
import { execStopSource, stopsDatabases } from "./northd-stop";
import { centralDbs, ovsUnits } from "@/lib/profiles";

/**
 * Restart blast radius: what else stops or restarts on a node when one of its units is
 * stopped or restarted, read from the unit graph ovnscope collected (`systemctl show`), each
 * with the reason. Pure.
 *
 * systemd's rules (systemd.unit(5)), applied to the collected units:
 * - an explicit stop/restart job propagates to units that have PartOf=, BindsTo= or
 *   Requires= on the unit (a restart as a restart, a stop as a stop);
 * - a unit that goes inactive on its own (its process exited) stops only units that have
 *   BindsTo= on it; Requires= and PartOf= do not react to that;
 * - ExecStop= runs whenever a started unit stops, and some stop commands stop more than their
 *   own daemon (EXEC_STOP_SIDE_EFFECTS). The daemons they stop exit "on their own" as far as
 *   systemd knows: their units go inactive and are not started again by a restart.
 * Wants= and After= never propagate a stop or restart. Only relations among the collected
 * units are seen (the profile's OVN/OVS/Neutron units).
 */
export type BlastAction = "stop" | "restart";

export type BlastReason =
  | {
      /** `unit` has PartOf= / BindsTo= / Requires= naming `via`. */
      kind: "part-of" | "binds-to" | "requires";
      unit: string;
      via: string;
    }
  | {
      /** `via`'s ExecStop (from `source`) runs `command`, which also stops `unit`. */
      kind: "exec-stop";
      unit: string;
      via: string;
      command: string;
      source: string;
      /** Which rule of EXEC_STOP_SIDE_EFFECTS, for the explanation. */
      effect: ExecStopEffectId;
    };

export interface BlastEffect {
  unit: string;
  /** "restart": systemd stops and starts it again; "stop": it goes down and stays down. */
  effect: "stop" | "restart";
  /** Whether it runs now (an inactive unit is not stopped; shown for completeness). */
  activeNow: boolean;
  because: BlastReason[];
}

export interface BlastRadius {
  unit: string;
  action: BlastAction;
  effects: BlastEffect[];
}

export type ExecStopEffectId = "ovn-ctl-stop-northd" | "ovn-ctl-stop-ovsdb" | "ovs-ctl-stop";

const base = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/**
 * Stop commands that stop other daemons than their unit's own, and which units those are.
 * ovn-ctl stop_northd without --ovn-manage-ovsdb=no is the seed incident's rule, shared with
 * the northd-stops-dbs rule (northd-stop.ts stopsDatabases).
 */
const EXEC_STOP_SIDE_EFFECTS: {
  id: ExecStopEffectId;
  matches(cmd: ExecCommand, unit: Unit): boolean;
  stops(cmd: ExecCommand, profile: string): string[];
}[] = [
  {
    id: "ovn-ctl-stop-northd",
    matches: (cmd, unit) =>
      base(cmd.path) === "ovn-ctl" &&
      cmd.argv.includes("stop_northd") &&
      stopsDatabases({ ...unit, execStop: [cmd] }),
    stops: (_cmd, profile) => centralDbs(profile).map((d) => d.unit),
  },
  {
    // ovn-ctl stop_ovsdb stops both OVN databases (stop_nb_ovsdb / stop_sb_ovsdb only one).
    id: "ovn-ctl-stop-ovsdb",
    matches: (cmd) => base(cmd.path) === "ovn-ctl" && cmd.argv.includes("stop_ovsdb"),
    stops: (_cmd, profile) => centralDbs(profile).map((d) => d.unit),
  },
  {
    // ovs-ctl stop stops ovsdb-server and ovs-vswitchd unless told --no-ovsdb-server /
    // --no-ovs-vswitchd (Debian's two units pass one each).
    id: "ovs-ctl-stop",
    matches: (cmd) => base(cmd.path) === "ovs-ctl" && cmd.argv.includes("stop"),
    stops: (cmd, profile) => [
      ...(cmd.argv.includes("--no-ovsdb-server") ? [] : [ovsUnits(profile).ovsdb]),
      ...(cmd.argv.includes("--no-ovs-vswitchd") ? [] : [ovsUnits(profile).vswitchd]),
    ],
  },
];

const isActive = (u: Unit) =>
  u.activeState === "active" || u.activeState === "activating" || u.activeState === "reloading";

/** How a unit goes down: by a systemd job (stop or restart) or on its own (process exited). */
type How = "stop-job" | "restart-job" | "exited";

export function blastRadius(
  data: NodeData,
  unitName: string,
  action: BlastAction,
  profile: string,
): BlastRadius {
  const units = data.units.filter((u) => u.loadState === "loaded");
  const byName = (name: string) => units.find((u) => u.id === name || u.names.includes(name));
  const names = (u: Unit) => new Set([u.id, ...u.names]);
  // "ovn-northd" means ovn-northd.service, as systemctl takes it.
  const target = byName(unitName.includes(".") ? unitName : `${unitName}.service`);
  if (!target) return { unit: unitName, action, effects: [] };

  const effects = new Map<string, BlastEffect>();
  const seen = new Set<string>([`${target.id}:${action}-job`]);
  const queue: { unit: Unit; how: How }[] = [{ unit: target, how: `${action}-job` }];

  const reach = (unit: Unit, how: How, reason: BlastReason) => {
    if (unit.id === target.id) return;
    const effect = how === "restart-job" ? "restart" : "stop";
    const known = effects.get(unit.id);
    if (!known) {
      effects.set(unit.id, { unit: unit.id, effect, activeNow: isActive(unit), because: [reason] });
    } else {
      if (!known.because.some((r) => JSON.stringify(r) === JSON.stringify(reason)))
        known.because.push(reason);
      // systemd starts again what a restart job reaches, even if a stop command also hit it.
      if (effect === "restart") known.effect = "restart";
    }
    if (!seen.has(`${unit.id}:${how}`)) {
      seen.add(`${unit.id}:${how}`);
      queue.push({ unit, how });
    }
  };

  for (let item = queue.shift(); item; item = queue.shift()) {
    const { unit, how } = item;
    const own = names(unit);
    for (const other of units) {
      if (other.id === unit.id) continue;
      const on = (list: string[]) => list.find((n) => own.has(n));
      if (how !== "exited") {
        const partOf = on(other.partOf);
        if (partOf) reach(other, how, { kind: "part-of", unit: other.id, via: partOf });
        const requires = on(other.requires);
        if (requires) reach(other, how, { kind: "requires", unit: other.id, via: requires });
      }
      const bindsTo = on(other.bindsTo);
      if (bindsTo)
        reach(other, how === "exited" ? "stop-job" : how, {
          kind: "binds-to",
          unit: other.id,
          via: bindsTo,
        });
    }
    // ExecStop runs whenever a started unit stops, also after its process exited on its own.
    for (const cmd of unit.execStop) {
      for (const rule of EXEC_STOP_SIDE_EFFECTS) {
        if (!rule.matches(cmd, unit)) continue;
        for (const name of rule.stops(cmd, profile)) {
          const hit = byName(name);
          if (!hit || hit.id === unit.id) continue;
          reach(hit, "exited", {
            kind: "exec-stop",
            unit: hit.id,
            via: unit.id,
            command: cmd.argv.join(" "),
            source: execStopSource(unit, data),
            effect: rule.id,
          });
        }
      }
    }
  }
  return { unit: target.id, action, effects: [...effects.values()] };
}

/** Restart and stop blast radius of every collected unit that affects at least one other. */
export function nodeBlastRadius(
  data: NodeData,
  profile: string,
): Record<string, Record<BlastAction, BlastRadius>> {
  const out: Record<string, Record<BlastAction, BlastRadius>> = {};
  for (const u of data.units) {
    if (u.loadState !== "loaded") continue;
    const restart = blastRadius(data, u.id, "restart", profile);
    const stop = blastRadius(data, u.id, "stop", profile);
    if (restart.effects.length || stop.effects.length) out[u.id] = { restart, stop };
  }
  return out;
}
