import { describe, expect, it } from "vitest";
import { diagnose, flatten } from "@/lib/diagnose";
import { serviceStates } from "@/lib/facts/services";
import { planRunbook } from "@/lib/recovery/planner";
import { runbook } from "@/lib/recovery/runbooks";
import { LAB_LIKE_INVENTORY, snapshotFromFixtures } from "../../support/fixtures";

// Neutron's two layouts on the lab's ctl1, captured (test/fixtures/collect): `healthy` runs
// the monolithic neutron-server.service; `healthy-split` runs Debian's neutron-api.service
// (uWSGI) beside neutron-rpc-server.service (`lab/bin/lab neutron-layout split`), with
// neutron-server.service installed but disabled and stopped.
const ctl1 = (state: string) => {
  const s = snapshotFromFixtures(state);
  return { s, node: s.nodes.find((n) => n.name === "ctl1")! };
};
const neutronStates = (state: string) =>
  serviceStates(ctl1(state).node)
    .filter((x) => x.service.startsWith("neutron"))
    .map((x) => ({ service: x.service, unit: x.unit, health: x.health, reasons: x.reasons }));

describe("Neutron's server in either layout", () => {
  it("split: the API is neutron-api.service, its RPC server a service of its own, both ok; no stray neutron-server", () => {
    const states = neutronStates("healthy-split");
    expect(states.map(({ service, unit, health }) => ({ service, unit, health }))).toEqual([
      { service: "neutron-server", unit: "neutron-api.service", health: "ok" },
      { service: "neutron-rpc", unit: "neutron-rpc-server.service", health: "ok" },
    ]);
    const all = flatten(diagnose(ctl1("healthy-split").s));
    // The rpc server's workers, titled "neutron-server: rpc worker (…neutron-rpc-server…)",
    // were once taken for a neutron-server started outside systemd.
    expect(all.filter((f) => /outside systemd/.test(JSON.stringify(f)))).toEqual([]);
    expect(all.filter((f) => f.id.startsWith("service:ctl1:neutron"))).toEqual([]);
  });

  it("monolithic: neutron-server.service alone; the RPC server is no service of its own", () => {
    expect(
      neutronStates("healthy").map(({ service, unit, health }) => ({ service, unit, health })),
    ).toEqual([{ service: "neutron-server", unit: "neutron-server.service", health: "ok" }]);
  });

  it("recovery restarts the units the node runs: neutron-api and neutron-rpc-server when split", () => {
    const commands = (state: string) =>
      planRunbook(runbook("recover-ovn-central")!, ctl1(state).s, LAB_LIKE_INVENTORY, null)
        .steps.filter((p) => /neutron/.test(p.stepId))
        .map((p) => `${p.key}: ${p.command}`);
    expect(commands("healthy-split")).toEqual([
      "restart-neutron@ctl1: sudo -n /usr/local/libexec/ovnscope/act restart 'neutron-api.service'",
      "restart-neutron-rpc@ctl1: sudo -n /usr/local/libexec/ovnscope/act restart 'neutron-rpc-server.service'",
    ]);
    expect(commands("healthy")).toEqual([
      "restart-neutron@ctl1: sudo -n /usr/local/libexec/ovnscope/act restart 'neutron-server.service'",
    ]);
  });
});
