import ELK from "elkjs/lib/elk.bundled.js";
import type { TopoEdge, TopoKind, TopoNode } from "@/lib/views/topology";

export const SIZE: Record<TopoKind, { width: number; height: number }> = {
  service: { width: 190, height: 52 },
  host: { width: 210, height: 78 },
  router: { width: 170, height: 52 },
  physnet: { width: 200, height: 52 },
};

export interface Positions {
  key: string;
  at: Map<string, { x: number; y: number }>;
}

/** What the layout depends on: only ids. Health changes never move anything. */
export function structureKey(nodes: TopoNode[], edges: TopoEdge[]): string {
  return `${nodes.map((n) => n.id).join("|")}#${edges.map((e) => e.id).join("|")}`;
}

const elk = new ELK();

/** Layered layout (ELK), left to right: routers → chassis → physical networks, clients → databases. */
export async function layout(nodes: TopoNode[], edges: TopoEdge[]): Promise<Positions> {
  const graph = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "90",
      "elk.spacing.nodeNode": "24",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      // Thoroughness 1 and no model-order constraints: 0.7 s instead of 17 s for 700 elements
      // (measured with bench/topology), with a layout that is still deterministic per structure.
      "elk.layered.thoroughness": "1",
    },
    children: nodes.map((n) => ({ id: n.id, ...SIZE[n.kind] })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const at = new Map<string, { x: number; y: number }>();
  for (const child of graph.children ?? []) at.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return { key: structureKey(nodes, edges), at };
}
