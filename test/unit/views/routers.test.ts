import { describe, expect, it } from "vitest";
import { routersModel } from "@/lib/views/routers";
import { snapshotFromFixtures } from "../../support/fixtures";

describe("routers page model", () => {
  // The page says through which node Neutron could not be read ("… through ctl1: …"), as the
  // overview does; it used to say "through : …".
  it("names the inventory node whose Neutron API could not be read", () => {
    const { neutron } = routersModel(snapshotFromFixtures("neutron-down"));
    expect([neutron.state, neutron.node]).toEqual(["unavailable", "ctl1"]);
    expect(neutron.error).toBeTruthy();
  });

  it("and the node it was read through when it could", () => {
    const { neutron } = routersModel(snapshotFromFixtures("healthy"));
    expect(neutron).toEqual({ state: "ok", error: null, node: "ctl1" });
  });
});
