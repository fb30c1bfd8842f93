"use client";

import { useT } from "@/components/i18n/I18nProvider";
import { Badge } from "@/components/ui/Badge";
import type { HistoryKind } from "@/lib/history/types";

/** An icon and a word per kind; a closing is the one good news, in the ok colour. */
const LOOK: Record<HistoryKind, { icon: string; className: string }> = {
  "finding.opened": { icon: "▲", className: "text-ink border-line" },
  "finding.severity": { icon: "↕", className: "text-ink border-line" },
  "finding.closed": { icon: "✓", className: "text-ok border-ok/40 bg-ok/10" },
  "unit.changed": { icon: "⚙", className: "text-ink border-line" },
  "node.reach": { icon: "⇄", className: "text-ink border-line" },
  "gateway.moved": { icon: "⇢", className: "text-ink border-line" },
};

export function KindBadge({ kind }: { kind: HistoryKind }) {
  const t = useT();
  const look = LOOK[kind];
  return (
    <Badge
      icon={look.icon}
      label={t(`timeline.kind.${kind}`)}
      className={look.className}
      data-kind={kind}
    />
  );
}
