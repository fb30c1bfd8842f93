"use client";

import Link from "next/link";
import { HealthBadge } from "@/components/ui/HealthBadge";
import { useT } from "@/components/i18n/I18nProvider";
import { TableFrame } from "@/components/ui/Table";
import type { Health } from "@/lib/model/health";
import type { OverviewRouter } from "@/lib/views/overview";

/** Neutron's port status words mapped to health; anything unexpected is not ok. */
export function portStatusHealth(status: string): Health {
  if (status === "ACTIVE") return "ok";
  if (status === "DOWN") return "down";
  if (status === "unknown") return "unknown";
  return "degraded";
}

export function RoutersTable({ routers }: { routers: OverviewRouter[] }) {
  const t = useT();
  return (
    <TableFrame
      testId="routers-table"
      head={[
        t("table.router"),
        t("table.gatewayNeutron"),
        t("table.gatewayOvn"),
        t("table.externalNetwork"),
        t("table.physnet"),
      ]}
    >
      {routers.map((r) => (
        <tr key={r.id} className="border-t border-line" data-router={r.name}>
          <td className="px-3 py-1.5 font-mono" title={r.id}>
            <Link href={`/routers/${r.id}`} className="text-accent hover:underline">
              {r.name}
            </Link>
          </td>
          <td
            className="px-3 py-1.5"
            data-testid="gateway-status"
            title={r.gatewayPortId ?? undefined}
          >
            <HealthBadge health={portStatusHealth(r.neutronStatus)} label={r.neutronStatus} />
          </td>
          <td className="px-3 py-1.5">
            {r.boundChassis === undefined ? (
              <HealthBadge health="unknown" label={t("router.sbUnknown")} />
            ) : r.boundChassis === null ? (
              <HealthBadge health="down" label={t("router.unbound")} />
            ) : (
              <HealthBadge health="ok" label={r.boundChassis} />
            )}
          </td>
          <td className="px-3 py-1.5 font-mono">{r.externalNetwork ?? "—"}</td>
          <td className="px-3 py-1.5 font-mono">{r.physicalNetwork ?? "—"}</td>
        </tr>
      ))}
    </TableFrame>
  );
}
