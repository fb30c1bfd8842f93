"use client";

import { Background, Controls, MarkerType, ReactFlow, type Edge } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { findingHref } from "@/components/findings/FindingsPanel";
import { useMessage } from "@/components/findings/useMessage";
import { HealthBadge } from "@/components/HealthBadge";
import { useT } from "@/components/i18n/I18nProvider";
import { Freshness } from "@/components/live/Freshness";
import { useLive } from "@/components/live/useLive";
import { flatten } from "@/lib/diagnose/flatten";
import type { Health } from "@/lib/model/health";
import type { TopologyModel, TopoNode } from "@/lib/views/topology";
import { layout, structureKey, type Positions } from "./layout";
import { TopoNodeView, type FlowNode } from "./TopoNodeView";

const NODE_TYPES = { topo: TopoNodeView };
const EDGE_COLOUR: Record<Health, string> = {
  ok: "var(--ok)",
  degraded: "var(--degraded)",
  down: "var(--down)",
  unknown: "var(--unknown)",
  stale: "var(--degraded)",
  unreachable: "var(--down)",
};

function SidePanel({
  node,
  model,
  onClose,
}: {
  node: TopoNode;
  model: TopologyModel;
  onClose: () => void;
}) {
  const t = useT();
  const msg = useMessage();
  const findings = flatten(model.findings).filter((f) => node.findings.includes(f.id));
  return (
    <aside
      className="w-96 shrink-0 space-y-2 overflow-y-auto rounded border border-line bg-panel p-3"
      data-testid="side-panel"
    >
      <div className="flex items-center gap-2">
        <h2 className="font-mono font-semibold">{node.label}</h2>
        <HealthBadge health={node.health} label={node.state} />
        <button
          type="button"
          onClick={onClose}
          className="ml-auto text-muted hover:text-ink"
          aria-label="close"
        >
          ✕
        </button>
      </div>
      <p className="text-xs text-muted">{node.sub}</p>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5 font-mono text-xs">
        {node.facts.map(([k, v], i) => (
          <div key={i} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd className="break-all">{v}</dd>
          </div>
        ))}
      </dl>
      {findings.length > 0 && (
        <ul className="space-y-1 border-t border-line pt-2">
          {findings.map((f) => (
            <li key={f.id}>
              <Link href={findingHref(f.id)} className="text-accent hover:underline">
                {msg(f.title)}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {node.href && (
        <Link
          href={node.href}
          className="inline-block text-accent hover:underline"
          data-testid="side-panel-link"
        >
          {t("topology.openPage")} →
        </Link>
      )}
    </aside>
  );
}

/**
 * The wall-screen view: nodes, services, routers, physical networks and the connections
 * between them, health on each. The layout depends only on which elements exist, so a
 * refresh that only changes health moves nothing.
 */
export function TopologyView({
  initial,
  refreshMs,
}: {
  initial: TopologyModel;
  refreshMs: number;
}) {
  const t = useT();
  const { data, error } = useLive<TopologyModel>("/api/topology", initial, refreshMs);
  const [positions, setPositions] = useState<Positions | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const key = structureKey(data.nodes, data.edges);

  useEffect(() => {
    if (positions?.key === key) return;
    let cancelled = false;
    layout(data.nodes, data.edges).then((p) => !cancelled && setPositions(p));
    return () => {
      cancelled = true;
    };
  }, [key, data.nodes, data.edges, positions?.key]);

  const flowNodes: FlowNode[] = useMemo(
    () =>
      positions
        ? data.nodes.map((n) => ({
            id: n.id,
            type: "topo" as const,
            position: positions.at.get(n.id) ?? { x: 0, y: 0 },
            data: { topo: n, selected: n.id === selected },
            draggable: false,
          }))
        : [],
    [data.nodes, positions, selected],
  );
  const flowEdges: Edge[] = useMemo(
    () =>
      data.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        label: e.label,
        className: `health-${e.health}${e.findings.length ? " highlighted" : ""}`,
        animated: e.health === "down",
        style: {
          stroke: EDGE_COLOUR[e.health],
          strokeWidth: e.findings.length || e.health === "down" ? 2.5 : 1.5,
          strokeDasharray: e.health === "ok" ? undefined : "6 4",
        },
        labelStyle: { fill: EDGE_COLOUR[e.health], fontSize: 10 },
        labelBgStyle: { fill: "var(--panel)" },
        markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_COLOUR[e.health] },
      })),
    [data.edges],
  );
  const selectedNode = data.nodes.find((n) => n.id === selected) ?? null;

  return (
    <div className="space-y-2">
      <Freshness finishedAt={data.finishedAt} error={error} refreshMs={refreshMs} />
      <div className="flex h-[calc(100vh-9rem)] gap-2">
        <div
          className="min-w-0 flex-1 rounded border border-line bg-panel"
          data-testid="topology"
          data-ready={positions?.key === key || undefined}
        >
          {positions && (
            <ReactFlow
              nodes={flowNodes}
              edges={flowEdges}
              nodeTypes={NODE_TYPES}
              onNodeClick={(_, n) => setSelected(n.id)}
              onPaneClick={() => setSelected(null)}
              fitView
              minZoom={0.05}
              nodesConnectable={false}
              colorMode="system"
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={24} color="var(--line)" />
              <Controls showInteractive={false} />
            </ReactFlow>
          )}
          {!positions && <p className="p-3 text-muted">{t("topology.layingOut")}</p>}
        </div>
        {selectedNode && (
          <SidePanel node={selectedNode} model={data} onClose={() => setSelected(null)} />
        )}
      </div>
    </div>
  );
}
