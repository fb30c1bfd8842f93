import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "@/lib/collect/collector";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import { SshPool } from "@/lib/ssh/pool";
import { nodeModel } from "@/lib/views/node";
import { labCollector, TEST_POOL } from "../support/lab-collector";
import { eventually, labOk } from "../support/lab";

// For every lab fault: inject for real → collect → the expected finding with its evidence;
// heal → nothing but the one true warning about Debian's stock ovn-northd unit.

let pool: SshPool;
let collector: Collector;

beforeAll(async () => {
  await labOk(["ready"]);
  pool = new SshPool(TEST_POOL);
  collector = labCollector(pool, { journalEvery: 1 });
});

afterAll(async () => {
  pool?.close();
  await labOk(["heal"]);
});

/** Collects until a finding with this id appears (faults take a few seconds to show). */
async function findingAppears(id: string | RegExp): Promise<{ root: Finding[]; found: Finding }> {
  let result: { root: Finding[]; found: Finding } | undefined;
  await eventually(
    `finding ${id}`,
    async () => {
      const root = diagnose(await collector.refresh());
      const found = flatten(root).find((f) =>
        typeof id === "string" ? f.id === id : id.test(f.id),
      );
      if (found) result = { root, found };
      return found !== undefined;
    },
    60_000,
    2000,
  );
  return result!;
}

const STOCK_HAZARD = "northd-stops-dbs:ctl1:hazard";

describe("diagnosis against the lab", () => {
  it("healthy lab: only the stock ovn-northd restart hazard, which is real", async () => {
    const findings = flatten(diagnose(await collector.refresh()));
    expect(findings.map((f) => f.id)).toEqual([STOCK_HAZARD]);
  });

  const cases: [string, string | RegExp, (f: Finding, all: Finding[]) => void][] = [
    [
      "incident",
      "northd-stops-dbs:ctl1",
      (f, all) => {
        expect(f.evidence.map((e) => e.fact).join("\n")).toContain("incident.conf");
        // The seed's config change is reported as doing nothing, read from ctl1's own Neutron.
        expect(all.map((x) => x.id)).toContain("neutron-unknown-option:ctl1:ovn.bridge_mappings");
      },
    ],
    [
      "nb-down",
      "service:ctl1:nb-db",
      (f) => expect(f.evidence[0]?.fact).toMatch(/^ovn-ovsdb-server-nb\.service: inactive/),
    ],
    [
      "sb-down",
      "service:ctl1:sb-db",
      (f) => expect(f.evidence[0]?.fact).toMatch(/^ovn-ovsdb-server-sb\.service: inactive/),
    ],
    [
      "northd-down",
      "service:ctl1:northd",
      (f) => expect(f.evidence[0]?.fact).toMatch(/^ovn-northd\.service: inactive/),
    ],
    [
      "neutron-down",
      "service:ctl1:neutron-server",
      (f) => expect(f.evidence[0]?.fact).toMatch(/^neutron-server\.service: inactive/),
    ],
    [
      "ml2-wrong-nb",
      "db-endpoint:nb:ctl1:6645",
      (f) => expect(f.evidence[0]?.fact).toContain("tcp:10.250.0.11:6645"),
    ],
    [
      "bridge-mapping-missing",
      /^gateway:[0-9a-f-]{36}$/,
      (f) => expect(f.title.key).toBe("f.gateway.bridge-mapping.title"),
    ],
    [
      "stray-ovsdb",
      "stray-ovsdb:ctl1:nb",
      (f) => expect(f.evidence.some((e) => e.fact.includes("stray"))).toBe(true),
    ],
    [
      "controller-disconnected",
      "controller:cmp1",
      (f) => expect(f.evidence[0]?.fact).toBe("connection-status: not connected"),
    ],
    [
      "nb-unix-only",
      "db-endpoint:nb:ctl1:6641",
      (f) => {
        expect(f.title.key).toBe("f.db-endpoint.no-tcp-remote.title");
        expect(f.evidence.map((e) => e.fact)).toContain(
          "NB ovsdb-server remotes: db:OVN_Northbound,NB_Global,connections, punix:/var/run/ovn/ovnnb_db.sock",
        );
      },
    ],
    [
      "chassis-stale",
      "stale-chassis:cmp1",
      (f, all) => {
        expect(f.evidence.map((e) => e.fact)).toContain("no ovn-controller process runs");
        // It hangs under cmp1's ovn-controller being down, not beside it.
        const root = all.find((x) => x.id === "service:cmp1:ovn-controller")!;
        expect(root.symptoms.map((x) => x.id)).toContain("stale-chassis:cmp1");
      },
    ],
    [
      "node-unreachable",
      "node-access:cmp1",
      (f) => expect(f.title.key).toBe("f.node-access.unreachable.title"),
    ],
    [
      "hostkey-changed",
      "node-access:cmp1",
      (f) => expect(f.title.key).toBe("f.node-access.refused.title"),
    ],
    [
      "sudo-denied",
      "node-access:cmp1",
      (f) => {
        expect(f.title.key).toBe("f.node-access.denied.title");
        expect(f.evidence[0]?.fact).toContain("sudo: a password is required");
      },
    ],
  ];

  it.each(cases)("%s → %s", async (fault, id, check) => {
    await labOk(["fault", fault]);
    if (fault === "hostkey-changed" || fault === "sudo-denied") {
      // A held connection was verified with the old key, and its served collect process was
      // started by sudo before the change: a new connection must meet the node as it is now.
      pool.close();
      pool = new SshPool(TEST_POOL);
      collector = labCollector(pool, { journalEvery: 1 });
    }
    const { found, root } = await findingAppears(id);
    check(found, flatten(root));
    await labOk(["heal"]);
    await eventually(
      "no findings after heal",
      async () => flatten(diagnose(await collector.refresh())).every((f) => f.id === STOCK_HAZARD),
      90_000,
      3000,
    );
  });
});

describe("what the lab's own units and Neutron say (no fault)", () => {
  it("ctl1's Neutron option list is read once, unprivileged, and kept", async () => {
    const first = await collector.refresh();
    const ctl1 = first.nodes.find((n) => n.name === "ctl1")!.data!;
    expect(ctl1.sections["neutron-options"]).toEqual({ state: "ok" });
    expect(ctl1.neutronOptions?.version).toMatch(/^21\./);
    expect(ctl1.neutronOptions?.options.ovn).toContain("ovn_nb_connection");
    expect(first.nodes.find((n) => n.name === "cmp1")!.data!.neutronOptions).toBeNull();
    const again = (await collector.refresh()).nodes.find((n) => n.name === "ctl1")!.data!;
    expect(again.neutronOptionsCollectedAt).toBe(ctl1.neutronOptionsCollectedAt);
  });

  it("restarting Debian's stock ovn-northd on ctl1 also stops both OVN databases", async () => {
    const model = nodeModel(await collector.refresh(), "ctl1")!;
    const restart = model.blast["ovn-northd.service"]!.restart;
    expect(restart.effects.map((e) => `${e.effect} ${e.unit}`).sort()).toEqual([
      "stop ovn-ovsdb-server-nb.service",
      "stop ovn-ovsdb-server-sb.service",
    ]);
  });
});
