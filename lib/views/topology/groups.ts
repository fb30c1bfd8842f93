import type { Health } from "@/lib/model/health";
import { worstHealth } from "@/lib/model/health";
import type { NodeSnapshot, Snapshot } from "@/lib/model/snapshot";
import { elementId, ref } from "@/lib/model/element";
import type { Graph } from "./graph";
import type { TopoEdge, TopoNode } from "./types";

/**
 * The topology of a large cloud (issue #18): compute hosts in groups, one card per group for
 * its healthy hosts with every host's health counted; a host with a finding or any health but
 * ok is always drawn on its own beside its group's card. Edges that would go to the card's
 * members go to the card, one per distinct connection. A cloud of at most GROUP_ABOVE compute
 * hosts is drawn as before, every host on its own.
 */
export const GROUP_ABOVE = 12;

/**
 * A group key: an inventory group, or a name prefix (node names are [a-z0-9-]). The inventory's
 * NODE_GROUP spelled again rather than imported: this module is in the browser's bundle (the
 * view folds nothing, but imports the topology's entry), and the schema module brings zod.
 * test/unit/views/topology-groups.test.ts checks the two are the same.
 */
export const GROUP_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** At most this many groups are expanded at once (a longer ask keeps the first ones). */
export const MAX_EXPANDED = 64;

export interface GroupOptions {
  /** Group keys whose members are drawn on their own (unknown keys are ignored). */
  expand?: Iterable<string>;
}

/** Only hosts that are compute nodes and nothing else are grouped. */
const groupable = (n: NodeSnapshot) => n.roles.length === 1 && n.roles[0] === "compute";

/**
 * A name's prefix: without its trailing number and the separator before it ("cmp0042" → "cmp",
 * "rack3-cmp-17" → "rack3-cmp"); a name without one is its own prefix.
 */
export function namePrefix(name: string): string {
  return name.replace(/[-_.]?\d+$/, "") || name;
}

/** The compute hosts of a cloud large enough to group, by group key; empty for a small cloud. */
export function hostGroups(snapshot: Snapshot): Map<string, NodeSnapshot[]> {
  const hosts = snapshot.nodes.filter(groupable);
  const groups = new Map<string, NodeSnapshot[]>();
  if (hosts.length <= GROUP_ABOVE) return groups;
  for (const host of hosts) {
    const key = host.group ?? namePrefix(host.name);
    const members = groups.get(key);
    if (members) members.push(host);
    else groups.set(key, [host]);
  }
  return groups;
}

/**
 * `?expand=a,b` → the keys asked for that this snapshot has, sorted, without repeats; anything
 * else (malformed, unknown, past MAX_EXPANDED) is dropped.
 */
export function expandedKeys(
  asked: string | null | undefined,
  known: ReadonlySet<string> | Map<string, unknown>,
): string[] {
  if (!asked) return [];
  const keys = asked
    .split(",")
    .map((k) => k.trim())
    .filter((k) => GROUP_KEY.test(k) && known.has(k))
    .slice(0, MAX_EXPANDED);
  return [...new Set(keys)].sort();
}

/** One edge for the connections of several members: the worst health, every finding. */
function mergeEdges(
  worst: Graph["worst"],
  id: string,
  source: string,
  target: string,
  merged: TopoEdge[],
) {
  const labels = new Set(merged.map((e) => e.label));
  const findings = [...new Set(merged.flatMap((e) => e.findings))];
  const [first] = merged;
  const label = labels.size === 1 ? first!.label : [...labels].sort().join(" / ");
  return {
    id,
    source,
    target,
    label: merged.length > 1 ? `${label} ×${merged.length}` : label,
    health: worstHealth(merged.map((e) => e.health)),
    findings,
    severity: worst(findings),
  } satisfies TopoEdge;
}

/**
 * Folds the graph's compute host cards into group cards (after every builder ran). Returns the
 * expanded keys that apply.
 */
export function groupHosts(g: Graph, options: GroupOptions = {}): string[] {
  const groups = new Map(
    [...hostGroups(g.snapshot)].map(
      ([key, hosts]) => [key, hosts.map((h) => elementId(ref.node(h.name)))] as const,
    ),
  );
  const folded = foldGroups(g.nodes, g.edges, groups, options.expand ?? [], g.worst);
  if (folded.nodes === g.nodes) return folded.expanded;
  g.nodes.length = 0;
  g.nodes.push(...folded.nodes);
  g.edges.length = 0;
  g.edges.push(...folded.edges);
  return folded.expanded;
}

/**
 * The folding itself, on any cards and edges: `groups` is group key → its hosts' card ids
 * (cards not in the list are left alone). A group's cards that are ok and have no finding go
 * into its card (two at least; an expanded group's never); every other member stays drawn,
 * marked with its group. Pure; the topology bench folds its synthetic cloud with it too.
 */
export function foldGroups(
  nodes: TopoNode[],
  edges: TopoEdge[],
  groups: Map<string, string[]>,
  expand: Iterable<string>,
  worst: Graph["worst"],
): { nodes: TopoNode[]; edges: TopoEdge[]; expanded: string[] } {
  if (!groups.size) return { nodes, edges, expanded: [] };
  const expanded = expandedKeys([...expand].join(","), groups);
  const open = new Set(expanded);
  const cards = new Map(nodes.map((n) => [n.id, n]));
  /** Hidden host card id → its group card's id. */
  const into = new Map<string, string>();
  const groupCards: TopoNode[] = [];
  const marked = new Map<string, TopoNode>();
  for (const [key, ids] of groups) {
    const counts: Partial<Record<Health, number>> = {};
    const quiet: TopoNode[] = [];
    for (const id of ids) {
      const card = cards.get(id);
      if (!card) continue;
      marked.set(id, { ...card, group: key });
      counts[card.health] = (counts[card.health] ?? 0) + 1;
      if (card.health === "ok" && card.findings.length === 0) quiet.push(card);
    }
    // One quiet host is drawn as itself: a card for one would hide nothing.
    if (open.has(key) || quiet.length < 2) continue;
    const id = `group:${key}`;
    for (const card of quiet) into.set(card.id, id);
    const total = ids.length;
    groupCards.push({
      id,
      kind: "group",
      label: key,
      sub: `${total} compute`,
      health: "ok",
      state: `${quiet.length} of ${total} ok`,
      href: null,
      services: [],
      facts: [
        ["hosts", String(total)],
        ["in this card", String(quiet.length)],
      ],
      findings: [],
      severity: null,
      group: key,
      members: { key, members: quiet.map((c) => c.label), counts, total },
    });
  }
  const keptNodes = [
    ...nodes.filter((n) => !into.has(n.id)).map((n) => marked.get(n.id) ?? n),
    ...groupCards,
  ];
  // The hidden cards' edges go to their group card, one per distinct connection.
  const folded = new Map<string, TopoEdge[]>();
  const keptEdges: TopoEdge[] = [];
  for (const e of edges) {
    const source = into.get(e.source) ?? e.source;
    const target = into.get(e.target) ?? e.target;
    if (source === e.source && target === e.target) {
      keptEdges.push(e);
      continue;
    }
    const id = `${source}->${target}`;
    const list = folded.get(id);
    if (list) list.push(e);
    else folded.set(id, [e]);
  }
  for (const [id, merged] of folded) {
    const source = into.get(merged[0]!.source) ?? merged[0]!.source;
    const target = into.get(merged[0]!.target) ?? merged[0]!.target;
    // Two members of one card would be an edge from the card to itself: not drawn.
    if (source !== target) keptEdges.push(mergeEdges(worst, id, source, target, merged));
  }
  return { nodes: keptNodes, edges: keptEdges, expanded };
}
