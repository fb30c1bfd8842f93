"use client";

import { Position, type NodeHandle, type NodeProps, type Node } from "@xyflow/react";
import { memo } from "react";
import { HealthBadge } from "@/components/ui/HealthBadge";
import { useT } from "@/components/i18n/I18nProvider";
import type { Severity } from "@/lib/diagnose";
import { HEALTH_STATES } from "@/lib/model/health";
import { ringOf, type TopoKind, type TopoNode } from "@/lib/views/topology/types";
import { SIZE } from "@/lib/views/topology-layout";

export type FlowNode = Node<{ topo: TopoNode; selected: boolean }, "topo">;

const BORDER: Record<string, string> = {
  ok: "border-ok/60",
  degraded: "border-degraded",
  down: "border-down",
  unknown: "border-unknown border-dashed",
  stale: "border-degraded border-dashed",
  unreachable: "border-down border-dashed",
};

/**
 * The ring around an element with findings, by the worst of them: critical red, warning amber.
 * Info draws none: a healthy cloud's notes must not make it look alarmed.
 */
export const RING_CLASS = {
  critical: "ring-2 ring-down/70 ring-offset-1 ring-offset-canvas",
  warning: "ring-2 ring-degraded/70 ring-offset-1 ring-offset-canvas",
} as const;

/** The findings count's look by the worst severity: colour and icon, as SeverityBadge words it. */
export const COUNT_LOOK: Record<Severity, { icon: string; className: string }> = {
  critical: { icon: "✕", className: "bg-down/20 text-down" },
  warning: { icon: "!", className: "bg-degraded/20 text-degraded" },
  info: { icon: "i", className: "bg-unknown/15 text-muted" },
};

/** How many findings concern an element: icon + count, its worst severity in words for AT. */
export function FindingsCount({ count, severity }: { count: number; severity: Severity }) {
  const t = useT();
  const look = COUNT_LOOK[severity];
  const words = t("topology.findingsCount", { n: count, severity: t(`severity.${severity}`) });
  return (
    <span
      role="img"
      aria-label={words}
      title={words}
      className={`inline-flex items-center gap-0.5 rounded px-1 text-[10px] ${look.className}`}
      data-testid="topo-findings"
      data-severity={severity}
    >
      <span aria-hidden="true">{look.icon}</span>
      <span aria-hidden="true">{count}</span>
    </span>
  );
}

const KIND_ICON = {
  service: "◆",
  host: "▣",
  chassis: "▢",
  router: "⇄",
  network: "⌁",
  physnet: "≋",
  group: "▦",
} as const;

/**
 * Where a connection meets a card: a 6 px dot centred on the left and on the right border.
 * Plain elements, not React Flow's <Handle> (two store subscriptions each, run on every pan
 * and zoom frame, for connecting by drag, which this view does not allow); the classes
 * `target`/`source` and `data-handlepos` are what React Flow reads when it measures a node.
 */
const DOT = "pointer-events-none absolute top-1/2 size-1.5 -translate-1/2 rounded-full bg-line";
const DOT_PX = 6;

/**
 * The dots' boxes in the card, for React Flow: given with the card's size, they let it draw
 * and fit the whole graph on the first render instead of after measuring every card (its
 * measurement afterwards finds the same boxes and changes nothing).
 */
export const HANDLES: Record<TopoKind, NodeHandle[]> = Object.fromEntries(
  Object.entries(SIZE).map(([kind, { width, height }]) => {
    const box = { y: height / 2 - DOT_PX / 2, width: DOT_PX, height: DOT_PX };
    return [
      kind,
      [
        { type: "target", position: Position.Left, x: -DOT_PX / 2, ...box },
        { type: "source", position: Position.Right, x: width - DOT_PX / 2, ...box },
      ],
    ];
  }),
) as Record<TopoKind, NodeHandle[]>;

/**
 * A group of compute hosts (a large cloud's): its key, how many hosts, and every state among
 * them as a count with colour, icon and word; a click draws its hosts (TopologyView).
 */
function GroupCard({ topo, selected }: { topo: TopoNode; selected: boolean }) {
  const t = useT();
  const size = SIZE.group;
  const group = topo.members!;
  const counts = HEALTH_STATES.filter((h) => group.counts[h]).map(
    (h) => [h, group.counts[h]!] as const,
  );
  const words = counts.map(([h, n]) => t("topology.groupCount", { n, health: t(`health.${h}`) }));
  return (
    <div
      style={{ width: size.width, height: size.height }}
      className={`cursor-pointer rounded border-2 border-double bg-panel px-2 py-1 text-xs shadow-sm ${BORDER[topo.health]} ${selected ? "outline-2 outline-accent" : ""}`}
      data-topo-id={topo.id}
      data-testid="topo-group"
      data-group={group.key}
      data-health={topo.health}
      title={`${topo.label}: ${words.join(", ")} — ${t("topology.groupExpand")}`}
    >
      <span aria-hidden="true" className={`${DOT} target left-0`} data-handlepos="left" />
      <div className="flex items-center gap-1">
        <span aria-hidden="true" className="text-muted">
          {KIND_ICON.group}
        </span>
        <span className="truncate font-mono font-semibold text-ink">{topo.label}</span>
        <span className="truncate text-muted">
          · {t("topology.groupHosts", { n: group.total })}
        </span>
      </div>
      <div className="mt-0.5 flex flex-wrap gap-1 overflow-hidden" data-testid="topo-group-counts">
        {counts.map(([h, n]) => (
          <span key={h} data-count={h}>
            <HealthBadge
              health={h}
              label={t("topology.groupCount", { n, health: t(`health.${h}`) })}
            />
          </span>
        ))}
      </div>
      <div className="mt-0.5 truncate text-[10px] text-muted">▸ {t("topology.groupExpand")}</div>
      <span aria-hidden="true" className={`${DOT} source left-full`} data-handlepos="right" />
    </div>
  );
}

/**
 * One element of the topology: colour + icon + word, findings as a ring (by the worst
 * severity; none for info) and a count.
 * Memoised: React Flow re-renders a node's wrapper whenever its internals change, and the
 * card only depends on its data (kept the same object while the element is unchanged).
 */
export const TopoNodeView = memo(function TopoNodeView({ data }: NodeProps<FlowNode>) {
  const t = useT();
  const { topo, selected } = data;
  if (topo.kind === "group" && topo.members) return <GroupCard topo={topo} selected={selected} />;
  const size = SIZE[topo.kind];
  const ring = ringOf(topo.severity);
  return (
    <div
      style={{ width: size.width, height: size.height }}
      className={`rounded border-2 bg-panel px-2 py-1 text-xs shadow-sm ${BORDER[topo.health]} ${ring ? RING_CLASS[ring] : ""} ${selected ? "outline-2 outline-accent" : ""}`}
      data-topo-id={topo.id}
      data-health={topo.health}
      data-severity={topo.severity ?? undefined}
      data-ring={ring ?? undefined}
      title={`${topo.label}: ${topo.state}`}
    >
      <span aria-hidden="true" className={`${DOT} target left-0`} data-handlepos="left" />
      <div className="flex items-center gap-1">
        <span aria-hidden="true" className="text-muted">
          {KIND_ICON[topo.kind]}
        </span>
        <span className="truncate font-mono font-semibold text-ink">{topo.label}</span>
        {topo.kind === "service" && <span className="truncate text-muted">· {topo.sub}</span>}
        {topo.severity && (
          <span className="ml-auto">
            <FindingsCount count={topo.findings.length} severity={topo.severity} />
          </span>
        )}
      </div>
      <div className="flex min-w-0 items-center gap-1 overflow-hidden">
        <HealthBadge
          health={topo.health}
          label={topo.kind === "host" ? t(`health.${topo.health}`) : topo.state}
        />
        {topo.kind !== "service" && <span className="truncate text-muted">{topo.sub}</span>}
      </div>
      {topo.services.length > 0 && (
        <div className="mt-0.5 flex gap-1">
          {topo.services.map((s) => (
            <span key={s.service} title={`${s.label}: ${s.state}`} data-service={s.service}>
              <HealthBadge health={s.health} label={s.label} />
            </span>
          ))}
        </div>
      )}
      <span aria-hidden="true" className={`${DOT} source left-full`} data-handlepos="right" />
    </div>
  );
});
