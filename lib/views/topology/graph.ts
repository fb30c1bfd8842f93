import type { Finding, Severity } from "@/lib/diagnose";
import type { Health } from "@/lib/model/health";
import type { Snapshot } from "@/lib/model/snapshot";
import { worstSeverity, type TopoEdge, type TopoNode } from "./types";

/**
 * The graph the builders add to: the snapshot, what its findings affect, and the elements so
 * far. Each builder (one per element kind) adds its cards and the edges that start at them.
 */
export interface Graph {
  snapshot: Snapshot;
  nodes: TopoNode[];
  edges: TopoEdge[];
  /** Ids of the findings (causes and consequences) that affect this element id. */
  about(id: string): string[];
  /** The worst severity among these findings; null when none. */
  worst(ids: string[]): Severity | null;
  /** An edge between two elements already in the graph (ignored when either is missing). */
  edge(source: string, target: string, label: string, health: Health, findingIds?: string[]): void;
}

/** An empty graph over a snapshot and its findings, flattened (consequences included). */
export function newGraph(snapshot: Snapshot, all: Finding[]): Graph {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const worst = (ids: string[]) => worstSeverity(ids, all);
  return {
    snapshot,
    nodes,
    edges,
    about: (id) => all.filter((f) => f.affects.includes(id)).map((f) => f.id),
    worst,
    edge(source, target, label, health, findingIds = []) {
      if (!nodes.some((n) => n.id === source) || !nodes.some((n) => n.id === target)) return;
      edges.push({
        id: `${source}->${target}`,
        source,
        target,
        label,
        health,
        findings: findingIds,
        severity: worst(findingIds),
      });
    },
  };
}
