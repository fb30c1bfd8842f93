"use client";

import Link from "next/link";
import { HealthBadge } from "@/components/ui/HealthBadge";
import { useT } from "@/components/i18n/I18nProvider";
import { Freshness } from "@/components/live/Freshness";
import { useLive } from "@/components/live/useLive";
import { Table } from "@/components/ui/Table";
import { Panel } from "@/components/ui/Panel";
import { portStatusHealth } from "@/components/overview/RoutersTable";
import type { RoutersModel } from "@/lib/views/routers";

export function RoutersLive({ initial, refreshMs }: { initial: RoutersModel; refreshMs: number }) {
  const t = useT();
  const { data, error } = useLive<RoutersModel>("/api/routers", initial, refreshMs);
  return (
    <div className="space-y-4">
      <Freshness finishedAt={data.finishedAt} error={error} refreshMs={refreshMs} />
      {data.neutron.state === "unavailable" && (
        <p className="text-degraded" data-testid="neutron-note">
          {t("overview.neutronUnavailable", {
            node: data.neutron.node ?? "?",
            error: data.neutron.error ?? "",
          })}
        </p>
      )}
      <Panel title={t("routers.title")}>
        {data.chains.length === 0 ? (
          <p className="px-3 py-2 text-muted">{t("routers.none")}</p>
        ) : (
          <Table
            testId="routers"
            head={[
              t("table.router"),
              t("table.gatewayNeutron"),
              t("table.gatewayOvn"),
              t("table.physnet"),
              t("table.firstBroken"),
            ]}
            rows={data.chains.map((c) => [
              <Link
                key="r"
                href={`/routers/${c.routerId}`}
                className="font-mono text-accent hover:underline"
                data-router={c.routerName}
              >
                {c.routerName}
              </Link>,
              <HealthBadge
                key="n"
                health={portStatusHealth(c.neutronStatus)}
                label={c.neutronStatus}
              />,
              c.boundChassis ? (
                <HealthBadge key="b" health="ok" label={c.boundChassis} />
              ) : (
                <HealthBadge key="b" health="down" label={t("router.unbound")} />
              ),
              <span key="p" className="font-mono">
                {c.physnet ?? "—"}
              </span>,
              c.firstBroken ? (
                <HealthBadge key="f" health="down" label={t(`link.${c.firstBroken}`)} />
              ) : (
                <HealthBadge key="f" health="ok" label={t("router.allLinksOk")} />
              ),
            ])}
          />
        )}
      </Panel>
    </div>
  );
}
