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

/**
 * An empty graph over a snapshot and its findings, flattened (consequences included). What the
 * findings affect is indexed once and the elements' ids as they are added, so a cloud of
 * thousands of hosts costs a lookup per edge and per element, not a scan.
 */
export function newGraph(snapshot: Snapshot, all: Finding[]): Graph {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const byId = new Map(all.map((f) => [f.id, f]));
  const worst = (ids: string[]) =>
    ids.length ? worstSeverity(ids, ids.map((id) => byId.get(id)!).filter(Boolean)) : null;
  const affecting = new Map<string, string[]>();
  for (const f of all)
    for (const id of new Set(f.affects)) {
      const list = affecting.get(id);
      if (list) list.push(f.id);
      else affecting.set(id, [f.id]);
    }
  // Builders push to `nodes` directly: index what was added since the last edge.
  const ids = new Set<string>();
  let indexed = 0;
  const has = (id: string) => {
    for (; indexed < nodes.length; indexed++) ids.add(nodes[indexed]!.id);
    return ids.has(id);
  };
  return {
    snapshot,
    nodes,
    edges,
    about: (id) => [...(affecting.get(id) ?? [])],
    worst,
    edge(source, target, label, health, findingIds = []) {
      if (!has(source) || !has(target)) return;
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
