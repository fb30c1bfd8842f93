import type { ServiceState } from "@/lib/facts/services";
import { HealthBadge } from "./HealthBadge";

/** A service's health with its name; the reasons are one hover away. */
export function ServiceChip({ service }: { service: ServiceState }) {
  const title = [`${service.unit ?? service.label}: ${service.state}`, ...service.reasons].join(
    "\n",
  );
  return (
    <span title={title} data-service={service.service} className="inline-block">
      <HealthBadge health={service.health} label={service.label} />
    </span>
  );
}
