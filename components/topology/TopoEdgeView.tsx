"use client";

import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import type { Health } from "@/lib/model/health";

export type FlowEdge = Edge<{ label: string; health: Health }, "topo">;

export const EDGE_COLOUR: Record<Health, string> = {
  ok: "var(--ok)",
  degraded: "var(--degraded)",
  down: "var(--down)",
  unknown: "var(--unknown)",
  stale: "var(--degraded)",
  unreachable: "var(--down)",
};

/**
 * One connection: React Flow's bezier curve with its label drawn as SVG text on a halo of the
 * panel colour. React Flow's own label (EdgeText) measures every label's box after mounting
 * and renders it a second time to size a background rectangle: 700 forced measurements and
 * 700 extra renders on a large cloud, for the same look. No hover/click band either: edges
 * carry no action.
 */
export const TopoEdgeView = memo(function TopoEdgeView({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  style,
  markerEnd,
}: EdgeProps<FlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} interactionWidth={0} />
      {data?.label && (
        <text
          x={labelX}
          y={labelY}
          textAnchor="middle"
          dominantBaseline="central"
          className="react-flow__edge-text"
          style={{
            fill: EDGE_COLOUR[data.health],
            fontSize: 10,
            stroke: "var(--panel)",
            strokeWidth: 4,
            strokeLinejoin: "round",
            paintOrder: "stroke",
          }}
        >
          {data.label}
        </text>
      )}
    </>
  );
});
