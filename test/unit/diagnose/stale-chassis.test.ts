import { describe, expect, it } from "vitest";
import { diagnose, flatten } from "@/lib/diagnose";
import { staleChassis } from "@/lib/diagnose/rules/stale-chassis";
import type { Snapshot } from "@/lib/model/snapshot";
import { CAPTURED_STATES, snapshotFromFixtures } from "../../support/fixtures";

// `lab fault chassis-stale`, captured 75 s after cmp1's ovn-controller exited with
// `exit --restart` and NB_Global.nb_cfg was bumped: SB keeps cmp1's Chassis row.

const withoutNode = (s: Snapshot, name: string): Snapshot => ({
  ...s,
  nodes: s.nodes.filter((n) => n.name !== name),
});

describe("stale-chassis", () => {
  it("no captured state but chassis-stale has a stale chassis", () => {
    for (const state of CAPTURED_STATES)
      expect(staleChassis.run(snapshotFromFixtures(state)).length, state).toBe(
        state === "chassis-stale" ? 1 : 0,
      );
  });

  it("cmp1's row without its ovn-controller hangs under the controller being down", () => {
    const roots = diagnose(snapshotFromFixtures("chassis-stale"));
    const root = roots.find((f) => f.id === "service:cmp1:ovn-controller")!;
    const stale = root.symptoms.find((f) => f.id === "stale-chassis:cmp1")!;
    expect(stale.title.key).toBe("f.stale-chassis.no-controller.title");
    expect(stale.runbook).toBe("reconnect-chassis");
    expect(stale.affects).toEqual(["node:cmp1", "chassis:cmp1"]);
    const facts = stale.evidence.map((e) => e.fact);
    expect(facts[0]).toMatch(
      /^Chassis cmp1 \(hostname cmp1\): Chassis_Private nb_cfg (\d+) of SB_Global nb_cfg (\d+)/,
    );
    const [, own, global] = /nb_cfg (\d+) of SB_Global nb_cfg (\d+)/.exec(facts[0]!)!;
    expect(Number(own)).toBeLessThan(Number(global));
    expect(facts).toContain("no ovn-controller process runs");
    // Neutron's own agent list agrees once agent_down_time has passed.
    expect(facts).toContain("GET /v2.0/agents: OVN Controller agent on cmp1 alive=false");
    // Nothing else is wrong in this state.
    expect(
      flatten(roots)
        .map((f) => f.id)
        .sort(),
    ).toEqual([
      "northd-stops-dbs:ctl1:hazard",
      "service:cmp1:ovn-controller",
      "stale-chassis:cmp1",
    ]);
  });

  it("a chassis no inventory node claims is stale once it leaves nb_cfg unanswered for a minute", () => {
    const s = withoutNode(snapshotFromFixtures("chassis-stale"), "cmp1");
    const [f, ...rest] = staleChassis.run(s);
    expect(rest).toEqual([]);
    expect(f!.id).toBe("stale-chassis:cmp1");
    expect(f!.title.key).toBe("f.stale-chassis.unanswered.title");
    expect(Number(f!.title.params!.seconds)).toBeGreaterThanOrEqual(60);
    expect(f!.runbook).toBeNull();
    expect(f!.affects).toEqual(["chassis:cmp1"]);
  });

  it("a chassis outside the inventory that keeps answering is not stale", () => {
    // The healthy lab with cmp1 left out of the inventory: its controller still acknowledges.
    expect(staleChassis.run(withoutNode(snapshotFromFixtures("healthy"), "cmp1"))).toEqual([]);
  });

  it("a lag the other chassis acknowledged only now is not yet a verdict", () => {
    // Without Neutron's verdict, and with the other chassis' acknowledgement moved to the
    // moment SB was read: a live controller could still be about to acknowledge.
    const s = withoutNode(snapshotFromFixtures("chassis-stale"), "cmp1");
    s.neutron = { ...s.neutron, agents: [] };
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!;
    const sb = ctl1.data!.sb!;
    const readAt = Date.parse(ctl1.dataCollectedAt!);
    for (const p of sb.chassisPrivate) if (p.name !== "cmp1") p.nbCfgTimestamp = readAt - 1000;
    expect(staleChassis.run(s)).toEqual([]);
  });

  it("a chassis whose node cannot be read is left to node-access", () => {
    const s = snapshotFromFixtures("chassis-stale");
    const cmp1 = s.nodes.find((n) => n.name === "cmp1")!;
    cmp1.reach = "unreachable";
    expect(staleChassis.run(s)).toEqual([]);
  });
});
