import { describe, expect, it } from "vitest";
import { gatewayChain } from "@/lib/facts/gateway-chain";
import { gatewayPortTarget } from "@/lib/views/routers";
import { snapshotFromFixtures } from "../../support/fixtures";

// The gateway drill-down's candidates and pasteable port links, on captured lab states.

const chainOf = (state: string) => {
  const s = snapshotFromFixtures(state);
  const id = s.nodes.find((n) => n.name === "ctl1")!.data!.nb!.routers[0]!.name.slice(8);
  return { s, id, chain: gatewayChain(s, id)! };
};
const link = (c: ReturnType<typeof chainOf>["chain"], id: string) =>
  c.links.find((l) => l.id === id)!;

describe("gateway chassis candidates", () => {
  it("healthy: both gateway nodes could host the port, highest priority first and bound", () => {
    const { chain } = chainOf("healthy");
    // Which of ctl1/net1 Neutron ranked first differs between lab runs.
    expect(chain.candidates.map((c) => c.chassis).sort()).toEqual(["ctl1", "net1"]);
    expect(chain.candidates[0]!.priority).toBeGreaterThan(chain.candidates[1]!.priority);
    expect(chain.candidates.map((c) => c.bound)).toEqual([true, false]);
    for (const c of chain.candidates) {
      expect([c.inSb, c.node, c.controller, c.bridge, c.bridgeExists, c.status]).toEqual([
        true,
        c.chassis,
        "connected",
        "br-ex",
        true,
        "ok",
      ]);
    }
    expect(link(chain, "gateway-chassis").status).toBe("ok");
  });

  it("bridge-mapping-missing: neither can, so the candidates link warns; the cause stays the mapping", () => {
    const { chain } = chainOf("bridge-mapping-missing");
    expect(chain.candidates.map((c) => [c.bridge, c.status])).toEqual([
      [null, "broken"],
      [null, "broken"],
    ]);
    const candidates = link(chain, "gateway-chassis");
    expect(candidates.status).toBe("warning");
    expect(candidates.fact).toContain(
      `cannot host it: ${chain.candidates.map((c) => c.chassis).join(", ")}`,
    );
    expect(chain.firstBroken).toBe("bridge-mapping");
  });

  it("gateway nodes that cannot be read now: candidates and chassis unknown, not judged on old data", () => {
    const { s, id } = chainOf("healthy");
    for (const n of s.nodes) if (n.name !== "cmp1") n.reach = "unreachable";
    const chain = gatewayChain(s, id)!;
    expect(chain.candidates.map((c) => [c.controller, c.bridge, c.status])).toEqual([
      [null, null, "unknown"],
      [null, null, "unknown"],
    ]);
    expect(link(chain, "chassis").status).toBe("unknown");
    expect(link(chain, "chassis").fact).toContain("(unreachable: not read now)");
    expect(link(chain, "bridge-mapping").status).toBe("unknown");
    expect(chain.firstBroken).toBeNull();
  });

  it("the Neutron port link names its network and physical network", () => {
    expect(link(chainOf("healthy").chain, "neutron-port").fact).toMatch(
      /network=[0-9a-f-]{36} \(public\) provider:physical_network=physnet1$/,
    );
  });
});

describe("gateway port links (/ports/…)", () => {
  it("a Neutron port id, lrp-<id> and cr-lrp-<id> open the router at their own link", () => {
    const { s, id, chain } = chainOf("healthy");
    const port = chain.portId!;
    expect(gatewayPortTarget(s, port)).toEqual({ routerId: id, link: "neutron-port" });
    expect(gatewayPortTarget(s, `lrp-${port}`)).toEqual({
      routerId: id,
      link: "logical-router-port",
    });
    expect(gatewayPortTarget(s, `cr-lrp-${port}`)).toEqual({
      routerId: id,
      link: "cr-lrp-binding",
    });
  });

  it("found through NB when Neutron cannot be read", () => {
    const { s, id, chain } = chainOf("neutron-down");
    expect(s.neutron.state).toBe("unavailable");
    expect(gatewayPortTarget(s, `cr-lrp-${chain.portId}`)?.routerId).toBe(id);
  });

  it("anything else leads nowhere", () => {
    const { s, id } = chainOf("healthy");
    for (const ref of [id, "00000000-0000-0000-0000-000000000000", "lrp-x", "../etc", ""])
      expect(gatewayPortTarget(s, ref), ref).toBeNull();
  });
});
