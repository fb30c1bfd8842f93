import { describe, expect, it } from "vitest";
import type { TopoEdge, TopoKind, TopoNode } from "@/lib/views/topology";
import { topologyModel } from "@/lib/views/topology";
import {
  computeLayout,
  GAP,
  layoutTopology,
  SIZE,
  structureKey,
  type TopologyLayout,
} from "@/lib/views/topology-layout";
import { snapshotFromFixtures } from "../../support/fixtures";

// The topology view's layout, computed on the server and sent with the model. What it
// guarantees: it depends only on the elements' ids and connections (deterministic, cached per
// structure, health never moves anything), every element gets a place, no two cards overlap,
// and interchangeable elements (same kind, same connections) stay in one column in the model's
// order. It does not guarantee that a new element leaves the others where they were: ELK lays
// the whole graph out again, and e.g. a new router can shift a column of hosts (see the last
// test, which pins down what does hold then).

function node(id: string, kind: TopoKind, health: TopoNode["health"] = "ok"): TopoNode {
  return {
    id,
    kind,
    label: id,
    sub: "",
    health,
    state: health,
    href: null,
    services: [],
    facts: [],
    findings: [],
    severity: null,
  };
}

function edge(source: string, target: string, health: TopoEdge["health"] = "ok"): TopoEdge {
  return {
    id: `${source}->${target}`,
    source,
    target,
    label: "",
    health,
    findings: [],
    severity: null,
  };
}

/** A small cloud shaped like topologyModel's: central services, hosts, routers, physnets. */
function cloud(computes: number, extra: { nodes?: TopoNode[]; edges?: TopoEdge[] } = {}) {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  for (const s of ["nb-db", "sb-db", "northd", "neutron-server"])
    nodes.push(node(`service:ctl1:${s}`, "service"));
  for (const client of ["northd", "neutron-server"])
    for (const db of ["nb-db", "sb-db"])
      edges.push(edge(`service:ctl1:${client}`, `service:ctl1:${db}`));
  const hosts = ["ctl1", "net1", "net2", ...Array.from({ length: computes }, (_, i) => `cmp${i}`)];
  for (const h of hosts) {
    nodes.push(node(`node:${h}`, "host"));
    edges.push(edge(`node:${h}`, "service:ctl1:sb-db"));
  }
  nodes.push(node("physnet:physnet1", "physnet"));
  for (const h of ["net1", "net2"]) edges.push(edge(`node:${h}`, "physnet:physnet1"));
  for (let r = 0; r < 6; r++) {
    nodes.push(node(`router:r${r}`, "router"));
    edges.push(edge(`router:r${r}`, `node:net${(r % 2) + 1}`));
  }
  nodes.push(...(extra.nodes ?? []));
  edges.push(...(extra.edges ?? []));
  return { nodes, edges };
}

const overlaps = (nodes: TopoNode[], layout: TopologyLayout) => {
  const boxes = nodes.map((n) => {
    const [x, y] = layout.at[n.id]!;
    return { id: n.id, x, y, ...SIZE[n.kind] };
  });
  const pairs: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      if (
        a.x < b.x + b.width &&
        b.x < a.x + a.width &&
        a.y < b.y + b.height &&
        b.y < a.y + a.height
      )
        pairs.push(`${a.id} × ${b.id}`);
    }
  return pairs;
};

describe("topology layout", () => {
  it("places every element, no two cards overlapping, on the captured lab and a larger cloud", async () => {
    const lab = topologyModel(snapshotFromFixtures("healthy"));
    for (const { nodes, edges } of [lab, cloud(40)]) {
      const layout = await computeLayout(nodes, edges);
      expect(Object.keys(layout.at).sort()).toEqual(nodes.map((n) => n.id).sort());
      for (const [x, y] of Object.values(layout.at)) {
        expect(Number.isFinite(x)).toBe(true);
        expect(Number.isFinite(y)).toBe(true);
      }
      expect(overlaps(nodes, layout)).toEqual([]);
    }
  });

  it("is deterministic: the same structure gives the same positions, run after run", async () => {
    const { nodes, edges } = cloud(40);
    const first = await computeLayout(nodes, edges);
    const again = await computeLayout(structuredClone(nodes), structuredClone(edges));
    expect(again).toEqual(first);
  });

  it("depends only on ids and connections: health, labels, findings never move anything", async () => {
    const { nodes, edges } = cloud(12);
    const before = await computeLayout(nodes, edges);
    const changed = nodes.map((n, i) => ({
      ...n,
      health: i % 3 ? n.health : ("down" as const),
      label: `${n.label} (changed)`,
      findings: ["some-finding"],
      facts: [["k", "v"]] as [string, string][],
    }));
    const changedEdges = edges.map((e) => ({ ...e, health: "down" as const, label: "x" }));
    expect(structureKey(changed, changedEdges)).toBe(structureKey(nodes, edges));
    expect(await computeLayout(changed, changedEdges)).toEqual(before);
  });

  it("lays a structure out once: a refresh with the same elements gets the cached layout", async () => {
    const { nodes, edges } = cloud(20);
    const first = layoutTopology(nodes, edges);
    // Concurrent callers share the run; a refresh (new objects, new health) gets the same result.
    expect(layoutTopology(nodes, edges)).toBe(first);
    const refreshed = nodes.map((n) => ({ ...n, health: "degraded" as const }));
    expect(await layoutTopology(refreshed, structuredClone(edges))).toBe(await first);
    // A different structure is laid out anew, and the earlier one is still kept.
    const other = cloud(21);
    expect(await layoutTopology(other.nodes, other.edges)).not.toBe(await first);
    expect(layoutTopology(nodes, edges)).toBe(first);
  });

  it("keeps interchangeable elements in one column, in the model's order, a card's height plus the gap apart", async () => {
    const { nodes, edges } = cloud(10);
    const { at } = await computeLayout(nodes, edges);
    const computes = nodes.filter((n) => n.id.startsWith("node:cmp")).map((n) => at[n.id]!);
    for (const [i, [x, y]] of computes.entries()) {
      expect(x).toBe(computes[0]![0]);
      expect(y).toBe(computes[0]![1] + i * (SIZE.host.height + GAP));
    }
  });

  it("a new host like the others joins their column at its place in the model; they keep their order and spacing", async () => {
    const small = cloud(10);
    const before = await computeLayout(small.nodes, small.edges);
    const grown = cloud(11);
    const after = await computeLayout(grown.nodes, grown.edges);
    const column = (l: TopologyLayout, n: number) =>
      Array.from({ length: n }, (_, i) => l.at[`node:cmp${i}`]!);
    const old = column(before, 10);
    const now = column(after, 11);
    // The whole column may move (ELK places it again), but as one block: same offsets.
    const [dx, dy] = [now[0]![0] - old[0]![0], now[0]![1] - old[0]![1]];
    for (let i = 0; i < 10; i++) expect([now[i]![0] - dx, now[i]![1] - dy]).toEqual(old[i]);
    expect(now[10]).toEqual([now[9]![0], now[9]![1] + SIZE.host.height + GAP]);
    // Still nothing overlaps.
    expect(overlaps(grown.nodes, after)).toEqual([]);
  });
});
