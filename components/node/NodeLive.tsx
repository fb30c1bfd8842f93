"use client";

import Link from "next/link";
import { HealthBadge } from "@/components/ui/HealthBadge";
import { ServiceChip } from "@/components/ui/ServiceChip";
import { useT } from "@/components/i18n/I18nProvider";
import { Freshness } from "@/components/live/Freshness";
import { ago, useNow } from "@/components/live/time";
import { useLive } from "@/components/live/useLive";
import { Panel } from "@/components/ui/Panel";
import { nodeBadgeLabel } from "@/components/overview/NodesTable";
import type { Translate } from "@/lib/i18n/catalogue";
import { runbookHref, runbooksMending } from "@/lib/recovery/catalogue";
import type { NodeModel, EndpointCheck } from "@/lib/views/node";
import { Table } from "@/components/ui/Table";
import { UnitsTable } from "./UnitsTable";

function endpointCell(t: Translate, e: EndpointCheck): React.ReactNode {
  if (e.pointsHere === null) return <span className="text-muted">{t("endpoint.cannotTell")}</span>;
  if (!e.pointsHere) return <span className="text-muted">{t("endpoint.pointsElsewhere")}</span>;
  if (e.listening === null) return <HealthBadge health="unknown" label={t("health.unknown")} />;
  const port = /:(\d+)$/.exec(e.connection)?.[1] ?? "?";
  return e.listening.length ? (
    <HealthBadge
      health="ok"
      label={t("endpoint.listening", {
        who: [...new Set(e.listening.map((p) => `${p.name}[${p.pid}]`))].join(", "),
      })}
    />
  ) : (
    <HealthBadge health="down" label={t("endpoint.notListening", { port })} />
  );
}

function Files({ files }: { files: { path: string; text: string }[] }) {
  return (
    <div className="space-y-2 p-3">
      {files.map((f) => (
        <figure key={f.path}>
          <figcaption className="font-mono text-xs text-muted">{f.path}</figcaption>
          <pre className="overflow-x-auto rounded bg-canvas p-2 font-mono text-xs">{f.text}</pre>
        </figure>
      ))}
    </div>
  );
}

/** The runbooks that act on this node's services, each opening its plan (nothing runs here). */
function RecoveryLinks({ node, services }: { node: string; services: string[] }) {
  const t = useT();
  const links = runbooksMending(services).map((r) => ({
    id: r.id,
    href: runbookHref(r.id, node),
  }));
  if (links.length === 0) return null;
  return (
    <p className="flex flex-wrap gap-3 text-sm" data-testid="node-recovery">
      <span className="text-muted">{t("recovery.fromNode")}:</span>
      {links.map((l) => (
        <Link key={l.id} href={l.href} className="text-accent hover:underline">
          {t(`runbook.${l.id}`)}
        </Link>
      ))}
    </p>
  );
}

export function NodeLive({
  name,
  initial,
  refreshMs,
}: {
  name: string;
  initial: NodeModel;
  refreshMs: number;
}) {
  const t = useT();
  const now = useNow();
  const { data: model, error } = useLive<NodeModel>(`/api/nodes/${name}`, initial, refreshMs);
  const { node } = model;
  const data = node.data;
  return (
    <div className="space-y-4" data-testid="node-page" data-reach={node.reach}>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-lg font-semibold">{node.name}</h1>
        <HealthBadge
          health={model.health}
          label={nodeBadgeLabel(t, { reach: node.reach, health: model.health })}
        />
        <span className="font-mono text-muted">{node.address}</span>
        <span className="text-muted">{node.roles.map((r) => t(`role.${r}`)).join(", ")}</span>
        <span
          className="text-xs text-muted"
          title={node.dataCollectedAt ?? undefined}
          data-testid="node-read"
          data-followed={node.followed ? "true" : undefined}
        >
          {node.followed
            ? t("live.followedNode", { ago: ago(t, node.dataCollectedAt, now) })
            : `${ago(t, node.dataCollectedAt, now)} · ${node.durationMs} ms`}
        </span>
      </div>
      <Freshness finishedAt={node.attemptedAt} error={error} refreshMs={refreshMs} />
      <RecoveryLinks node={node.name} services={model.services.map((s) => s.service)} />
      {node.error && (
        <p className="rounded border border-down/50 px-3 py-1.5 text-down" data-testid="node-error">
          {t("node.error")}: {node.error}
        </p>
      )}
      {model.stale && node.dataCollectedAt && (
        <p className="text-degraded" data-testid="node-stale">
          ◷ {t("live.staleNode", { ago: ago(t, node.dataCollectedAt, now) })}
        </p>
      )}
      <Panel title={t("node.services")}>
        <Table
          testId="services"
          head={[t("table.services"), t("table.state"), t("table.unit"), t("table.why")]}
          rows={model.services.map((s) => [
            <ServiceChip key="c" service={s} />,
            <span key="s" className="font-mono">
              {s.state}
            </span>,
            <span key="u" className="font-mono">
              {s.unit ?? "—"}
            </span>,
            s.reasons.join("; ") || "—",
          ])}
        />
      </Panel>
      <Panel title={t("node.endpoints")}>
        {model.endpoints.length === 0 ? (
          <p className="px-3 py-2 text-muted">{t("node.endpointsNone")}</p>
        ) : (
          <Table
            testId="endpoints"
            head={[t("table.db"), t("table.connection"), t("table.configuredIn"), t("table.here")]}
            rows={model.endpoints.map((e) => [
              e.db,
              <span key="c" className="font-mono">
                {e.connection}
              </span>,
              <span key="s" className="font-mono text-xs">
                {e.configuredOn}:{e.source ?? "?"}
              </span>,
              endpointCell(t, e),
            ])}
          />
        )}
      </Panel>
      {!data ? (
        <p className="text-muted">{t("node.noData")}</p>
      ) : (
        <>
          <Panel title={t("node.units")}>
            <UnitsTable units={data.units} node={node.name} blast={model.blast ?? {}} />
          </Panel>
          <Panel title={t("node.listeners")}>
            <Table
              testId="listeners"
              head={[t("table.listen"), t("table.process")]}
              rows={data.listeners
                .slice()
                .sort((a, b) => a.port - b.port)
                .map((l) => [
                  <span key="a" className="font-mono">
                    {l.address.includes(":") ? `[${l.address}]` : l.address}:{l.port}
                  </span>,
                  <span key="p" className="font-mono">
                    {[...new Set(l.processes.map((p) => `${p.name}[${p.pid}]`))].join(", ")}
                  </span>,
                ])}
            />
          </Panel>
          <Panel title={t("node.processes")}>
            <Table
              testId="processes"
              head={[
                t("table.pid"),
                t("table.user"),
                t("table.uptime"),
                t("table.rss"),
                t("table.command"),
              ]}
              rows={data.processes.map((p) => [
                <span key="p" className="font-mono">
                  {p.pid}
                </span>,
                p.user,
                `${p.elapsedSeconds} s`,
                `${Math.round(p.rssKb / 1024)} MiB`,
                <span key="c" className="font-mono text-xs break-all">
                  {p.args}
                </span>,
              ])}
            />
          </Panel>
          {data.dropIns.length > 0 && (
            <Panel title={t("node.dropIns")} testId="dropins">
              <Files files={data.dropIns} />
            </Panel>
          )}
          {data.config && (
            <Panel title={t("node.config")} testId="config">
              <Files files={data.config.files} />
            </Panel>
          )}
          <Panel title={t("node.journal")}>
            <Table
              testId="journal"
              head={[t("table.time"), t("table.unit"), t("table.message")]}
              rows={data.journal
                .slice()
                .reverse()
                .map((j) => [
                  <span key="t" className="font-mono text-xs whitespace-nowrap">
                    {j.time.replace("T", " ").replace(/\.\d+Z$/, "Z")}
                  </span>,
                  <span key="u" className="font-mono text-xs">
                    {j.unit || j.identifier}
                  </span>,
                  <span
                    key="m"
                    className={`font-mono text-xs ${j.priority <= 3 ? "text-down" : j.priority === 4 ? "text-degraded" : ""}`}
                  >
                    {j.message}
                  </span>,
                ])}
            />
          </Panel>
          <Panel title={t("node.sections")}>
            <Table
              testId="sections"
              head={[t("table.section"), t("table.state")]}
              rows={Object.entries(data.sections).map(([name, s]) => [
                <span key="n" className="font-mono">
                  {name}
                </span>,
                <span
                  key="s"
                  className={s.state === "ok" || s.state === "absent" ? "text-muted" : "text-down"}
                >
                  {s.state}
                  {"message" in s ? `: ${s.message}` : ""}
                </span>,
              ])}
            />
          </Panel>
        </>
      )}
    </div>
  );
}
