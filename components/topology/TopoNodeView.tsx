"use client";

import { Handle, Position, type NodeProps, type Node } from "@xyflow/react";
import { HealthBadge } from "@/components/HealthBadge";
import { useT } from "@/components/i18n/I18nProvider";
import type { TopoNode } from "@/lib/views/topology";
import { SIZE } from "./layout";

export type FlowNode = Node<{ topo: TopoNode; selected: boolean }, "topo">;

const BORDER: Record<string, string> = {
  ok: "border-ok/60",
  degraded: "border-degraded",
  down: "border-down",
  unknown: "border-unknown border-dashed",
  stale: "border-degraded border-dashed",
  unreachable: "border-down border-dashed",
};

const KIND_ICON = { service: "◆", host: "▣", router: "⇄", physnet: "≋" } as const;

/** One element of the topology: colour + icon + word, findings as a ring and a count. */
export function TopoNodeView({ data }: NodeProps<FlowNode>) {
  const t = useT();
  const { topo, selected } = data;
  const size = SIZE[topo.kind];
  const highlighted = topo.findings.length > 0;
  return (
    <div
      style={{ width: size.width, height: size.height }}
      className={`rounded border-2 bg-panel px-2 py-1 text-xs shadow-sm ${BORDER[topo.health]} ${highlighted ? "ring-2 ring-down/70 ring-offset-1 ring-offset-canvas" : ""} ${selected ? "outline-2 outline-accent" : ""}`}
      data-topo-id={topo.id}
      data-health={topo.health}
      data-highlight={highlighted || undefined}
      title={`${topo.label}: ${topo.state}`}
    >
      <Handle type="target" position={Position.Left} className="!h-1.5 !w-1.5 !border-0 !bg-line" />
      <div className="flex items-center gap-1">
        <span aria-hidden="true" className="text-muted">
          {KIND_ICON[topo.kind]}
        </span>
        <span className="truncate font-mono font-semibold text-ink">{topo.label}</span>
        {topo.kind === "service" && <span className="truncate text-muted">· {topo.sub}</span>}
        {highlighted && (
          <span
            className="ml-auto rounded bg-down/20 px-1 text-[10px] text-down"
            data-testid="topo-findings"
          >
            {topo.findings.length}
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
      <Handle
        type="source"
        position={Position.Right}
        className="!h-1.5 !w-1.5 !border-0 !bg-line"
      />
    </div>
  );
}
