"use client";

import { useT } from "@/components/i18n/I18nProvider";
import { Freshness } from "@/components/live/Freshness";
import { useLive } from "@/components/live/useLive";
import { Panel } from "@/components/ui/Panel";
import type { ClustersModel } from "@/lib/views/clusters";
import { ClusterFindings } from "./ClusterFindings";
import { ClusterPanel } from "./ClusterPanel";

/** NB's and SB's clusters, one panel each, refreshed live. */
export function ClustersLive({
  initial,
  refreshMs,
}: {
  initial: ClustersModel;
  refreshMs: number;
}) {
  const t = useT();
  const { data, error } = useLive<ClustersModel>("/api/clusters", initial, refreshMs);
  return (
    <div className="space-y-4">
      <Freshness finishedAt={data.finishedAt} error={error} refreshMs={refreshMs} />
      {data.findings.length > 0 && (
        <Panel title={t("clusters.otherFindings")} testId="cluster-findings-both">
          <ClusterFindings findings={data.findings} />
        </Panel>
      )}
      {data.clusters.map((c) => (
        <ClusterPanel key={c.db} cluster={c} />
      ))}
    </div>
  );
}
