import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/diagnose";
import { flatten } from "@/lib/diagnose/flatten";
import { clusterView } from "@/lib/facts/ovn-cluster";
import { CLIENT_PROCESS, dbSessions, serversOf } from "@/lib/facts/ovsdb-sessions";
import { parseConnections } from "@/lib/probes/listeners";
import { fixtureText, snapshotFromFixtures } from "../../support/fixtures";

// Which member each OVSDB client talks to, on the clustered lab's captures (the "conns" section:
// the connections each node's kernel has, captured through collect as ovnscope runs it):
// - cluster-healthy-sessions: the healthy clustered lab;
// - cluster-id-mismatch-neutron-restarted: ctl3's NB re-created as a cluster of its own (lab
//   fault cluster-id-mismatch), then neutron-server restarted on ctl1: its workers picked members
//   at random from their connection string, and one took a session with ctl3, which answered as
//   a leader (of its own cluster).

const HEALTHY = "cluster-healthy-sessions";
const FOREIGN = "cluster-id-mismatch-neutron-restarted";

describe("OVSDB sessions", () => {
  it("parses ss's lines: both ends, the holders (ovsdb-server for the accepted end)", () => {
    const conns = parseConnections(
      /@@ovnscope frame conns [^\n]*\n([\s\S]*?)(?=@@ovnscope)/.exec(
        fixtureText(HEALTHY, "cmp1"),
      )![1]!,
    );
    // cmp1 serves nothing: its one OVSDB connection is ovn-controller's session with SB.
    expect(conns).toHaveLength(1);
    expect(conns[0]).toMatchObject({
      address: "10.250.0.21",
      peerPort: 6642,
      processes: [{ name: "ovn-controller" }],
    });
  });

  it("healthy cluster: every chassis' ovn-controller holds one SB session; Neutron and northd talk to NB's leader", () => {
    const s = snapshotFromFixtures(HEALTHY);
    const sb = dbSessions(s, "SB");
    const nb = dbSessions(s, "NB");
    for (const node of s.nodes.filter((n) => n.data?.controllerConnection === "connected"))
      expect(serversOf(sb, node.name, CLIENT_PROCESS.controller), node.name).toHaveLength(1);
    // Each session was matched to its client's own end: no unknown holders.
    expect([...sb, ...nb].filter((x) => x.processes === null)).toEqual([]);
    // NB clients ask for the leader (leader_only): every NB session is on it.
    const leader = clusterView(s, "NB")!.leaders.map((l) => l.node.name);
    expect(leader).toHaveLength(1);
    expect(new Set(nb.map((x) => x.server))).toEqual(new Set(leader));
    expect(serversOf(nb, "ctl1", CLIENT_PROCESS.neutron)).toEqual(leader);
    // The raft ports' connections between members are no client sessions.
    expect([...sb, ...nb].every((x) => x.port === (x.db === "NB" ? 6641 : 6642))).toBe(true);
    expect(flatten(diagnose(s)).filter((f) => f.id.endsWith(":clients"))).toEqual([]);
  });

  it("a Neutron worker on a member of another cluster id: clients-stuck, critical, under the split", () => {
    const s = snapshotFromFixtures(FOREIGN);
    const nb = dbSessions(s, "NB");
    expect(serversOf(nb, "ctl1", CLIENT_PROCESS.neutron).sort()).toEqual(["ctl1", "ctl3"]);
    const found = flatten(diagnose(s));
    const stuck = found.find((f) => f.id === "ovn-cluster:NB:ctl3:clients")!;
    expect(stuck).toBeDefined();
    expect(stuck.severity).toBe("critical");
    expect(stuck.title.params).toMatchObject({ node: "ctl3", count: 1 });
    expect(String(stuck.title.params?.clients)).toBe("neutron-server on ctl1");
    expect(stuck.evidence.map((e) => e.probe)).toContain("conns");
    // Not a root of its own: the split (ctl3 answering for another cluster) explains it.
    const roots = diagnose(s);
    const split = roots.find((f) => f.id === "ovn-cluster:NB:split")!;
    expect(roots.map((f) => f.id)).not.toContain(stuck.id);
    expect(split.symptoms.map((f) => f.id)).toContain(stuck.id);
    // SB's member on ctl3 is a member: cmp1's session there is fine.
    expect(found.filter((f) => f.id === "ovn-cluster:SB:ctl3:clients")).toEqual([]);
  });

  it("captures made before the section existed read no sessions and no problem", () => {
    const s = snapshotFromFixtures("cluster-id-mismatch");
    expect(dbSessions(s, "NB")).toEqual([]);
    expect(s.nodes.map((n) => [n.name, n.reach])).toEqual(
      s.nodes.map((n) => [n.name, "reachable"]),
    );
  });
});
