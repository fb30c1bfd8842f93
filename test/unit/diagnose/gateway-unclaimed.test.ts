import { describe, expect, it } from "vitest";
import { diagnose, flatten } from "@/lib/diagnose";
import { gatewaysSettle } from "@/lib/recovery/checks";
import { planRunbook } from "@/lib/recovery/planner";
import { runbook } from "@/lib/recovery/runbooks";
import {
  dropGatewayCandidate,
  LAB_LIKE_INVENTORY,
  snapshotFromFixtures,
} from "../../support/fixtures";

// Issue #20 on captured lab output: the gateway chassis' tunnels with their BFD settings and
// state (the ovs section's Interface rows), the settle window they give, and the finding when
// BFD between the gateways is broken (lab fault gateway-bfd-down).

describe("BFD between the gateway chassis, as captured", () => {
  it("the gateways' tunnels with their BFD settings; the settle window is 2 × their detection time", () => {
    // The settings are the same whatever the sessions' state: read from the BFD-down capture.
    const s = snapshotFromFixtures("gateway-bfd-down");
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!.ovs!;
    const toNet1 = ctl1.tunnels!.find((t) => t.remoteIp === "10.250.1.12")!;
    expect(toNet1.name).toBe("ovn-net1-0");
    expect(toNet1.bfd).toEqual({ check_tnl_key: "true", enable: "true" });
    // cmp1 is no gateway: ctl1's tunnel to it runs no BFD.
    expect(ctl1.tunnels!.find((t) => t.remoteIp === "10.250.1.21")!.bfd).toEqual({});
    const window = gatewaysSettle(s);
    expect(window.ms).toBe(6000);
    expect(window.fact).toMatch(/^2 × BFD detection time 3000 ms between ctl1 and net1/);
    expect(gatewaysSettle(snapshotFromFixtures("healthy")).fact).toMatch(
      /^2 × BFD detection time 3000 ms between ctl1 and net1/,
    );
    // Without the tunnel rows (a node script older than the tunnel query), OVS's defaults, said so.
    const older = snapshotFromFixtures("healthy");
    for (const n of older.nodes) if (n.data?.ovs) delete n.data.ovs.tunnels;
    expect(gatewaysSettle(older)).toMatchObject({
      ms: 6000,
      fact: expect.stringMatching(/OVS's defaults, .*\(ctl1–net1: tunnels not read\)$/),
    });
  });

  it("a restarted ovn-controller has no tunnel yet: the window is OVS's default one, not none", () => {
    // ovn-controller removes its tunnels when it stops and adds them again when it starts: in
    // the reads right after a restart one side has none. (Before: the window was 0.)
    const s = snapshotFromFixtures("gateway-bfd-down");
    const ovs = s.nodes.find((n) => n.name === "ctl1")!.data!.ovs!;
    ovs.tunnels = ovs.tunnels!.filter((t) => t.remoteIp !== "10.250.1.12");
    expect(gatewaysSettle(s)).toMatchObject({
      ms: 6000,
      fact: expect.stringMatching(/\(ctl1–net1: no tunnel yet\)$/),
    });
  });

  it("one candidate while another chassis can be a gateway: OVS's default window, not none", () => {
    // Neutron takes ctl1 off the gateway's candidates while its Chassis row is gone (its
    // ovn-controller restarting) and adds it back when it returns; an election starts then.
    // Seen in the recovery bench: a window of 0 called the gateway settled a moment before, and
    // the cr-lrp ended unbound.
    const s = snapshotFromFixtures("gateway-bfd-down");
    dropGatewayCandidate(s, "ctl1");
    expect(gatewaysSettle(s)).toMatchObject({
      ms: 6000,
      fact: expect.stringMatching(
        /router1 has 1 candidate\(s\) \(net1\) while ctl1, net1 can be gateways/,
      ),
    });
  });

  it("gateway-bfd-down: nobody claims the port; the finding says BFD is down between ctl1 and net1, with both sides", () => {
    const s = snapshotFromFixtures("gateway-bfd-down");
    const f = flatten(diagnose(s)).find((x) => x.id.startsWith("gateway:"))!;
    expect(f.title.key).toBe("f.gateway.unclaimed.bfd-down.title");
    expect(f.severity).toBe("critical");
    expect(f.runbook).toBe("rebind-gateways");
    const bfd = f.evidence.filter((e) => e.probe === "ovs").map((e) => `${e.node} ${e.fact}`);
    expect(bfd).toHaveLength(2);
    expect(bfd).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ctl1 BFD to net1 down: ovn-net1-0 → 10\.250\.1\.12: .*state=down/),
        expect.stringMatching(/^net1 BFD to ctl1 down: ovn-ctl1-0 → 10\.250\.1\.11: .*state=down/),
      ]),
    );
    // ovn-controller's own lines: the release when BFD went down (from its log file).
    const log = f.evidence.filter((e) => e.probe === "journal").map((e) => e.fact);
    expect(log.some((l) => /Releasing lport cr-lrp-/.test(l))).toBe(true);
  });

  it("gateway-bfd-down: Rebind router gateways plans a restart of each gateway's ovn-controller, nothing else", () => {
    const p = planRunbook(
      runbook("rebind-gateways")!,
      snapshotFromFixtures("gateway-bfd-down"),
      LAB_LIKE_INVENTORY,
      null,
    );
    expect(p.steps.map((x) => [x.key, x.decision, x.command])).toEqual([
      [
        "rebind-gateway@ctl1",
        "run",
        "sudo -n /usr/local/libexec/ovnscope/act restart 'ovn-controller.service'",
      ],
      [
        "rebind-gateway@net1",
        "run",
        "sudo -n /usr/local/libexec/ovnscope/act restart 'ovn-controller.service'",
      ],
      ["verify-gateways@ctl1", "run", null],
    ]);
  });
});
