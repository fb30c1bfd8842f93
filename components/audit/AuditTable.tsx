import { HealthBadge } from "@/components/HealthBadge";
import type { Translate } from "@/lib/i18n/catalogue";
import type { Health } from "@/lib/model/health";
import type { AuditOutcome, AuditRecord } from "@/lib/store/types";

const LOOK: Record<AuditOutcome, Health> = { ok: "ok", failed: "down", denied: "degraded" };

/** Audit entries, newest first; details as compact JSON (commands and outputs are not translated). */
export function AuditTable({ t, entries }: { t: Translate; entries: AuditRecord[] }) {
  if (entries.length === 0) return <p className="text-muted">{t("audit.none")}</p>;
  return (
    <section className="rounded border border-line bg-panel">
      <table className="w-full text-left" data-testid="audit-table">
        <thead className="text-xs text-muted">
          <tr>
            <th className="px-3 py-1.5 font-normal">{t("table.time")} (UTC)</th>
            <th className="px-3 py-1.5 font-normal">{t("audit.actor")}</th>
            <th className="px-3 py-1.5 font-normal">{t("audit.ip")}</th>
            <th className="px-3 py-1.5 font-normal">{t("audit.event")}</th>
            <th className="px-3 py-1.5 font-normal">{t("audit.target")}</th>
            <th className="px-3 py-1.5 font-normal">{t("audit.outcome")}</th>
            <th className="px-3 py-1.5 font-normal">{t("audit.detail")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr
              key={e.id}
              className="border-t border-line align-top"
              data-event={e.event}
              data-actor={e.actor}
            >
              <td className="px-3 py-1 font-mono text-xs whitespace-nowrap">
                {new Date(e.at).toISOString().replace("T", " ").slice(0, 19)}
              </td>
              <td className="px-3 py-1 font-mono">{e.actor}</td>
              <td className="px-3 py-1 font-mono text-xs text-muted">{e.ip ?? "—"}</td>
              <td className="px-3 py-1 font-mono">{e.event}</td>
              <td className="px-3 py-1 font-mono">{e.target ?? "—"}</td>
              <td className="px-3 py-1">
                <HealthBadge health={LOOK[e.outcome]} label={t(`outcome.${e.outcome}`)} />
              </td>
              <td className="max-w-md px-3 py-1 font-mono text-xs break-all text-muted">
                {e.detail ? JSON.stringify(e.detail) : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
