import { describe, expect, it } from "vitest";
import type { Snapshot } from "@/lib/model/snapshot";
import { gatewayChains } from "@/lib/recovery/checks";
import { boundSince, electionOver } from "@/lib/recovery/gateway-tenure";
import { dropGatewayCandidate, snapshotFromFixtures } from "../../support/fixtures";

// On the lab's capture after the incident with NB/SB back: net1 claimed router1's cr-lrp last at
// 05:00:48.333 (its ovn-controller log, read by collect-journal), after a release 86 ms before.
const CLAIMED_AT = Date.parse("2026-12-05T05:00:48.333Z");

/** The captured state, its journals taken as read with the snapshot (as a recovery step reads). */
function captured(): Snapshot {
  const s = snapshotFromFixtures("incident-dbs-back");
  for (const n of s.nodes) if (n.data) n.data.journalCollectedAt = s.startedAt;
  return s;
}
const since = (s: Snapshot) => boundSince(s, gatewayChains(s));
const dataOf = (s: Snapshot, node: string) => s.nodes.find((n) => n.name === node)!.data!;
const logged = (s: Snapshot, node: string, afterMs: number, message: string) =>
  dataOf(s, node).journal.push({
    time: new Date(CLAIMED_AT + afterMs).toISOString(),
    unit: "ovn-controller.service",
    priority: 6,
    pid: null,
    identifier: "ovn-controller",
    message: message.replace("PORT", gatewayChains(s)[0]!.portId!),
  });

describe("since when a gateway has been bound where it is, by ovn-controller's own log", () => {
  it("the bound chassis' last claim, with nothing after it", () => {
    const s = captured();
    expect(gatewayChains(s).map((c) => c.boundChassis)).toEqual(["net1"]);
    expect(since(s)).toEqual({
      at: CLAIMED_AT,
      fact: "router1's cr-lrp claimed by net1 at 05:00:48.333 (ovn-controller's log), nothing since",
    });
  });

  it("nothing when a candidate's journal was not read with this snapshot (a release could be missing)", () => {
    const s = captured();
    dataOf(s, "ctl1").journalCollectedAt = new Date(CLAIMED_AT - 60_000).toISOString();
    expect(since(s)).toBeNull();
  });

  it("nothing when a candidate's ovn-controller started after the claim", () => {
    const s = captured();
    const unit = dataOf(s, "ctl1").units.find((u) => u.id === "ovn-controller.service")!;
    unit.activeEnterTimestamp = new Date(CLAIMED_AT + 1000).toISOString();
    expect(since(s)).toBeNull();
  });

  it("nothing when the bound chassis released the port after its claim, or another chassis claimed it", () => {
    for (const [node, message] of [
      ["net1", "binding|INFO|Releasing lport cr-lrp-PORT from this chassis (sb_readonly=0)"],
      ["ctl1", "binding|INFO|Claiming lport cr-lrp-PORT for this chassis."],
    ] as const) {
      const s = captured();
      logged(s, node, 2000, message);
      expect(since(s), `${node}: ${message}`).toBeNull();
    }
  });

  it("the previous holder releasing the port after the claim is the hand-over: still held since the claim", () => {
    const s = captured();
    logged(
      s,
      "ctl1",
      1500,
      "binding|INFO|Releasing lport cr-lrp-PORT from this chassis (sb_readonly=0)",
    );
    expect(since(s)?.at).toBe(CLAIMED_AT);
  });

  it("nothing while a node that can be a gateway is no candidate (Neutron reschedules: an election is pending)", () => {
    // Seen in the recovery bench: ctl1's ovn-controller restarted while Neutron had taken ctl1
    // off the candidates; net1's older claim vouched for a binding an election then undid.
    const s = captured();
    dropGatewayCandidate(s, "ctl1");
    expect(gatewayChains(s)[0]!.candidates.map((c) => c.chassis)).toEqual(["net1"]);
    expect(since(s)).toBeNull();
  });
});

describe("a gateway kept through a restart of its chassis' ovn-controller (no claim line then)", () => {
  /** net1, which holds the port, restarted its ovn-controller `afterMs` after its claim. */
  function restarted(afterMs: number): Snapshot {
    const s = captured();
    const unit = dataOf(s, "net1").units.find((u) => u.id === "ovn-controller.service")!;
    unit.activeEnterTimestamp = new Date(CLAIMED_AT + afterMs).toISOString();
    return s;
  }
  const START = CLAIMED_AT + 10_000;

  it("held since its start (a second later: systemd's whole seconds), by no line about the port since", () => {
    expect(since(restarted(10_000))).toEqual({
      at: START + 1000,
      fact: "router1's cr-lrp kept by net1 since its ovn-controller started (by 05:00:59.333), no candidate claiming or releasing it since (ovn-controller's log), nothing since",
    });
  });

  it("not kept once the new process released it, or another candidate claimed it since its start", () => {
    for (const [node, message] of [
      ["net1", "binding|INFO|Releasing lport cr-lrp-PORT from this chassis (sb_readonly=0)"],
      ["ctl1", "binding|INFO|Claiming lport cr-lrp-PORT for this chassis."],
    ] as const) {
      const s = restarted(10_000);
      logged(s, node, 12_000, message);
      expect(since(s), `${node}: ${message}`).toBeNull();
    }
  });

  it("not kept while another candidate holds it in its own view (claimed by its running process, never released)", () => {
    const s = restarted(10_000);
    logged(s, "ctl1", 5000, "binding|INFO|Claiming lport cr-lrp-PORT for this chassis.");
    expect(since(s)).toBeNull();
    // Its release logged (the hand-over, before net1's restart): kept again.
    logged(
      s,
      "ctl1",
      6000,
      "binding|INFO|Releasing lport cr-lrp-PORT from this chassis (sb_readonly=0)",
    );
    expect(since(s)?.at).toBe(START + 1000);
  });

  it("the port bound to another candidate (ctl1): net1's quiet start vouches for nothing there", () => {
    const s = restarted(10_000);
    const sb = dataOf(s, "ctl1").sb!;
    const ctl1 = sb.chassis.find((c) => c.name === "ctl1")!;
    for (const b of sb.portBindings) if (b.type === "chassisredirect") b.chassis = ctl1.uuid;
    expect(gatewayChains(s)[0]!.boundChassis).toBe("ctl1");
    expect(since(s)).toBeNull();
  });
});

describe("OVN's gateway election over, from the cloud's state (no settle window to wait)", () => {
  const over = (s: Snapshot) => electionOver(s, gatewayChains(s));

  it("the highest-priority candidate holds the port by its own claim, nobody else holds it, BFD up both ways", () => {
    const s = captured();
    expect(gatewayChains(s)[0]!.candidates.map((c) => `${c.chassis}:${c.priority}`)).toEqual([
      "net1:2",
      "ctl1:1",
    ]);
    expect(over(s)?.fact).toBe(
      "election over: router1's cr-lrp held by net1, its highest-priority candidate (claimed at 05:00:48.333), no other candidate holds it, BFD up net1→ctl1, ctl1→net1",
    );
  });

  it("not over while another candidate still holds the port in its own view (its release not logged yet)", () => {
    const s = captured();
    logged(s, "ctl1", -500, "binding|INFO|Claiming lport cr-lrp-PORT for this chassis.");
    expect(since(s)?.at).toBe(CLAIMED_AT);
    expect(over(s)).toBeNull();
    // Its release logged: the hand-over is done.
    logged(
      s,
      "ctl1",
      100,
      "binding|INFO|Releasing lport cr-lrp-PORT from this chassis (sb_readonly=0)",
    );
    expect(over(s)).not.toBeNull();
  });

  it("a claim made by a process that has restarted since holds nothing", () => {
    const s = captured();
    logged(s, "ctl1", -5000, "binding|INFO|Claiming lport cr-lrp-PORT for this chassis.");
    expect(over(s)).toBeNull();
    const unit = dataOf(s, "ctl1").units.find((u) => u.id === "ovn-controller.service")!;
    unit.activeEnterTimestamp = new Date(CLAIMED_AT - 4000).toISOString();
    expect(over(s)).not.toBeNull();
  });

  it("not over while a BFD session between the candidates is not up (an election can still move it)", () => {
    const s = captured();
    const tunnel = dataOf(s, "ctl1").ovs!.tunnels!.find((t) => t.bfd.enable === "true")!;
    tunnel.bfdStatus = { ...tunnel.bfdStatus, state: "init", forwarding: "false" };
    expect(since(s)?.at).toBe(CLAIMED_AT);
    expect(over(s)).toBeNull();
  });

  it("not over when the bound chassis is not the highest-priority candidate", () => {
    const s = captured();
    for (const n of s.nodes)
      for (const g of n.data?.nb?.gatewayChassis ?? [])
        g.priority = g.chassisName === "ctl1" ? 3 : 2;
    expect(gatewayChains(s)[0]!.candidates[0]!.chassis).toBe("ctl1");
    expect(over(s)).toBeNull();
  });

  it("not over while a node that can be a gateway is no candidate, or a candidate's log is unread", () => {
    const s = captured();
    dropGatewayCandidate(s, "ctl1");
    expect(over(s)).toBeNull();
    const t = captured();
    dataOf(t, "ctl1").journalCollectedAt = new Date(CLAIMED_AT - 60_000).toISOString();
    expect(over(t)).toBeNull();
  });
});
