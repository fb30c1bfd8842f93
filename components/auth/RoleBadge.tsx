import { Badge } from "@/components/ui/Badge";
import type { Role } from "@/lib/auth/roles";

/** Icon, colour and word: who may do what is never colour alone. */
const LOOK: Record<Role, { icon: string; className: string }> = {
  viewer: { icon: "◉", className: "text-muted border-line" },
  operator: { icon: "⚙", className: "text-accent border-accent/50 bg-accent/10" },
  admin: { icon: "★", className: "text-degraded border-degraded/50 bg-degraded/10" },
};

export function RoleBadge({ role, label }: { role: Role; label: string }) {
  const look = LOOK[role];
  return <Badge icon={look.icon} label={label} className={look.className} data-role={role} />;
}
