import type { Health } from "@/lib/model/health";

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
  return (
    <span
      data-health={health}
      className={`inline-flex items-center gap-1 rounded border px-1.5 py-px text-xs font-medium whitespace-nowrap ${look.className}`}
    >
      <span aria-hidden="true">{look.icon}</span>
      {label}
    </span>
  );
}
