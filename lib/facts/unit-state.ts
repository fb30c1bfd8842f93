import type { Unit } from "@/lib/model/snapshot";

/** A unit's state in one line, as `systemctl show` gives it: what evidence and checks quote. */
export function describeUnit(u: Unit): string {
  const when =
    u.activeState === "active"
      ? u.activeEnterTimestamp
      : (u.inactiveEnterTimestamp ?? u.stateChangeTimestamp);
  const parts = [`${u.id}: ${u.activeState} (${u.subState})`];
  // A masked unit cannot be started until an administrator unmasks it: part of its state.
  if (u.loadState === "masked" || u.unitFileState.startsWith("masked"))
    parts.push(`LoadState=${u.loadState}, UnitFileState=${u.unitFileState}`);
  if (when) parts.push(`since ${when}`);
  if (u.result && u.result !== "success") parts.push(`Result=${u.result}`);
  if (u.nRestarts) parts.push(`NRestarts=${u.nRestarts}`);
  return parts.join(", ");
}
