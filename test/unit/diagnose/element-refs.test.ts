import { describe, expect, it } from "vitest";
import { diagnose, flatten } from "@/lib/diagnose";
import { elementId, ref } from "@/lib/model/element";
import { CAPTURED_STATES, snapshotFromFixtures } from "../../support/fixtures";

describe("typed element references", () => {
  it("keep the string form pages and the topology match on", () => {
    expect(elementId(ref.node("ctl1"))).toBe("node:ctl1");
    expect(elementId(ref.service("ctl1", "nb-db"))).toBe("service:ctl1:nb-db");
    expect(elementId(ref.chassis("cmp1"))).toBe("chassis:cmp1");
    expect(elementId(ref.router("r-1"))).toBe("router:r-1");
    expect(elementId(ref.physnet("physnet1"))).toBe("physnet:physnet1");
    expect(elementId(ref.neutronDb("NB"))).toBe("edge:neutron-nb");
    expect(elementId(ref.neutronDb("sb"))).toBe("edge:neutron-sb");
  });

  it("every finding on every captured state affects only elements of those kinds", () => {
    const known =
      /^(node:[^:]+|service:[^:]+:[^:]+|chassis:.+|router:.+|physnet:.+|edge:neutron-(nb|sb))$/;
    for (const state of CAPTURED_STATES)
      for (const f of flatten(diagnose(snapshotFromFixtures(state))))
        for (const a of f.affects) expect(a, `${state} ${f.id}`).toMatch(known);
  });
});
