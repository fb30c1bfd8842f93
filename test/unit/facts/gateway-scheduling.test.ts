import { describe, expect, it } from "vitest";
import { gatewayChain } from "@/lib/facts/gateway-chain";
import { diagnose } from "@/lib/diagnose";
import { snapshotFromFixtures } from "../../support/fixtures";

// Gateways scheduled by HA_Chassis_Group (Neutron ≥ 2026.2) beside Gateway_Chassis ones, on the
// clustered lab with `lab hcg-router add`: router1 keeps Gateway_Chassis; router-hcg's gateway
// port was migrated as Neutron's maintenance task does. In `-both`, Neutron 21 had scheduled
// Gateway_Chassis on router-hcg's port again after a Chassis event (northd logged "Both
// ha_chassis_group and gateway_chassis configured …; ignoring the latter").

function routers(state: string) {
  const s = snapshotFromFixtures(state);
  const byName = (name: string) => s.neutron.routers.find((r) => r.name === name)!;
  return {
    s,
    router1: gatewayChain(s, byName("router1").id)!,
    hcg: gatewayChain(s, byName("router-hcg").id)!,
    hcgId: byName("router-hcg").id,
  };
}
const fact = (chain: ReturnType<typeof gatewayChain>, id: string) =>
  chain!.links.find((l) => l.id === id)!.fact;

describe("gateway scheduling: Gateway_Chassis or HA_Chassis_Group", () => {
  it("router1 is scheduled by Gateway_Chassis, router-hcg by its group, both healthy", () => {
    const { router1, hcg, hcgId } = routers("cluster-hcg-router");
    expect(router1.scheduling).toEqual({
      table: "Gateway_Chassis",
      group: null,
      ignoredGatewayChassis: 0,
    });
    expect(hcg.scheduling).toEqual({
      table: "HA_Chassis_Group",
      group: `neutron-${hcgId}`,
      ignoredGatewayChassis: 0,
    });
    for (const chain of [router1, hcg]) {
      expect(chain.candidates.map((c) => c.chassis).sort()).toEqual(["ctl1", "net1"]);
      expect(chain.candidates[0]!.priority).toBeGreaterThan(chain.candidates[1]!.priority);
      expect(chain.candidates.filter((c) => c.bound)).toHaveLength(1);
      expect(chain.candidates.every((c) => c.status === "ok")).toBe(true);
      expect(chain.firstBroken).toBeNull();
      expect(chain.neutronStatus).toBe("ACTIVE");
    }
    expect(fact(hcg, "gateway-chassis")).toMatch(
      new RegExp(`^HA_Chassis_Group neutron-${hcgId}: (ctl1|net1)\\(prio \\d+\\), (ctl1|net1)`),
    );
    expect(fact(router1, "gateway-chassis")).not.toMatch(/HA_Chassis_Group/);
  });

  it("with Gateway_Chassis set again beside the group, the group's HA_Chassis are the candidates and the rows are named as ignored", () => {
    const { hcg, hcgId } = routers("cluster-hcg-router-both");
    expect(hcg.scheduling).toEqual({
      table: "HA_Chassis_Group",
      group: `neutron-${hcgId}`,
      ignoredGatewayChassis: 2,
    });
    // Not four candidates: the Gateway_Chassis rows are not counted twice.
    expect(hcg.candidates.map((c) => c.chassis).sort()).toEqual(["ctl1", "net1"]);
    expect(fact(hcg, "gateway-chassis")).toMatch(
      /— 2 Gateway_Chassis also set, ignored by OVN \(the group wins\)$/,
    );
    expect(hcg.firstBroken).toBeNull();
  });

  it("no gateway finding on either capture", () => {
    for (const state of ["cluster-hcg-router", "cluster-hcg-router-both"]) {
      const { s } = routers(state);
      const gateway = diagnose(s).filter((f) => /gateway/.test(f.rule));
      expect(gateway, state).toEqual([]);
    }
  });
});
