import { describe, expect, it } from "vitest";
import { gatewaysMendable, gatewaysWork } from "@/lib/recovery/checks";
import type { Snapshot } from "@/lib/model/snapshot";
import { snapshotFromFixtures } from "../../support/fixtures";

// The recovery's last check on snapshots built from captured lab states (test/fixtures/collect).

/** The healthy capture with the gateway's cr-lrp released, as seen for ~1 s while SB's clients reconnect. */
function crLrpReleased(): Snapshot {
  const s = structuredClone(snapshotFromFixtures("healthy"));
  let released = 0;
  for (const n of s.nodes)
    for (const b of n.data?.sb?.portBindings ?? [])
      if (b.type === "chassisredirect") {
        b.chassis = null;
        released++;
      }
  expect(released).toBeGreaterThan(0);
  return s;
}

describe("gatewaysWork: the routers' gateways as the topology shows them", () => {
  it("healthy: holds, naming the router, Neutron's status and the chassis", () => {
    const c = gatewaysWork(snapshotFromFixtures("healthy"));
    expect(c.ok).toBe(true);
    expect(c.fact).toMatch(/^router1 ACTIVE, cr-lrp on (ctl1|net1)$/);
  });

  it("a cr-lrp bound to no chassis: does not hold yet, and a restart may mend it", () => {
    const s = crLrpReleased();
    const c = gatewaysWork(s);
    expect(c.ok).toBe(false);
    expect(c.fact).toMatch(/^router1: broken at cr-lrp-binding/);
    expect(gatewaysMendable(s).ok).toBe(true);
  });

  it("Neutron's API down (the incident): does not hold, whatever OVN says", () => {
    const c = gatewaysWork(snapshotFromFixtures("incident"));
    expect(c.ok).toBe(false);
    expect(c.fact).toMatch(/^Neutron API: /);
  });

  it("bridge-mapping-missing: broken, and broken where only configuration mends it", () => {
    const s = snapshotFromFixtures("bridge-mapping-missing");
    expect(gatewaysWork(s).ok).toBe(false);
    const mend = gatewaysMendable(s);
    expect(mend.ok).toBe(false);
    expect(mend.fact).toMatch(/^router1's gateway is broken at bridge-mapping/);
  });
});
