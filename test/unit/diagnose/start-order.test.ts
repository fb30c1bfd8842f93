import { describe, expect, it } from "vitest";
import { diagnose, flatten } from "@/lib/diagnose";
import { en } from "@/lib/i18n/en";
import { ko } from "@/lib/i18n/ko";
import type { NodeData, Snapshot, Unit } from "@/lib/model/snapshot";
import { CAPTURED_STATES, snapshotFromFixtures } from "../../support/fixtures";

// Start-order problems on snapshots built from the lab's captures. The lab has no fault that
// leaves a client given up after its database came back, so those cases move one captured
// state's unit times forward (the journal lines stay as captured).

const ctl1 = (s: Snapshot): NodeData => s.nodes.find((n) => n.name === "ctl1")!.data!;
const unit = (d: NodeData, id: string): Unit => d.units.find((u) => u.id === id)!;
const iso = (t: number) => new Date(t).toISOString();
const startOrder = (s: Snapshot) => flatten(diagnose(s)).filter((f) => f.rule === "start-order");

/** The incident's neutron-server crash loop on SB 6642, then: it stopped, and the DBs came back. */
function gaveUp(): { s: Snapshot; lastRefused: number } {
  const s = snapshotFromFixtures("incident");
  const d = ctl1(s);
  const refused = d.journal.filter(
    (j) => j.unit === "neutron-server.service" && /6642/.test(j.message),
  );
  const lastRefused = Math.max(...refused.map((j) => Date.parse(j.time)));
  Object.assign(unit(d, "neutron-server.service"), {
    activeState: "failed",
    subState: "failed",
    result: "exit-code",
    mainPid: 0,
    inactiveEnterTimestamp: iso(lastRefused + 1000),
  });
  for (const db of ["ovn-ovsdb-server-nb.service", "ovn-ovsdb-server-sb.service"])
    Object.assign(unit(d, db), {
      activeState: "active",
      subState: "running",
      activeEnterTimestamp: iso(lastRefused + 60_000),
    });
  return { s, lastRefused };
}

describe("start-order problems", () => {
  it("no captured lab state has one, and a client that started before its DB and reconnected is fine", () => {
    for (const state of CAPTURED_STATES)
      expect(startOrder(snapshotFromFixtures(state)), state).toEqual([]);
    // The trap: start order alone is not a problem. neutron-server up since before NB's last
    // start, with no connection errors since, is healthy.
    const s = snapshotFromFixtures("healthy");
    const d = ctl1(s);
    const neutronUp = Date.parse(unit(d, "neutron-server.service").activeEnterTimestamp!);
    unit(d, "ovn-ovsdb-server-nb.service").activeEnterTimestamp = iso(neutronUp + 30_000);
    expect(startOrder(s)).toEqual([]);
  });

  it("neutron-server gave up on SB before it came back: critical, with its journal lines, and it is the root of the down service", () => {
    const { s } = gaveUp();
    const [f, ...rest] = startOrder(s);
    expect(rest).toEqual([]);
    expect(f!.id).toBe("start-order:ctl1:neutron-server:sb");
    expect(f!.severity).toBe("critical");
    // The lab's neutron-server unit is ordered after ovn-central.service, not after the DB units.
    expect(f!.title.key).toBe("f.start-order.gave-up.no-after.title");
    expect(
      f!.evidence.some((e) => /Connection refused|retrieve schema|Unable to open/.test(e.fact)),
    ).toBe(true);
    expect(f!.evidence.some((e) => e.fact.startsWith("neutron-server.service After="))).toBe(true);
    const root = diagnose(s).find((x) => x.id === f!.id)!;
    expect(flatten(root.symptoms).map((x) => x.id)).toContain("service:ctl1:neutron-server");
    for (const m of [f!.title, f!.explanation, f!.cause!, f!.action!]) {
      expect(en[m.key]).toBeTypeOf("string");
      expect(ko[m.key]).toBeTypeOf("string");
    }
  });

  it("says when the unit is ordered After= the database; nothing when it went down after the DB was up", () => {
    const { s, lastRefused } = gaveUp();
    unit(ctl1(s), "neutron-server.service").after.push("ovn-sb-ovsdb.service");
    expect(startOrder(s).map((f) => f.title.key)).toEqual(["f.start-order.gave-up.title"]);
    unit(ctl1(s), "neutron-server.service").inactiveEnterTimestamp = iso(lastRefused + 90_000);
    expect(startOrder(s)).toEqual([]);
  });

  it("a client running since before its DB's start that still fails to reach it is not-reconnected; within the grace it is not", () => {
    const s = snapshotFromFixtures("healthy");
    const d = ctl1(s);
    // NB came back 100 s before this read; neutron-server has been up since a minute before that.
    const readAt = Date.parse(s.startedAt);
    const nbUp = readAt - 100_000;
    unit(d, "ovn-ovsdb-server-nb.service").activeEnterTimestamp = iso(nbUp);
    unit(d, "neutron-server.service").activeEnterTimestamp = iso(nbUp - 60_000);
    d.journalCollectedAt = iso(readAt);
    const line = (t: number) => ({
      time: iso(t),
      unit: "neutron-server.service",
      priority: 3,
      pid: 5011,
      identifier: "neutron-server",
      message:
        "ERROR ovsdbapp.backend.ovs_idl.idlutils Unable to open stream to tcp:10.250.0.11:6641 to retrieve schema: Connection refused",
    });
    d.journal.push(line(nbUp + 10_000));
    expect(startOrder(s)).toEqual([]);
    d.journal.push(line(nbUp + 90_000));
    const [f] = startOrder(s);
    expect(f!.id).toBe("start-order:ctl1:neutron-server:nb");
    expect(f!.severity).toBe("warning");
    expect(f!.title.key).toBe("f.start-order.not-reconnected.no-after.title");
  });
});

describe("bridge-mapping names that match no network's physical network", () => {
  it("phynet1 for physnet1 is a likely typo; an unrelated name is only noted", () => {
    const s = snapshotFromFixtures("healthy");
    const ovs = s.nodes.find((n) => n.name === "net1")!.data!.ovs!;
    ovs.bridgeMappings = { phynet1: "br-ex", storage: "br-st" };
    const found = flatten(diagnose(s)).filter((f) => f.rule === "bridge-mappings");
    expect(found.map((f) => [f.id, f.severity, f.title.key])).toEqual([
      ["bridge-mappings:net1:phynet1", "warning", "f.bridge-mappings.typo.title"],
      ["bridge-mappings:net1:storage", "info", "f.bridge-mappings.unused.title"],
    ]);
    expect(found[0]!.title.params?.near).toBe("physnet1");
  });
});
