"use client";

import Link from "next/link";
import { HealthBadge } from "@/components/ui/HealthBadge";
import { ServiceChip } from "@/components/ui/ServiceChip";
import { useT } from "@/components/i18n/I18nProvider";
import { ago, useNow } from "@/components/live/time";
import { TableFrame } from "@/components/ui/Table";
import type { Finding } from "@/lib/diagnose";
import type { OverviewNode } from "@/lib/views/overview";
import type { Translate } from "@/lib/i18n/catalogue";
import { isCurrent } from "@/lib/model/current";
import { elementId, ref } from "@/lib/model/element";

export function nodeBadgeLabel(t: Translate, node: Pick<OverviewNode, "reach" | "health">): string {
  return isCurrent(node) ? t(`health.${node.health}`) : t(`reach.${node.reach}`);
}

/** How many findings concern a node, worst severity coloured; nothing when none. */
function FindingCount({ findings }: { findings: Finding[] }) {
  const t = useT();
  if (findings.length === 0) return null;
  const critical = findings.some((f) => f.severity === "critical");
  return (
    <span
      className={`ml-1 text-xs ${critical ? "text-down" : "text-degraded"}`}
      data-testid="node-findings"
    >
      {findings.length} {t("findings.heading").toLowerCase()}
    </span>
  );
}

export function NodesTable({ nodes, findings }: { nodes: OverviewNode[]; findings: Finding[] }) {
  const t = useT();
  const now = useNow();
  return (
    <TableFrame
      testId="nodes-table"
      head={[
        t("table.node"),
        t("table.state"),
        t("table.services"),
        t("table.roles"),
        t("table.address"),
        { label: t("table.collected"), align: "right" },
      ]}
    >
      {nodes.map((node) => (
        <tr
          key={node.name}
          className="border-t border-line align-top"
          data-node={node.name}
          data-health={node.health}
        >
          <td className="px-3 py-1.5">
            <Link href={`/nodes/${node.name}`} className="font-mono text-accent hover:underline">
              {node.name}
            </Link>
            {node.error && (
              <div className="max-w-md text-xs break-words text-muted" data-testid="node-error">
                {node.error}
              </div>
            )}
            {node.stale && node.dataCollectedAt && (
              <div className="text-xs text-degraded">
                {t("live.staleNode", { ago: ago(t, node.dataCollectedAt, now) })}
              </div>
            )}
          </td>
          <td className="px-3 py-1.5">
            <HealthBadge health={node.health} label={nodeBadgeLabel(t, node)} />
            <FindingCount
              findings={findings.filter((f) => f.affects.includes(elementId(ref.node(node.name))))}
            />
          </td>
          <td className="px-3 py-1.5">
            <div className="flex flex-wrap gap-1">
              {node.services.map((s) => (
                <ServiceChip key={s.service} service={s} />
              ))}
            </div>
          </td>
          <td className="px-3 py-1.5">{node.roles.map((r) => t(`role.${r}`)).join(", ")}</td>
          <td className="px-3 py-1.5 font-mono">{node.address}</td>
          <td className="px-3 py-1.5 text-right font-mono text-muted">{node.durationMs} ms</td>
        </tr>
      ))}
    </TableFrame>
  );
}
