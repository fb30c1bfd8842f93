import { describe, expect, it } from "vitest";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import { neutronCrashloop } from "@/lib/diagnose/rules/neutron-crashloop";
import type { Snapshot } from "@/lib/model/snapshot";
import { snapshotFromFixtures } from "../../support/fixtures";

// Issue #15 §6 on captured lab states: which text variant a finding takes follows its facts.

const find = (state: string, id: string): Finding | undefined =>
  flatten(diagnose(snapshotFromFixtures(state))).find((f) => f.id === id);

const journalFacts = (f: Finding) =>
  f.evidence.filter((e) => e.probe === "journal").map((e) => e.fact);

describe("neutron-server's crash loop", () => {
  it("title, explanation and evidence name the same, newest endpoint (ml2-wrong-nb)", () => {
    const f = find("ml2-wrong-nb", "neutron-crashloop:ctl1")!;
    expect(f.title.params?.endpoint).toBe("tcp:10.250.0.11:6645");
    expect(journalFacts(f).length).toBeGreaterThan(0);
    for (const fact of journalFacts(f)) expect(fact).toContain("tcp:10.250.0.11:6645");
  });

  it("a line from an earlier life of the unit naming another endpoint does not leak into the text", () => {
    const s = snapshotFromFixtures("ml2-wrong-nb") as Snapshot;
    const data = s.nodes.find((n) => n.name === "ctl1")!.data!;
    const first = data.journal.find((j) => j.unit.startsWith("neutron-server"))!;
    // An older process (another pid) of the same unit, refused on the endpoint it had before.
    const older = {
      ...first,
      time: new Date(Date.parse(first.time) - 60_000).toISOString(),
      pid: 1_000_001,
      identifier: "neutron-server",
      message:
        "ERROR ovsdbapp Unable to open stream to tcp:10.250.0.11:6643 to retrieve schema: Connection refused",
    };
    data.journal = [older, ...data.journal];
    const [f] = neutronCrashloop.run(s);
    expect(f!.title.params?.endpoint).toBe("tcp:10.250.0.11:6645");
    expect(journalFacts(f!).some((x) => x.includes("6643"))).toBe(false);
  });

  it("its action fits its root: a wrong endpoint does not say to bring the databases back", () => {
    const wrong = find("ml2-wrong-nb", "neutron-crashloop:ctl1")!;
    expect(wrong.action?.key).toBe("f.neutron-crashloop.action.endpoint");
    expect(wrong.runbook).toBeNull();
    const down = find("incident", "neutron-crashloop:ctl1")!;
    expect(down.action?.key).toBe("f.neutron-crashloop.action.dbs-down");
    expect(down.runbook).toBe("recover-ovn-central");
    expect(down.evidence.map((e) => e.fact).join("\n")).toMatch(
      /ovn-ovsdb-server-(nb|sb)\.service: inactive/,
    );
  });
});

describe("an ovsdb-server outside systemd", () => {
  it("nb-hand-started: one server started by hand while the unit is stopped — not 'a second server', no lock errors claimed", () => {
    const f = find("nb-hand-started", "stray-ovsdb:ctl1:nb")!;
    expect(f.title.key).toBe("f.stray-ovsdb.outside.title");
    expect(f.explanation.key).toBe("f.stray-ovsdb.outside.explain");
    expect(f.evidence.some((e) => e.probe === "journal")).toBe(false);
  });

  it("stray-ovsdb (the race): the unit's own server died, so it is not called a second server", () => {
    const f = find("stray-ovsdb", "stray-ovsdb:ctl1:nb")!;
    expect(f.title.key).toMatch(/^f\.stray-ovsdb\.outside(-locked)?\.title$/);
    const locked = f.evidence.some((e) => e.probe === "journal");
    expect(f.title.key.includes("-locked")).toBe(locked);
  });
});

describe("a masked unit", () => {
  it("sb-masked: SB's finding says masked, with the mask in its evidence, and offers no runbook", () => {
    const f = find("sb-masked", "service:ctl1:sb-db")!;
    expect(f.title.key).toBe("f.service.masked.title");
    expect(f.runbook).toBeNull();
    expect(f.evidence[0]!.fact).toMatch(/ovn-ovsdb-server-sb\.service: .*LoadState=masked/);
  });
});

describe("catalogue", () => {
  it("the wrong-port action names the option as Neutron spells it (ovn_nb_connection)", () => {
    const f = find("ml2-wrong-nb", "db-endpoint:nb:ctl1:6645")!;
    expect(f.action?.key).toBe("f.db-endpoint.wrong-port.action");
    expect(f.action?.params?.dbLower).toBe("nb");
  });
});
