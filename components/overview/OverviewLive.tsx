"use client";

import { FindingsPanel } from "@/components/findings/FindingsPanel";
import { useT } from "@/components/i18n/I18nProvider";
import { flatten } from "@/lib/diagnose/flatten";
import { Freshness } from "@/components/live/Freshness";
import { useLive } from "@/components/live/useLive";
import { Panel } from "@/components/ui/Panel";
import type { OverviewModel } from "@/lib/views/overview";
import { NodesTable } from "./NodesTable";
import { RoutersTable } from "./RoutersTable";

export function OverviewLive({
  initial,
  refreshMs,
}: {
  initial: OverviewModel;
  refreshMs: number;
}) {
  const t = useT();
  const { data, error } = useLive<OverviewModel>("/api/overview", initial, refreshMs);
  const neutronNote =
    data.neutron.state === "unavailable"
      ? t("overview.neutronUnavailable", {
          node: data.neutron.node ?? "?",
          error: data.neutron.error ?? "",
        })
      : data.neutron.state === "unconfigured"
        ? t("overview.neutronUnconfigured")
        : data.routers.length === 0
          ? t("overview.noRouters")
          : null;
  return (
    <div className="space-y-4" data-generation={data.generation}>
      <Freshness finishedAt={data.finishedAt} error={error} refreshMs={refreshMs} />
      <Panel title={t("findings.heading")} testId="findings-panel">
        <FindingsPanel findings={data.findings} />
      </Panel>
      <Panel title={t("overview.nodesHeading")} testId="nodes-panel">
        <NodesTable nodes={data.nodes} findings={flatten(data.findings)} />
      </Panel>
      <Panel title={t("overview.routersHeading")} testId="routers-panel">
        {neutronNote && (
          <p
            className={`px-3 py-2 ${data.neutron.state === "unavailable" ? "text-degraded" : "text-muted"}`}
            data-testid="neutron-note"
          >
            {neutronNote}
          </p>
        )}
        {data.routers.length > 0 && <RoutersTable routers={data.routers} />}
      </Panel>
    </div>
  );
}
