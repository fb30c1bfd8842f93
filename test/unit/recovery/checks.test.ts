import { describe, expect, it } from "vitest";
import { gatewaysMendable, gatewaysWork, neutronStartedAfterDbs } from "@/lib/recovery/checks";
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

describe("neutronStartedAfterDbs: a crash-looping neutron-server already coming back by itself", () => {
  const ctl1 = (s: Snapshot) => s.nodes.find((n) => n.name === "ctl1")!.data!;
  const unit = (s: Snapshot, id: string) => ctl1(s).units.find((u) => u.id === id)!;
  /** The healthy capture with neutron-server (re)started `offsetS` seconds after the later DB. */
  function restartedAfter(offsetS: number): Snapshot {
    const s = structuredClone(snapshotFromFixtures("healthy"));
    const dbs = Math.max(
      Date.parse(unit(s, "ovn-ovsdb-server-nb.service").activeEnterTimestamp!),
      Date.parse(unit(s, "ovn-ovsdb-server-sb.service").activeEnterTimestamp!),
    );
    unit(s, "neutron-server.service").activeEnterTimestamp = new Date(
      dbs + offsetS * 1000,
    ).toISOString();
    return s;
  }

  it("started a second after the databases, nothing refused since: underway", () => {
    const c = neutronStartedAfterDbs(restartedAfter(1), "ctl1");
    expect(c.ok, c.fact).toBe(true);
    expect(c.fact).toMatch(/^neutron-server\.service active since .*, after the OVN databases/);
  });

  it("started in the same second as a database (whole-second timestamps): not counted", () => {
    expect(neutronStartedAfterDbs(restartedAfter(0), "ctl1").ok).toBe(false);
  });

  it("a Connection refused logged since its start: not underway", () => {
    const s = restartedAfter(1);
    const started = unit(s, "neutron-server.service").activeEnterTimestamp!;
    ctl1(s).journal.push({
      ...ctl1(s).journal.find((j) => j.unit.startsWith("neutron-server"))!,
      time: new Date(Date.parse(started) + 2000).toISOString(),
      message: "ConnectionRefusedError: [Errno 111] Connection refused",
    });
    expect(neutronStartedAfterDbs(s, "ctl1").fact).toMatch(/^it logged since its start:/);
  });

  it("the incident (databases down) and neutron-down (unit inactive): not underway", () => {
    expect(neutronStartedAfterDbs(snapshotFromFixtures("incident"), "ctl1").ok).toBe(false);
    expect(neutronStartedAfterDbs(snapshotFromFixtures("neutron-down"), "ctl1").fact).toMatch(
      /is inactive/,
    );
  });
});
