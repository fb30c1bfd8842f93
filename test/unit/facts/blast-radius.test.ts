import { describe, expect, it } from "vitest";
import { blastRadius, type BlastEffect } from "@/lib/facts/blast-radius";
import { diagnose, flatten } from "@/lib/diagnose";
import type { NodeData, Unit } from "@/lib/model/snapshot";
import { nodeModel } from "@/lib/views/node";
import { snapshotFromFixtures } from "../../support/fixtures";

// Restart blast radius on the unit graphs captured from the real lab.

const data = (state: string, node: string): NodeData =>
  structuredClone(snapshotFromFixtures(state).nodes.find((n) => n.name === node)!.data!);
const unit = (d: NodeData, id: string): Unit => d.units.find((u) => u.id === id)!;
const summary = (effects: BlastEffect[]) => effects.map((e) => `${e.effect} ${e.unit}`).sort();

describe("restart blast radius from the collected unit graph", () => {
  it("Debian's stock ovn-northd unit: a restart also stops NB and SB, because of its ExecStop", () => {
    const d = data("healthy", "ctl1");
    const r = blastRadius(d, "ovn-northd.service", "restart", "debian");
    expect(summary(r.effects)).toEqual([
      "stop ovn-ovsdb-server-nb.service",
      "stop ovn-ovsdb-server-sb.service",
    ]);
    const why = r.effects[0]!.because[0]!;
    expect(why).toMatchObject({
      kind: "exec-stop",
      via: "ovn-northd.service",
      source: "/lib/systemd/system/ovn-northd.service",
      effect: "ovn-ctl-stop-northd",
    });
    expect(why.kind === "exec-stop" && why.command).toContain("stop_northd");
    expect(r.effects.every((e) => e.activeNow)).toBe(true);
  });

  it("the incident's drop-in is named as the source of the ExecStop", () => {
    const r = blastRadius(data("incident", "ctl1"), "ovn-northd", "stop", "debian");
    expect(summary(r.effects)).toEqual([
      "stop ovn-ovsdb-server-nb.service",
      "stop ovn-ovsdb-server-sb.service",
    ]);
    expect(r.effects[0]!.because[0]).toMatchObject({
      source: "/etc/systemd/system/ovn-northd.service.d/incident.conf",
    });
  });

  it("an ExecStop with --ovn-manage-ovsdb=no stops nothing else", () => {
    const d = data("healthy", "ctl1");
    const northd = unit(d, "ovn-northd.service");
    northd.execStop = northd.execStop.map((c) => ({
      ...c,
      argv: [...c.argv, "--ovn-manage-ovsdb=no"],
    }));
    expect(blastRadius(d, "ovn-northd.service", "restart", "debian").effects).toEqual([]);
  });

  it("PartOf= and Requires= carry a restart as a restart, transitively", () => {
    const d = data("healthy", "cmp1");
    const host = blastRadius(d, "ovn-host.service", "restart", "debian");
    expect(summary(host.effects)).toEqual(["restart ovn-controller.service"]);
    expect(host.effects[0]!.because).toEqual([
      { kind: "part-of", unit: "ovn-controller.service", via: "ovn-host.service" },
    ]);
    const ovsdb = blastRadius(d, "ovsdb-server.service", "restart", "debian");
    expect(summary(ovsdb.effects)).toEqual([
      "restart openvswitch-switch.service",
      "restart ovs-vswitchd.service",
    ]);
    expect(ovsdb.effects.find((e) => e.unit === "ovs-vswitchd.service")!.because).toContainEqual({
      kind: "requires",
      unit: "ovs-vswitchd.service",
      via: "ovsdb-server.service",
    });
    // ovn-central (oneshot umbrella): its three parts restart with it.
    const central = blastRadius(
      data("healthy", "ctl1"),
      "ovn-central.service",
      "restart",
      "debian",
    );
    expect(summary(central.effects)).toEqual([
      "restart ovn-northd.service",
      "restart ovn-ovsdb-server-nb.service",
      "restart ovn-ovsdb-server-sb.service",
    ]);
  });

  it("a daemon stopped by another's ExecStop stops BindsTo= dependents, not Requires= ones", () => {
    const d = data("healthy", "ctl1");
    const neutron = unit(d, "neutron-server.service");
    neutron.bindsTo = ["ovn-nb-ovsdb.service"]; // by alias
    expect(
      summary(blastRadius(d, "ovn-northd.service", "restart", "debian").effects).filter((s) =>
        s.includes("neutron"),
      ),
    ).toEqual(["stop neutron-server.service"]);
    neutron.bindsTo = [];
    neutron.requires = [...neutron.requires, "ovn-ovsdb-server-nb.service"];
    expect(
      summary(blastRadius(d, "ovn-northd.service", "restart", "debian").effects).filter((s) =>
        s.includes("neutron"),
      ),
    ).toEqual([]);
    // … while an explicit restart of the database does restart what Requires= it.
    expect(
      summary(blastRadius(d, "ovn-ovsdb-server-nb.service", "restart", "debian").effects),
    ).toContain("restart neutron-server.service");
  });

  it("neutron-server takes nothing with it; unknown units have no blast radius", () => {
    const d = data("healthy", "ctl1");
    expect(blastRadius(d, "neutron-server.service", "restart", "debian").effects).toEqual([]);
    expect(blastRadius(d, "nope.service", "restart", "debian").effects).toEqual([]);
  });

  it("agrees with the northd-stops-dbs rule in every captured state", () => {
    for (const state of ["healthy", "incident", "nb-down", "northd-down", "stray-ovsdb"]) {
      const s = snapshotFromFixtures(state);
      const ctl1 = s.nodes.find((n) => n.name === "ctl1")!;
      const stops = blastRadius(ctl1.data!, "ovn-northd.service", "restart", "debian").effects.some(
        (e) => e.effect === "stop",
      );
      const rule = flatten(diagnose(s)).some((f) => f.rule === "northd-stops-dbs");
      expect(stops, state).toBe(rule);
    }
  });

  it("the node page model carries it per unit", () => {
    const model = nodeModel(snapshotFromFixtures("healthy"), "ctl1")!;
    expect(Object.keys(model.blast)).toContain("ovn-northd.service");
    expect(model.blast["neutron-server.service"]).toBeUndefined();
    expect(summary(model.blast["ovn-northd.service"]!.restart.effects)).toHaveLength(2);
  });
});
