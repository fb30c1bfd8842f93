import { describe, expect, it } from "vitest";
import { snapshotFromFixtures } from "../../support/fixtures";

// Why Neutron could not be read, as captured in the lab: curl's own words and the GET that
// failed — not the body of an earlier GET that happened to share curl's output line.

describe("Neutron unavailable: the reason shown", () => {
  it("nb-down: neutron-server is up but GET /v2.0/agents hangs (it writes NB_Global)", () => {
    expect(snapshotFromFixtures("nb-down").neutron.error).toMatch(
      /^http:\/\/10\.250\.0\.11:9696: GET agents: curl: \(28\) Operation timed out after \d+ milliseconds with 0 bytes received$/,
    );
  });

  it("neutron-down: nothing listens on 9696", () => {
    const { state, error } = snapshotFromFixtures("neutron-down").neutron;
    expect(state).toBe("unavailable");
    expect(error).toMatch(
      /^http:\/\/10\.250\.0\.11:9696: GET routers: curl: \(7\) Failed to connect to 10\.250\.0\.11 port 9696/,
    );
  });
});
