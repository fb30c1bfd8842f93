"use client";

import { useT } from "@/components/i18n/I18nProvider";
import { FindingLink } from "@/components/ui/FindingLink";
import type { Finding } from "@/lib/diagnose";
import { SeverityBadge } from "./SeverityBadge";
import { useMessage } from "./useMessage";

/** Root findings, worst first; each says how many consequences it explains. */
export function FindingsPanel({ findings }: { findings: Finding[] }) {
  const t = useT();
  const msg = useMessage();
  if (findings.length === 0)
    return (
      <p className="px-3 py-2 text-ok" data-testid="no-findings">
        <span aria-hidden="true">✓ </span>
        {t("findings.none")}
      </p>
    );
  return (
    <ul className="divide-y divide-line" data-testid="findings">
      {findings.map((f) => (
        <li
          key={f.id}
          className="flex items-start gap-3 px-3 py-2"
          data-finding={f.id}
          data-severity={f.severity}
        >
          <SeverityBadge severity={f.severity} />
          <div className="min-w-0 flex-1">
            <FindingLink id={f.id} className="font-medium text-ink hover:underline">
              {msg(f.title)}
            </FindingLink>
            <p className="text-xs text-muted">{msg(f.explanation)}</p>
          </div>
          {f.symptoms.length > 0 && (
            <span className="text-xs whitespace-nowrap text-muted">
              {t("findings.consequences", { n: f.symptoms.length })}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
