import type { Health } from "@/lib/model/health";
import { Badge } from "./Badge";

/** Colour, icon and word together, so health never depends on colour alone. */
const LOOK: Record<Health, { icon: string; className: string }> = {
  ok: { icon: "✓", className: "text-ok border-ok/40 bg-ok/10" },
  degraded: { icon: "!", className: "text-degraded border-degraded/40 bg-degraded/10" },
  down: { icon: "✕", className: "text-down border-down/50 bg-down/10" },
  unknown: { icon: "?", className: "text-unknown border-unknown/40 bg-unknown/10" },
  stale: { icon: "◷", className: "text-degraded border-degraded/40 bg-transparent border-dashed" },
  unreachable: { icon: "⊘", className: "text-down border-down/50 bg-transparent border-dashed" },
};

export function HealthBadge({ health, label }: { health: Health; label: string }) {
  const look = LOOK[health];
  return <Badge icon={look.icon} label={label} className={look.className} data-health={health} />;
}
