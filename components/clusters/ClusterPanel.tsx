"use client";

import { useT } from "@/components/i18n/I18nProvider";
import { Badge } from "@/components/ui/Badge";
import { HealthBadge } from "@/components/ui/HealthBadge";
import { Panel } from "@/components/ui/Panel";
import type { ClusterModel } from "@/lib/views/clusters";
import { ClusterFindings } from "./ClusterFindings";
import { ElectionsList } from "./ElectionsList";
import { MembersTable } from "./MembersTable";

/** The cluster's health in words: a lost quorum and a missing leader are told apart. */
function healthLabel(t: ReturnType<typeof useT>, c: ClusterModel): string {
  if (c.health === "ok") return t("clusters.health.ok");
  if (c.health === "down")
    return c.up < c.quorum ? t("clusters.health.quorumLost") : t("clusters.health.noLeader");
  if (c.health === "degraded") return t("clusters.health.degraded");
  return t(`health.${c.health}`);
}

/** One central database: its cluster in one line, its members side by side, its elections. */
export function ClusterPanel({ cluster: c }: { cluster: ClusterModel }) {
  const t = useT();
  const headingId = `cluster-${c.db}-heading`;
  const title = (
    <span className="flex flex-wrap items-center gap-3">
      <span>{t("clusters.dbTitle", { db: c.db })}</span>
      {c.name && <span className="font-mono text-xs font-normal text-muted">{c.name}</span>}
      {c.mode === "clustered" ? (
        <HealthBadge health={c.health} label={healthLabel(t, c)} />
      ) : c.mode === "standalone" ? (
        <Badge
          icon="○"
          label={t("clusters.standaloneBadge")}
          className="border-line text-muted"
          data-mode="standalone"
        />
      ) : (
        <HealthBadge health="unknown" label={t("health.unknown")} />
      )}
    </span>
  );
  return (
    <div data-db={c.db} data-mode={c.mode} data-health={c.health}>
      <Panel title={title} headingId={headingId} testId={`cluster-${c.db}`}>
        {c.mode !== "clustered" ? (
          <p className="px-3 py-2 text-muted" data-testid={`cluster-${c.db}-mode`}>
            {c.mode === "standalone"
              ? t("clusters.standalone", { db: c.db })
              : t("clusters.unknown", { db: c.db })}
          </p>
        ) : (
          <>
            <p
              className="flex flex-wrap items-center gap-x-5 gap-y-1 px-3 py-2 text-sm"
              data-testid={`cluster-${c.db}-summary`}
            >
              <span className="text-muted">
                {t("clusters.clusterId")}{" "}
                <span className="font-mono text-ink" title={c.clusterId ?? ""}>
                  {c.clusterId?.slice(0, 8) ?? "?"}
                </span>
              </span>
              <span className={c.up < c.quorum ? "text-down" : undefined}>
                {t("clusters.up", { up: c.up, servers: c.servers, quorum: c.quorum })}
              </span>
              {c.leaders.length === 0 ? (
                <span className="text-down">{t("clusters.noLeader")}</span>
              ) : (
                c.leaders.map((l) => (
                  <span
                    key={l.sid}
                    className={c.leaders.length > 1 ? "text-down" : undefined}
                    data-leader={l.node}
                  >
                    {t("clusters.leader", { node: l.node, sid: l.sid })}
                  </span>
                ))
              )}
              {c.term > 0 && <span>{t("clusters.term", { term: c.term })}</span>}
            </p>
            {c.findings.length > 0 && (
              <div className="border-t border-line" data-testid={`cluster-${c.db}-findings`}>
                <h3 className="px-3 pt-2 text-xs text-muted">{t("clusters.findingsHeading")}</h3>
                <ClusterFindings findings={c.findings} />
              </div>
            )}
            <div className="border-t border-line">
              <h3 className="px-3 pt-2 text-xs text-muted">
                {t("clusters.membersHeading")}
                <span className="ml-2">{t("clusters.membersNote")}</span>
              </h3>
              <MembersTable cluster={c} />
            </div>
          </>
        )}
        {(c.mode === "clustered" || c.electionsTotal > 0) && (
          <div className="border-t border-line">
            <h3 className="px-3 pt-2 text-xs text-muted">{t("clusters.electionsHeading")}</h3>
            <ElectionsList cluster={c} />
          </div>
        )}
      </Panel>
    </div>
  );
}
