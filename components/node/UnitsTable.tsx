"use client";

import { useT } from "@/components/i18n/I18nProvider";
import type { Unit } from "@/lib/model/snapshot";

/** Inactive is only alarming for a unit that is meant to run (enabled or static). */
function activeClass(u: Unit): string {
  if (u.activeState === "active") return "text-ok";
  if (u.activeState === "failed") return "text-down";
  if (u.activeState === "inactive")
    return u.unitFileState === "disabled" || u.unitFileState === "masked"
      ? "text-muted"
      : "text-down";
  return "text-degraded";
}

function execLine(cmds: Unit["execStart"]): string {
  return cmds.map((c) => c.argv.join(" ")).join("\n") || "—";
}

/** Every collected unit with its key properties; the full property set one click away. */
export function UnitsTable({ units }: { units: Unit[] }) {
  const t = useT();
  return (
    <div className="divide-y divide-line" data-testid="units">
      {units.map((u) => (
        <details
          key={u.id}
          className="group px-3 py-1"
          data-unit={u.id}
          data-active={u.activeState}
        >
          <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-4 gap-y-0.5">
            <span className="w-64 font-mono">{u.id}</span>
            <span className={`w-56 font-mono whitespace-nowrap ${activeClass(u)}`}>
              {u.activeState} ({u.subState})
            </span>
            <span className="w-36 whitespace-nowrap text-muted">
              {t("table.type")} {u.type || "—"}
              {u.remainAfterExit ? " +RAE" : ""}
            </span>
            <span className="w-32 whitespace-nowrap text-muted">
              {t("table.mainPid")} {u.mainPid || "—"}
            </span>
            <span
              className={`w-28 whitespace-nowrap ${u.nRestarts > 0 ? "text-degraded" : "text-muted"}`}
            >
              {t("table.restarts")} {u.nRestarts}
            </span>
            <span className="font-mono text-xs text-muted">{u.stateChangeTimestamp ?? ""}</span>
            {u.dropInPaths.length > 0 && (
              <span className="font-mono text-xs text-degraded" data-testid="unit-dropins">
                {t("table.dropIns")}: {u.dropInPaths.join(", ")}
              </span>
            )}
          </summary>
          <dl className="my-1 grid grid-cols-[12rem_1fr] gap-x-3 font-mono text-xs">
            {(
              [
                ["LoadState", u.loadState],
                ["UnitFileState", u.unitFileState],
                ["Result", u.result],
                ["ExecMainStatus", `${u.execMainStatus} (code ${u.execMainCode})`],
                ["FragmentPath", u.fragmentPath],
                ["DropInPaths", u.dropInPaths.join(" ") || "—"],
                ["ExecStart", execLine(u.execStart)],
                ["ExecStop", execLine(u.execStop)],
                ["ExecStopPost", execLine(u.execStopPost)],
                ["Requires", u.requires.join(" ") || "—"],
                ["BindsTo", u.bindsTo.join(" ") || "—"],
                ["PartOf", u.partOf.join(" ") || "—"],
                ["Wants", u.wants.join(" ") || "—"],
                ["After", u.after.join(" ") || "—"],
                ["Before", u.before.join(" ") || "—"],
                ["ActiveEnterTimestamp", u.activeEnterTimestamp ?? "—"],
                ["InactiveEnterTimestamp", u.inactiveEnterTimestamp ?? "—"],
              ] as const
            ).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-muted">{k}</dt>
                <dd className="break-all whitespace-pre-wrap">{v}</dd>
              </div>
            ))}
          </dl>
        </details>
      ))}
    </div>
  );
}
