import { HealthBadge } from "@/components/ui/HealthBadge";
import { Panel } from "@/components/ui/Panel";
import { TableFrame } from "@/components/ui/Table";
import type { Translate } from "@/lib/i18n/catalogue";
import type { Health } from "@/lib/model/health";
import type { AuditOutcome, AuditRecord } from "@/lib/store/types";

const LOOK: Record<AuditOutcome, Health> = { ok: "ok", failed: "down", denied: "degraded" };

/** Audit entries, newest first; details as compact JSON (commands and outputs are not translated). */
export function AuditTable({ t, entries }: { t: Translate; entries: AuditRecord[] }) {
  if (entries.length === 0) return <p className="text-muted">{t("audit.none")}</p>;
  return (
    <Panel>
      <TableFrame
        testId="audit-table"
        head={[
          <>{t("table.time")} (UTC)</>,
          t("audit.actor"),
          t("audit.ip"),
          t("audit.event"),
          t("audit.target"),
          t("audit.outcome"),
          t("audit.detail"),
        ]}
      >
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
      </TableFrame>
    </Panel>
  );
}
