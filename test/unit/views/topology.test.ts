import { describe, expect, it } from "vitest";
import type { Snapshot } from "@/lib/model/snapshot";
import { topologyModel } from "@/lib/views/topology";
import { snapshotFromFixtures } from "../../support/fixtures";

// SB chassis that no inventory node claims get their own element, judged by what SB says.

const withoutCmp1 = (s: Snapshot): Snapshot => ({
  ...s,
  nodes: s.nodes.filter((n) => n.name !== "cmp1"),
});

describe("topology: chassis outside the inventory", () => {
  it("every chassis of the inventory is its host card, not a second element", () => {
    const m = topologyModel(snapshotFromFixtures("healthy"));
    expect(m.nodes.filter((n) => n.kind === "chassis")).toEqual([]);
  });

  it("a live chassis no node claims is shown ok, connected to SB", () => {
    const m = topologyModel(withoutCmp1(snapshotFromFixtures("healthy")));
    const cmp1 = m.nodes.find((n) => n.id === "chassis:cmp1")!;
    expect([cmp1.kind, cmp1.health, cmp1.state, cmp1.sub]).toEqual([
      "chassis",
      "ok",
      "answers SB",
      "cmp1",
    ]);
    expect(m.edges.find((e) => e.id === "chassis:cmp1->service:ctl1:sb-db")?.health).toBe("ok");
  });

  it("a stale one is down, carries its finding, and so does its edge to SB", () => {
    const m = topologyModel(withoutCmp1(snapshotFromFixtures("chassis-stale")));
    const cmp1 = m.nodes.find((n) => n.id === "chassis:cmp1")!;
    expect([cmp1.health, cmp1.state]).toEqual(["down", "stale chassis"]);
    expect(cmp1.findings).toEqual(["stale-chassis:cmp1"]);
    expect(cmp1.facts).toContainEqual(["inventory", "no node has this system-id"]);
    const edge = m.edges.find((e) => e.id === "chassis:cmp1->service:ctl1:sb-db")!;
    expect([edge.health, edge.findings]).toEqual(["down", ["stale-chassis:cmp1"]]);
  });
});
