"use client";

import { useEffect, useState } from "react";
import { useT } from "@/components/i18n/I18nProvider";
import type { BlastAction, BlastEffect, BlastRadius } from "@/lib/facts/blast-radius";
import type { Translate } from "@/lib/i18n/catalogue";
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

/** The anchor of a unit on its node page: /nodes/ctl1#unit-ovn-northd.service. */
export const unitAnchor = (unit: string) => `unit-${unit}`;

/** The unit named by the page's #unit-… anchor, kept in step when the anchor changes. */
function useAnchoredUnit(): string | null {
  const [unit, setUnit] = useState<string | null>(null);
  useEffect(() => {
    const read = () => {
      const hash = decodeURIComponent(window.location.hash.slice(1));
      setUnit(hash.startsWith("unit-") ? hash.slice(5) : null);
    };
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);
  return unit;
}

function effectLine(t: Translate, node: string, r: BlastRadius, effect: BlastEffect["effect"]) {
  const hit = r.effects.filter((e) => e.effect === effect);
  if (hit.length === 0) return null;
  const units = hit
    .map((e) => (e.activeNow ? e.unit : `${e.unit} ${t("blast.inactiveNow")}`))
    .join(", ");
  return t(`blast.${r.action}.${effect === "stop" ? "stops" : "restarts"}`, {
    unit: r.unit,
    node,
    units,
  });
}

/** "Restarting X on N also stops …", each affected unit with the reason systemd gives. */
function BlastRadiusView({
  node,
  blast,
}: {
  node: string;
  blast: Record<BlastAction, BlastRadius>;
}) {
  const t = useT();
  const actions: BlastAction[] = ["restart", "stop"];
  return (
    <div
      className="my-1 rounded border border-degraded/50 px-2 py-1 text-xs"
      data-testid="blast-radius"
    >
      {actions.map((action) => {
        const r = blast[action];
        const lines = [effectLine(t, node, r, "stop"), effectLine(t, node, r, "restart")].filter(
          (l): l is string => l !== null,
        );
        if (lines.length === 0) return null;
        return (
          <div key={action} data-blast-action={action}>
            {lines.map((l) => (
              <p key={l} className="font-medium">
                {l}
              </p>
            ))}
            <ul className="ml-4 list-disc text-muted">
              {r.effects.flatMap((e) =>
                e.because.map((b) => (
                  <li key={`${e.unit}:${JSON.stringify(b)}`} data-blast-unit={e.unit}>
                    {b.kind === "exec-stop"
                      ? t(`blast.why.${b.effect}`, {
                          unit: b.unit,
                          via: b.via,
                          command: b.command,
                          source: b.source,
                        })
                      : t(`blast.why.${b.kind}`, { unit: b.unit, via: b.via })}
                  </li>
                )),
              )}
            </ul>
          </div>
        );
      })}
    </div>
  );
}

/** Every collected unit with its key properties; the full property set one click away. */
export function UnitsTable({
  units,
  node,
  blast,
}: {
  units: Unit[];
  node: string;
  blast: Record<string, Record<BlastAction, BlastRadius>>;
}) {
  const t = useT();
  const anchored = useAnchoredUnit();
  return (
    <div className="divide-y divide-line" data-testid="units">
      {units.map((u) => (
        <details
          key={u.id}
          id={unitAnchor(u.id)}
          open={anchored === u.id ? true : undefined}
          className="group scroll-mt-4 px-3 py-1 target:bg-canvas"
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
            {blast[u.id]?.restart.effects.some((e) => e.effect === "stop") && (
              <span className="text-xs text-down" data-testid="unit-blast-badge">
                ⚠{" "}
                {t("blast.badge", {
                  n: blast[u.id]!.restart.effects.filter((e) => e.effect === "stop").length,
                })}
              </span>
            )}
            {u.dropInPaths.length > 0 && (
              <span className="font-mono text-xs text-degraded" data-testid="unit-dropins">
                {t("table.dropIns")}: {u.dropInPaths.join(", ")}
              </span>
            )}
          </summary>
          {blast[u.id] && <BlastRadiusView node={node} blast={blast[u.id]!} />}
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
