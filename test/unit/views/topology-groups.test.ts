import { describe, expect, it } from "vitest";
import { nodeIdentity } from "@/lib/collect/read-output";
import { parseInventory } from "@/lib/inventory";
import { NODE_GROUP } from "@/lib/inventory/schema";
import type { NodeSnapshot, Snapshot } from "@/lib/model/snapshot";
import {
  expandedKeys,
  GROUP_ABOVE,
  GROUP_KEY,
  namePrefix,
  topologyModel,
  type TopologyModel,
} from "@/lib/views/topology";
import { structureKey } from "@/lib/views/topology-layout";
import { largeSnapshot } from "../../../bench/topology/snapshot";
import { CAPTURED_STATES, snapshotFromFixtures } from "../../support/fixtures";

// Issue #18, the topology at 2,000 nodes: compute hosts in groups (inventory group, else name
// prefix), one card per group for its healthy hosts with every host counted by health; a host
// with a finding or any health but ok always drawn on its own; small clouds as before.

/** The lab's healthy capture with `n` more compute hosts, copies of cmp1 named `name(i)`. */
function withComputes(state: string, n: number, name = (i: number) => `cmp${i + 2}`): Snapshot {
  const s = snapshotFromFixtures(state);
  const cmp1 = s.nodes.find((x) => x.name === "cmp1")!;
  const more: NodeSnapshot[] = Array.from({ length: n }, (_, i) => ({ ...cmp1, name: name(i) }));
  return { ...s, nodes: [...s.nodes, ...more] };
}

const ids = (m: TopologyModel) => m.nodes.map((n) => n.id);
const groups = (m: TopologyModel) => m.nodes.filter((n) => n.kind === "group");

describe("topology groups: small clouds are drawn as before", () => {
  it("every captured lab state: no group, no host marked, the same structure with or without asking", () => {
    for (const state of CAPTURED_STATES) {
      const s = snapshotFromFixtures(state);
      const m = topologyModel(s);
      expect(groups(m), state).toEqual([]);
      expect(
        m.nodes.filter((n) => n.group !== undefined),
        state,
      ).toEqual([]);
      expect(m.expanded).toEqual([]);
      const asked = topologyModel(s, { expand: ["cmp"] });
      expect(structureKey(asked.nodes, asked.edges)).toBe(structureKey(m.nodes, m.edges));
    }
  });

  it(`up to ${GROUP_ABOVE} compute hosts every host is its own card`, () => {
    // cmp1 and 11 copies: 12 compute hosts.
    const m = topologyModel(withComputes("healthy", GROUP_ABOVE - 1));
    expect(groups(m)).toEqual([]);
    expect(m.nodes.filter((n) => n.kind === "host")).toHaveLength(GROUP_ABOVE + 2);
  });
});

describe("topology groups: a cloud of 13 compute hosts and more", () => {
  it("healthy hosts of one prefix are one card with their counts; one edge to SB, not thirteen", () => {
    const m = topologyModel(withComputes("healthy", GROUP_ABOVE));
    const [cmp, ...more] = groups(m);
    expect(more).toEqual([]);
    expect(cmp!.id).toBe("group:cmp");
    expect(cmp!.members!.total).toBe(13);
    expect(cmp!.members!.counts).toEqual({ ok: 13 });
    expect(cmp!.members!.members).toHaveLength(13);
    expect(cmp!.members!.members).toContain("cmp1");
    // ctl1 (controller, network) and net1 (network) are never grouped.
    expect(m.nodes.filter((n) => n.kind === "host").map((n) => n.id)).toEqual([
      "node:ctl1",
      "node:net1",
    ]);
    const toSb = m.edges.filter((e) => e.source === "group:cmp");
    expect(toSb.map((e) => [e.target, e.label, e.health])).toEqual([
      ["service:ctl1:sb-db", "ovn-controller ×13", "ok"],
    ]);
    expect(m.edges.some((e) => e.source.startsWith("node:cmp"))).toBe(false);
  });

  it("a host with any finding or any health but ok is drawn on its own, marked with its group and counted", () => {
    // 18 compute hosts with their own chassis in SB (copies of cmp1 would share its system-id,
    // and so each other's findings).
    const s = largeSnapshot(20);
    s.nodes = s.nodes.map((n) =>
      n.name === "az1-cmp0005"
        ? { ...n, reach: "unreachable", error: "no route to host" }
        : n.name === "az1-cmp0007"
          ? { ...n, data: { ...n.data!, controllerConnection: "not connected" } }
          : n,
    );
    const m = topologyModel(s);
    const [az1] = groups(m);
    expect(az1!.id).toBe("group:az1-cmp");
    expect(az1!.members!.members).not.toContain("az1-cmp0005");
    expect(az1!.members!.members).not.toContain("az1-cmp0007");
    expect(az1!.members!.members).toHaveLength(16);
    expect(az1!.members!.counts).toEqual({ ok: 16, unreachable: 1, degraded: 1 });
    const alone = m.nodes.filter((n) => n.kind === "host" && n.group === "az1-cmp");
    expect(alone.map((n) => [n.id, n.health, n.findings.length > 0])).toEqual([
      ["node:az1-cmp0005", "unreachable", true],
      ["node:az1-cmp0007", "degraded", true],
    ]);
    // Their own edges stay theirs; the card's edge is the others'.
    expect(m.edges.find((e) => e.source === "node:az1-cmp0007")?.health).toBe("down");
    expect(m.edges.find((e) => e.source === "group:az1-cmp")?.label).toBe("ovn-controller ×16");
  });

  it("?expand draws a group's hosts on their own; unknown and malformed keys are ignored", () => {
    const s = withComputes("healthy", GROUP_ABOVE);
    const m = topologyModel(s, { expand: ["cmp", "nope", "../x", "cmp"] });
    expect(m.expanded).toEqual(["cmp"]);
    expect(groups(m)).toEqual([]);
    const hosts = m.nodes.filter((n) => n.kind === "host" && n.group === "cmp");
    expect(hosts).toHaveLength(13);
    expect(
      m.edges.filter((e) => e.target === "service:ctl1:sb-db" && e.source.startsWith("node:cmp")),
    ).toHaveLength(13);
    expect(ids(topologyModel(s, { expand: ["nope"] }))).toEqual(ids(topologyModel(s)));
  });

  it("the inventory's group (zone, aggregate) comes before the name prefix", () => {
    const s = withComputes("healthy", 20);
    for (const n of s.nodes)
      if (n.name.startsWith("cmp")) n.group = Number(n.name.slice(3)) % 2 ? "az-odd" : "az-even";
    const m = topologyModel(s);
    expect(groups(m).map((g) => [g.id, g.members!.total])).toEqual([
      ["group:az-even", 10],
      ["group:az-odd", 11],
    ]);
    const odd = topologyModel(s, { expand: ["az-odd"] });
    expect(groups(odd).map((g) => g.id)).toEqual(["group:az-even"]);
    expect(odd.nodes.filter((n) => n.group === "az-odd")).toHaveLength(11);
  });
});

describe("topology groups: 2,000 nodes (bench/topology/snapshot.ts)", () => {
  const s = largeSnapshot(2000);
  const m = topologyModel(s);

  it("eight zone cards and the unwell hosts: about a hundred cards instead of two thousand", () => {
    expect(groups(m).map((g) => g.id)).toEqual(
      Array.from({ length: 8 }, (_, z) => `group:az${z + 1}-cmp`),
    );
    expect(m.nodes.length).toBeLessThan(120);
    expect(m.edges.length).toBeLessThan(120);
    // Every host is counted once: in a card or drawn on its own.
    const hosts = s.nodes.filter((n) => n.roles.join() === "compute");
    const inCards = groups(m).flatMap((g) => g.members!.members);
    const alone = m.nodes.filter((n) => n.kind === "host" && n.group).map((n) => n.label);
    expect(new Set([...inCards, ...alone]).size).toBe(hosts.length);
    expect(inCards.length + alone.length).toBe(hosts.length);
    const total = groups(m).reduce(
      (sum, g) => sum + Object.values(g.members!.counts).reduce((a, b) => a + b, 0),
      0,
    );
    expect(total).toBe(hosts.length);
  });

  it("no unwell host is hidden in a card", () => {
    const cards = new Map(m.nodes.map((n) => [n.label, n]));
    for (const host of s.nodes.filter((n) => n.roles.join() === "compute")) {
      const bad = host.reach !== "reachable" || host.data?.controllerConnection !== "connected";
      if (bad) expect(cards.get(host.name)?.kind, host.name).toBe("host");
    }
    for (const g of groups(m))
      expect(
        g.members!.counts.ok! +
          (g.members!.counts.unreachable ?? 0) +
          (g.members!.counts.degraded ?? 0),
      ).toBe(g.members!.total);
  });

  it("expanding one zone draws its 250 hosts and leaves the other cards", () => {
    const one = topologyModel(s, { expand: ["az3-cmp"] });
    expect(groups(one)).toHaveLength(7);
    expect(one.nodes.filter((n) => n.kind === "host" && n.group === "az3-cmp")).toHaveLength(250);
  });
});

describe("topology groups: keys", () => {
  it("name prefixes drop the trailing number and its separator", () => {
    expect(["cmp0042", "rack3-cmp-17", "compute_9", "alpha", "42"].map(namePrefix)).toEqual([
      "cmp",
      "rack3-cmp",
      "compute",
      "alpha",
      "42",
    ]);
  });

  it("?expand keeps known well-formed keys, sorted, once", () => {
    const known = new Set(["az1", "az2", "b.c_d"]);
    expect(expandedKeys("az2,az1,,az2, b.c_d ,x,<script>,az1", known)).toEqual([
      "az1",
      "az2",
      "b.c_d",
    ]);
    expect(expandedKeys(null, known)).toEqual([]);
  });

  it("the inventory takes an optional group per node, validated", () => {
    const inventory = (group: string) => `cloud: {name: c}
defaults: {user: u, keyFile: /k}
nodes:
  - {name: a, address: 10.0.0.1, roles: [compute], hostKey: "SHA256:${"A".repeat(43)}", group: ${group}}
  - {name: b, address: 10.0.0.2, roles: [compute], hostKey: "SHA256:${"B".repeat(43)}"}
`;
    expect(GROUP_KEY.source).toBe(NODE_GROUP.source);
    const inv = parseInventory(inventory("az-1.rack_2"), "/x.yaml");
    expect(inv.nodes.map((n) => n.group ?? null)).toEqual(["az-1.rack_2", null]);
    // It reaches the node's snapshot, where the topology groups by it.
    expect(nodeIdentity(inv.nodes[0]!, "2026-12-05T00:00:00Z").group).toBe("az-1.rack_2");
    expect(() => parseInventory(inventory('"az 1"'), "/x.yaml")).toThrow(/group/);
    expect(() => parseInventory(inventory('"-az"'), "/x.yaml")).toThrow(/group/);
  });
});
