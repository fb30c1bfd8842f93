import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/diagnose";
import type { Snapshot } from "@/lib/model/snapshot";
import { ringOf, topologyModel, worstSeverity } from "@/lib/views/topology";
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

// An element's ring and count say how bad its worst finding is: critical red, warning amber,
// info nothing. A healthy cloud (stock units: the northd hazard warning) must not look alarmed.

const withUnusedMapping = (s: Snapshot): Snapshot => ({
  ...s,
  nodes: s.nodes.map((n) =>
    n.name === "cmp1" && n.data?.ovs
      ? {
          ...n,
          data: {
            ...n.data,
            ovs: {
              ...n.data.ovs,
              bridgeMappings: { ...n.data.ovs.bridgeMappings, extnet: "br-x" },
            },
          },
        }
      : n,
  ),
});

describe("topology: findings by their worst severity", () => {
  it("healthy lab: the northd hazard is a warning (amber ring), nothing is critical", () => {
    const m = topologyModel(snapshotFromFixtures("healthy"));
    const rings = [...m.nodes, ...m.edges]
      .filter((e) => e.findings.length > 0)
      .map((e) => [e.id, e.severity, ringOf(e.severity)]);
    expect(rings).toEqual([["service:ctl1:northd", "warning", "warning"]]);
  });

  it("an element with only info findings gets no ring, but keeps its findings", () => {
    const m = topologyModel(withUnusedMapping(snapshotFromFixtures("healthy")));
    const cmp1 = m.nodes.find((n) => n.id === "node:cmp1")!;
    expect([cmp1.findings, cmp1.severity, ringOf(cmp1.severity)]).toEqual([
      ["bridge-mappings:cmp1:extnet"],
      "info",
      null,
    ]);
  });

  it("nb-down: the worst of an element's findings wins (critical over warning)", () => {
    const m = topologyModel(snapshotFromFixtures("nb-down"));
    const at = (id: string) => m.nodes.find((n) => n.id === id) ?? m.edges.find((e) => e.id === id);
    expect(at("node:ctl1")?.severity).toBe("critical");
    expect(at("service:ctl1:nb-db")?.severity).toBe("critical");
    expect(at("service:ctl1:northd")?.severity).toBe("warning");
    expect(at("service:ctl1:neutron-server->service:ctl1:nb-db")?.severity).toBe("critical");
    expect(m.nodes.filter((n) => n.findings.length === 0).map((n) => n.severity)).not.toContain(
      expect.anything(),
    );
    expect(worstSeverity(["a", "b"], [finding("a", "warning"), finding("b", "critical")])).toBe(
      "critical",
    );
    expect(worstSeverity([], [finding("a", "critical")])).toBeNull();
  });
});

function finding(id: string, severity: Finding["severity"]): Finding {
  return {
    id,
    rule: "test",
    severity,
    title: { key: "app.name" },
    explanation: { key: "app.name" },
    cause: null,
    action: null,
    evidence: [],
    affects: [],
    runbook: null,
    symptoms: [],
  };
}

describe("clients drawn to the member they are talking to (clustered)", () => {
  const targets = (state: string, label: RegExp, source: RegExp) =>
    topologyModel(snapshotFromFixtures(state))
      .edges.filter((e) => label.test(e.label ?? "") && source.test(e.source))
      .map((e) => e.target)
      .sort();

  it("each chassis' ovn-controller to the SB member its session is on, not to the leader", () => {
    // Captured: net1's session on ctl2, cmp1's on ctl3, ctl1's on ctl1 (SB's leader).
    expect(targets("cluster-healthy-sessions", /^ovn-controller$/, /cmp1/)).toEqual([
      "service:ctl3:sb-db",
    ]);
    expect(targets("cluster-healthy-sessions", /^ovn-controller$/, /net1/)).toEqual([
      "service:ctl2:sb-db",
    ]);
    // A capture without the connections: the leader, as before.
    expect(targets("cluster-healthy", /^ovn-controller$/, /cmp1/)).toEqual(["service:ctl1:sb-db"]);
  });

  it("Neutron to every member its workers are on: the leader, and a member of another cluster", () => {
    expect(targets("cluster-healthy-sessions", /^NB /, /neutron/)).toEqual(["service:ctl1:nb-db"]);
    expect(targets("cluster-id-mismatch-neutron-restarted", /^NB /, /neutron/)).toEqual([
      "service:ctl1:nb-db",
      "service:ctl3:nb-db",
    ]);
  });
});

describe("topology: a neutron-server per controller", () => {
  it("each Neutron card says what its own API answered; the stalled one carries its finding", () => {
    const m = topologyModel(snapshotFromFixtures("cluster-neutron-stalled"));
    const api = (id: string) => m.nodes.find((n) => n.id === id)?.facts.find(([k]) => k === "api");
    expect(api("service:ctl1:neutron-server")?.[1]).toMatch(
      /^http:\/\/10\.250\.0\.11:9696 answered at /,
    );
    expect(api("service:ctl2:neutron-server")?.[1]).toMatch(
      /^http:\/\/10\.250\.0\.13:9696 unavailable: .*curl: \(28\)/,
    );
    const ctl2 = m.nodes.find((n) => n.id === "service:ctl2:neutron-server")!;
    expect([ctl2.health, ctl2.severity]).toEqual(["ok", "warning"]);
    expect(ctl2.findings).toContain("service:ctl2:neutron-server");
  });
});
