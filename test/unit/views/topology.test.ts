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

describe("topology: external networks", () => {
  it("router → its external network (the gateway port, by its address) → the physnet", () => {
    const m = topologyModel(snapshotFromFixtures("healthy"));
    const nets = m.nodes.filter((n) => n.kind === "network");
    expect(nets.map((n) => [n.label, n.sub, n.health, n.state])).toEqual([
      ["public", "flat physnet1", "ok", "ACTIVE"],
    ]);
    const router = m.nodes.find((n) => n.kind === "router")!;
    const port = m.edges.find((e) => e.source === router.id && e.target === nets[0]!.id)!;
    expect(port.label).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(port.health).toBe("ok");
    expect(m.edges.find((e) => e.source === nets[0]!.id)?.target).toBe("physnet:physnet1");
  });

  it("without Neutron the network is still placed (from NB), its status unknown", () => {
    const m = topologyModel(snapshotFromFixtures("neutron-down"));
    const [net, ...more] = m.nodes.filter((n) => n.kind === "network");
    expect(more).toEqual([]);
    expect([net!.health, net!.state]).toEqual(["unknown", "Neutron not read"]);
    expect(m.edges.filter((e) => e.target === net!.id).map((e) => e.health)).toEqual(["unknown"]);
  });
});
