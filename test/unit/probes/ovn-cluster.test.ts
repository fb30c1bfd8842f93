import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProbeParseError } from "@/lib/probes/errors";
import { parseRaftStatus, parseServedDatabases } from "@/lib/probes/ovn-cluster";

// Output of real ovsdb-servers (OVS 3.1) in a 3-member OVN_Northbound cluster:
// test/fixtures/ovn-cluster/capture-loopback.sh made these files.
const fixture = (name: string) =>
  readFileSync(join(process.cwd(), "test/fixtures/ovn-cluster", name), "utf8");
const shortId = (full: string | null) => full?.slice(0, 4);

describe("cluster/status", () => {
  it("a leader: self, its term, every peer's indexes and last message", () => {
    const s = parseRaftStatus(fixture("leader.txt"));
    expect([s.name, s.status, s.role, s.leader, s.vote]).toEqual([
      "OVN_Northbound",
      "cluster member",
      "leader",
      "self",
      "self",
    ]);
    expect(s.clusterId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(s.address).toBe("tcp:127.0.0.1:6643");
    expect([s.term, s.electionTimerMs, s.notCommitted, s.notApplied]).toEqual([1, 1000, 0, 0]);
    expect(s.log!.next).toBeGreaterThan(s.log!.start);
    expect(s.lastElectionWonMs).toBeGreaterThanOrEqual(0);
    expect(s.servers).toHaveLength(3);
    const self = s.servers.find((p) => p.self)!;
    expect([self.sid, self.address, self.lastMsgMs]).toEqual([
      shortId(s.serverId),
      s.address,
      null,
    ]);
    for (const peer of s.servers.filter((p) => !p.self)) {
      expect(peer.address).toMatch(/^tcp:127\.0\.0\.1:66[23]3$/);
      expect(peer.matchIndex).toBe(s.log!.next - 1);
      expect(peer.lastMsgMs).toBeGreaterThanOrEqual(0);
    }
    // Both directions to both peers, none failing.
    expect(s.connections.filter((c) => !c.failing)).toHaveLength(4);
  });

  it("a follower: the leader's short id, no indexes of its peers, the join connection", () => {
    const leader = parseRaftStatus(fixture("leader.txt"));
    const s = parseRaftStatus(fixture("follower.txt"));
    expect([s.role, s.leader, s.clusterId]).toEqual([
      "follower",
      shortId(leader.serverId),
      leader.clusterId,
    ]);
    expect(s.servers.every((p) => p.nextIndex === null && p.matchIndex === null)).toBe(true);
    expect(s.lastElectionStartedMs).toBeNull();
  });

  it("after the leader's SIGKILL: a new leader in a higher term; the dead one's link failing", () => {
    const before = parseRaftStatus(fixture("leader.txt"));
    const s = parseRaftStatus(fixture("leader-after-kill.txt"));
    expect([s.role, s.leader]).toEqual(["leader", "self"]);
    expect(s.term).toBeGreaterThan(before.term);
    expect(s.disconnections).toBeGreaterThan(0);
    const dead = s.servers.find((p) => p.sid === shortId(before.serverId))!;
    expect(dead.matchIndex).toBe(0);
    expect(dead.lastMsgMs).toBeGreaterThan(2000);
    expect(s.connections.some((c) => c.failing)).toBe(true);
    const follower = parseRaftStatus(fixture("follower-after-kill.txt"));
    expect([follower.role, follower.leader, follower.term]).toEqual([
      "follower",
      shortId(s.serverId),
      s.term,
    ]);
  });

  it("two of three gone: a candidate, no leader, every outbound connection failing", () => {
    const s = parseRaftStatus(fixture("no-quorum.txt"));
    expect([s.role, s.leader, s.vote]).toEqual(["candidate", "unknown", "self"]);
    expect(s.connections.length).toBeGreaterThan(0);
    expect(s.connections.every((c) => c.failing && c.direction === "out")).toBe(true);
    expect(s.servers.filter((p) => !p.self).every((p) => (p.lastMsgMs ?? 0) > 2000)).toBe(true);
  });

  it("joining a cluster nobody answers for: no cluster id yet, term 0, no servers", () => {
    const s = parseRaftStatus(fixture("joining.txt"));
    expect([s.status, s.clusterId, s.term, s.leader, s.servers]).toEqual([
      "joining cluster",
      null,
      0,
      "unknown",
      [],
    ]);
  });

  it("refuses what is not cluster/status (a standalone server has no such command)", () => {
    expect(() => parseRaftStatus(fixture("standalone-cluster-status.txt"))).toThrow(
      ProbeParseError,
    );
    expect(() => parseRaftStatus("")).toThrow(ProbeParseError);
  });
});

describe("_Server.Database", () => {
  it("clustered member: model, connected, leader, cid, sid, index", () => {
    const leader = parseRaftStatus(fixture("leader.txt"));
    const rows = parseServedDatabases(fixture("server-follower.json"));
    const nb = rows.find((r) => r.name === "OVN_Northbound")!;
    expect([nb.model, nb.connected, nb.leader, nb.cid]).toEqual([
      "clustered",
      true,
      false,
      leader.clusterId,
    ]);
    expect(nb.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(nb.index).toBeGreaterThan(0);
    const onLeader = parseServedDatabases(fixture("server-leader.json"));
    expect(onLeader.find((r) => r.name === "OVN_Northbound")!.leader).toBe(true);
    // The _Server database describes itself too, as standalone.
    expect(rows.find((r) => r.name === "_Server")!.model).toBe("standalone");
  });

  it("a candidate without quorum still calls itself connected (raft is connected while it campaigns): no leader", () => {
    const nb = parseServedDatabases(fixture("server-no-quorum.json")).find(
      (r) => r.name === "OVN_Northbound",
    )!;
    expect([nb.model, nb.leader]).toEqual(["clustered", false]);
  });

  it("standalone: no cluster id, no server id, no index", () => {
    const nb = parseServedDatabases(fixture("server-standalone.json")).find(
      (r) => r.name === "OVN_Northbound",
    )!;
    expect(nb).toEqual({
      name: "OVN_Northbound",
      model: "standalone",
      connected: true,
      leader: true,
      cid: null,
      sid: null,
      index: null,
    });
  });
});
