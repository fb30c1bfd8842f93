import type { ElkNode } from "elkjs/lib/elk-api";
import type { TopoEdge, TopoKind, TopologyModel, TopoNode } from "./topology";

/**
 * The topology view's layout: where each card goes. Pure and keyed by ids only, so it runs on
 * the server (lib/views/topology → /api/topology and the /topology page send it with the
 * model) and the browser never loads ELK; a model sent without it (e.g. by an older page) is
 * laid out in the browser by the same function, ELK then loaded on demand. This module has no
 * static import of elkjs: the view imports it for the card sizes.
 */

export const SIZE: Record<TopoKind, { width: number; height: number }> = {
  service: { width: 190, height: 52 },
  host: { width: 210, height: 78 },
  chassis: { width: 190, height: 52 },
  router: { width: 170, height: 52 },
  network: { width: 180, height: 52 },
  physnet: { width: 200, height: 52 },
  group: { width: 230, height: 92 },
};

/** Vertical gap between cards in a column (ELK's node-node spacing, also used in a stack). */
export const GAP = 24;

/** Top-left corner of every card, by element id, as sent with the model. */
export interface TopologyLayout {
  at: Record<string, [x: number, y: number]>;
}

/** What the layout depends on: only ids. Health changes never move anything. */
export function structureKey(nodes: TopoNode[], edges: TopoEdge[]): string {
  return `${nodes.map((n) => n.id).join("|")}#${edges.map((e) => e.id).join("|")}`;
}

interface ElkInput {
  children: { id: string; width: number; height: number }[];
  edges: { id: string; sources: string[]; targets: string[] }[];
  /** Block id → the elements stacked in it, top to bottom. */
  stacks: Map<string, TopoNode[]>;
}

/**
 * The graph ELK is given. Elements of the same kind with exactly the same connections (every
 * compute host of a cloud, the routers bound to one gateway chassis, a controller's northd and
 * neutron-server) are interchangeable for a layered layout, which puts them in one column next
 * to each other anyway. Each such group becomes one block, as tall as its members stacked with
 * ELK's spacing, with one edge per distinct connection: 700 elements and edges become about 45
 * of each for 500 hosts and 200 routers, and ELK's time goes with that count (1.2 s → 0.3 s
 * cold; bench/topology). Members keep the model's order inside their block, so positions still
 * depend only on the structure.
 */
export function elkInput(nodes: TopoNode[], edges: TopoEdge[]): ElkInput {
  const links = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    links.get(e.source)?.push(`>${e.target}`);
    links.get(e.target)?.push(`<${e.source}`);
  }
  const groups = new Map<string, TopoNode[]>();
  for (const n of nodes) {
    const own = links.get(n.id)!;
    // An element with no connection is placed on its own, as before. The hosts of one group
    // (a grouped cloud's) keep to their own block, so an expanded group stays together.
    const signature = own.length
      ? `${n.kind}|${n.group ?? ""}|${own.sort().join("|")}`
      : `alone|${n.id}`;
    const group = groups.get(signature);
    if (group) group.push(n);
    else groups.set(signature, [n]);
  }
  const blockOf = new Map<string, string>();
  const stacks = new Map<string, TopoNode[]>();
  const children: ElkInput["children"] = [];
  for (const members of groups.values()) {
    const { width, height } = SIZE[members[0]!.kind];
    const id = members.length === 1 ? members[0]!.id : `stack:${members[0]!.id}`;
    for (const m of members) blockOf.set(m.id, id);
    if (members.length > 1) stacks.set(id, members);
    children.push({ id, width, height: members.length * height + (members.length - 1) * GAP });
  }
  const elkEdges: ElkInput["edges"] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    const source = blockOf.get(e.source);
    const target = blockOf.get(e.target);
    if (!source || !target) continue;
    const id = `${source}->${target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    elkEdges.push({ id, sources: [source], targets: [target] });
  }
  return { children, edges: elkEdges, stacks };
}

const ELK_OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "90",
  "elk.spacing.nodeNode": String(GAP),
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  // Thoroughness 1 and no model-order constraints: 0.7 s instead of 17 s for 700 elements
  // (measured with bench/topology), with a layout that is still deterministic per structure.
  "elk.layered.thoroughness": "1",
  // React Flow draws its own curves between the handles and ignores ELK's routes, so ELK
  // only needs to place nodes: polyline routing skips the orthogonal router and the
  // channels it reserves between layers (which made the drawing 2.7 times wider).
  "elk.edgeRouting": "POLYLINE",
};

let engine: Promise<{ layout: (graph: ElkNode) => Promise<ElkNode> }> | null = null;

/** ELK (1.6 MB), loaded the first time a layout is needed: never in a browser given a layout. */
function elk() {
  engine ??= import("elkjs/lib/elk.bundled.js").then(({ default: ELK }) => new ELK());
  return engine;
}

/** One ELK run, uncached (layoutTopology is the cached entry point). */
export async function computeLayout(nodes: TopoNode[], edges: TopoEdge[]): Promise<TopologyLayout> {
  const input = elkInput(nodes, edges);
  const graph = await (
    await elk()
  ).layout({
    id: "root",
    layoutOptions: ELK_OPTIONS,
    children: input.children,
    edges: input.edges,
  });
  const at: TopologyLayout["at"] = {};
  for (const child of graph.children ?? []) {
    const x = child.x ?? 0;
    const y = child.y ?? 0;
    const stack = input.stacks.get(child.id);
    if (!stack) at[child.id] = [x, y];
    else stack.forEach((m, i) => (at[m.id] = [x, y + i * (SIZE[m.kind].height + GAP)]));
  }
  return { at };
}

/** Layouts of the last few structures (a refresh with the same elements reuses its own). */
const cache = new Map<string, Promise<TopologyLayout>>();
const CACHED = 4;

/**
 * Layered layout (ELK), left to right: routers → chassis → physical networks, clients →
 * databases. Depends only on the elements' ids and connections; computed once per structure
 * (concurrent callers share the run) and kept for the last few structures.
 */
export function layoutTopology(nodes: TopoNode[], edges: TopoEdge[]): Promise<TopologyLayout> {
  const key = structureKey(nodes, edges);
  let hit = cache.get(key);
  if (hit) {
    cache.delete(key);
  } else {
    hit = computeLayout(nodes, edges);
    hit.catch(() => cache.delete(key));
  }
  cache.set(key, hit);
  while (cache.size > CACHED) cache.delete(cache.keys().next().value!);
  return hit;
}

/** The model with its layout, as the server sends it. */
export async function withLayout(model: TopologyModel): Promise<TopologyModel> {
  return { ...model, layout: await layoutTopology(model.nodes, model.edges) };
}
