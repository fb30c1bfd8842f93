"use client";

import { HealthBadge } from "@/components/ui/HealthBadge";
import { useT } from "@/components/i18n/I18nProvider";
import type { Severity } from "@/lib/diagnose";
import type { Health } from "@/lib/model/health";

const LOOK: Record<Severity, Health> = { critical: "down", warning: "degraded", info: "unknown" };

export function SeverityBadge({ severity }: { severity: Severity }) {
  const t = useT();
  return <HealthBadge health={LOOK[severity]} label={t(`severity.${severity}`)} />;
}
