import { describe, expect, it } from "vitest";
import { neutronServerFromSection } from "@/lib/collect/neutron";
import { neutronServerTargets } from "@/lib/collect/neutron-servers";
import { diagnose, flatten } from "@/lib/diagnose";
import { neutronApiOf } from "@/lib/facts/neutron-servers";
import { parseInventory } from "@/lib/inventory";
import { readSections } from "@/lib/probes/sections";
import { neutronOk } from "@/lib/recovery/checks";
import {
  CLUSTER_LAB_INVENTORY,
  CLUSTER_TWO_NEUTRONS_INVENTORY,
  fixtureText,
  snapshotFromFixtures,
} from "../../support/fixtures";

// A neutron-server per controller behind one endpoint: each other server's own API, asked
// beside the endpoint, on the clustered lab's captures with neutron-server on ctl1 and ctl2
// (test/fixtures/collect/README.md: cluster-two-neutrons, cluster-neutron-stalled).

/** The two-neutron inventory with the endpoint moved to an address no node has (a VIP). */
function behindVip() {
  const inv = structuredClone(CLUSTER_TWO_NEUTRONS_INVENTORY);
  inv.neutron = { ...inv.neutron!, endpoint: "http://10.250.0.100:9696" };
  return inv;
}

describe("neutronServerTargets: which servers are asked beside the endpoint", () => {
  it("the lab: ctl2 only (ctl1's own API is the endpoint); ctl3 runs no Neutron", () => {
    const want = [{ node: "ctl2", endpoint: "http://10.250.0.13:9696" }];
    expect(neutronServerTargets(CLUSTER_TWO_NEUTRONS_INVENTORY, null)).toEqual(want);
    // From the nodes' last read: ctl2's API listens on every address (0.0.0.0:9696).
    const last = snapshotFromFixtures("cluster-two-neutrons");
    expect(neutronServerTargets(CLUSTER_TWO_NEUTRONS_INVENTORY, last)).toEqual(want);
  });

  it("no server where the inventory gives Neutron one node (the older clustered shape)", () => {
    expect(neutronServerTargets(CLUSTER_LAB_INVENTORY, null)).toEqual([]);
  });

  it("behind a VIP: every server, each at its own address", () => {
    expect(neutronServerTargets(behindVip(), null).map((t) => t.endpoint)).toEqual([
      "http://10.250.0.11:9696",
      "http://10.250.0.13:9696",
    ]);
  });

  it("its listener's port is followed, never another address a node reports (the query carries the token)", () => {
    const last = structuredClone(snapshotFromFixtures("cluster-two-neutrons"));
    const data = last.nodes.find((n) => n.name === "ctl2")!.data!;
    const api = data.listeners.find((l) => l.port === 9696)!;
    expect(api.processes.length).toBeGreaterThan(0);
    api.address = "10.250.0.13";
    api.port = 19696;
    expect(neutronServerTargets(CLUSTER_TWO_NEUTRONS_INVENTORY, last)).toEqual([
      { node: "ctl2", endpoint: "http://10.250.0.13:19696" },
    ]);
    // Bound to an address that is not the node's inventory address: not asked at all.
    api.address = "192.0.2.13";
    expect(neutronServerTargets(CLUSTER_TWO_NEUTRONS_INVENTORY, last)).toEqual([]);
  });

  it("an IPv6 address is left out (neutron-query takes host names and IPv4)", () => {
    const inv = parseInventory(
      `cloud: {name: v6}
defaults: {user: ovnscope, keyFile: /k, profile: debian}
nodes:
  - {name: c1, address: "fd00::11", roles: [controller], hostKey: "SHA256:${"A".repeat(43)}"}
neutron: {node: c1, endpoint: "http://10.0.0.100:9696", auth: none}
`,
      "inv.yaml",
    );
    expect(neutronServerTargets(inv, null)).toEqual([]);
  });
});

describe("a server's own API from its query", () => {
  it("stalled (SIGSTOP): unavailable, with curl's timeout and the GET it hit", () => {
    const s = neutronServerFromSection(
      CLUSTER_TWO_NEUTRONS_INVENTORY.neutron!,
      { node: "ctl2", endpoint: "http://10.250.0.13:9696" },
      readSections(fixtureText("cluster-neutron-stalled", "server.ctl2")).sections.get("neutron"),
      "2026-12-06T16:49:17.000Z",
    );
    expect(s.state).toBe("unavailable");
    expect(s.collectedAt).toBeNull();
    expect(s.error).toMatch(/^http:\/\/10\.250\.0\.13:9696: GET routers: curl: \(28\) /);
  });

  it("healthy: ok, at the read's time", () => {
    const s = snapshotFromFixtures("cluster-two-neutrons").neutron.servers;
    expect(s).toHaveLength(1);
    expect(s![0]).toMatchObject({ node: "ctl2", state: "ok", error: null });
    expect(s![0]!.collectedAt).not.toBeNull();
  });
});

describe("checks and findings speak of each server's own API", () => {
  it("a recovery step on ctl2 is verified by ctl2's API, not by the endpoint ctl1 serves", () => {
    const s = snapshotFromFixtures("cluster-neutron-stalled");
    expect(s.neutron.state).toBe("ok");
    expect(neutronApiOf(s, "ctl1").endpoint).toBe("http://10.250.0.11:9696");
    expect(neutronApiOf(s, "ctl2")).toMatchObject({ state: "unavailable" });
    // Since a moment before the capture: the journal's older lines (the last incident) aside.
    const since = (x: typeof s) => Date.parse(x.startedAt) - 1000;
    const ctl2 = neutronOk(s, "ctl2", since(s));
    expect(ctl2.ok).toBe(false);
    expect(ctl2.fact).toContain("Neutron API (ctl2's own, http://10.250.0.13:9696): unavailable");
    const healthy = snapshotFromFixtures("cluster-two-neutrons");
    const ok = neutronOk(healthy, "ctl2", since(healthy));
    expect(ok.ok, ok.fact).toBe(true);
    expect(ok.fact).toContain("API (ctl2's own, http://10.250.0.13:9696) answered at");
  });

  it("no Neutron configured: each server's answer says so, not that an API hangs", () => {
    const s = structuredClone(snapshotFromFixtures("cluster-healthy"));
    s.neutron = { ...s.neutron, state: "unconfigured", error: "no neutron section", servers: [] };
    expect(neutronApiOf(s, "ctl1").state).toBe("unconfigured");
  });

  it("stalled: a warning on ctl2's neutron-server, with both APIs in its evidence and the rolling restart", () => {
    const f = flatten(diagnose(snapshotFromFixtures("cluster-neutron-stalled"))).find(
      (x) => x.id === "service:ctl2:neutron-server",
    );
    expect(f).toBeDefined();
    expect(f!.severity).toBe("warning");
    expect(f!.title.key).toBe("f.service.api.title");
    expect(f!.runbook).toBe("rolling-neutron-restart");
    expect(f!.evidence.map((e) => e.fact)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/curl: \(28\)/),
        "http://10.250.0.11:9696: ok",
      ]),
    );
  });

  it("healthy: nothing said about either server", () => {
    const ids = flatten(diagnose(snapshotFromFixtures("cluster-two-neutrons"))).map((f) => f.id);
    expect(ids.filter((id) => id.includes("neutron"))).toEqual([]);
  });
});
