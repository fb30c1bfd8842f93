import { ovnClusters } from "@/lib/facts/ovn-cluster";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJournal } from "@/lib/probes/journal";
import {
  OVS_MAX_BACKOFF_MS,
  controllerReconnecting,
  gatewayElectionUnderway,
  gatewaysMendable,
  gatewaysWork,
  NEUTRON_UNDERWAY_MS,
  neutronComingUp,
  neutronOutlivedDbOutage,
  neutronReconnecting,
  neutronRestartQuicker,
  neutronServesNothing,
} from "@/lib/recovery/checks";
import type { Snapshot } from "@/lib/model/snapshot";
import { runbook } from "@/lib/recovery/runbooks";
import { snapshotFromFixtures } from "../../support/fixtures";

// The recovery's last check on snapshots built from captured lab states (test/fixtures/collect).

/** The healthy capture with the gateway's cr-lrp released, as seen for ~1 s while SB's clients reconnect. */
function crLrpReleased(): Snapshot {
  const s = structuredClone(snapshotFromFixtures("healthy"));
  let released = 0;
  for (const n of s.nodes)
    for (const b of n.data?.sb?.portBindings ?? [])
      if (b.type === "chassisredirect") {
        b.chassis = null;
        released++;
      }
  expect(released).toBeGreaterThan(0);
  return s;
}

describe("gatewaysWork: the routers' gateways as the topology shows them", () => {
  it("healthy: holds, naming the router, Neutron's status and the chassis", () => {
    const c = gatewaysWork(snapshotFromFixtures("healthy"));
    expect(c.ok).toBe(true);
    expect(c.fact).toMatch(/^router1 ACTIVE, cr-lrp on (ctl1|net1)$/);
  });

  it("a cr-lrp bound to no chassis: does not hold yet, and a restart may mend it", () => {
    const s = crLrpReleased();
    const c = gatewaysWork(s);
    expect(c.ok).toBe(false);
    expect(c.fact).toMatch(/^router1: broken at cr-lrp-binding/);
    expect(gatewaysMendable(s).ok).toBe(true);
  });

  it("Neutron's API down (the incident): does not hold, whatever OVN says", () => {
    const c = gatewaysWork(snapshotFromFixtures("incident"));
    expect(c.ok).toBe(false);
    expect(c.fact).toMatch(/^Neutron API: /);
  });

  it("bridge-mapping-missing: broken, and broken where only configuration mends it", () => {
    const s = snapshotFromFixtures("bridge-mapping-missing");
    expect(gatewaysWork(s).ok).toBe(false);
    const mend = gatewaysMendable(s);
    expect(mend.ok).toBe(false);
    expect(mend.fact).toMatch(/^router1's gateway is broken at bridge-mapping/);
  });
});

describe("neutronComingUp: a neutron-server start under way against the live databases", () => {
  const ctl1 = (s: Snapshot) => s.nodes.find((n) => n.name === "ctl1")!.data!;
  const neutron = (s: Snapshot) => ctl1(s).units.find((u) => u.id === "neutron-server.service")!;
  /** The healthy capture with neutron-server (re)started `ageS` seconds before it was read. */
  function startedAgo(ageS: number, state = "healthy"): Snapshot {
    const s = structuredClone(snapshotFromFixtures(state));
    neutron(s).activeEnterTimestamp = new Date(
      Date.parse(ctl1(s).meta!.time) - ageS * 1000,
    ).toISOString();
    return s;
  }

  it("started 3 s ago, running, nothing refused since: coming up", () => {
    const c = neutronComingUp(startedAgo(3), "ctl1");
    expect(c.ok, c.fact).toBe(true);
    expect(c.fact).toMatch(/^neutron-server\.service \(pid \d+\) started 3 s ago and is coming up/);
  });

  it("started longer ago than NEUTRON_UNDERWAY_MS: not a start under way", () => {
    const c = neutronComingUp(startedAgo(NEUTRON_UNDERWAY_MS / 1000 + 1), "ctl1");
    expect(c.ok).toBe(false);
    expect(c.fact).toMatch(/not a start under way/);
  });

  it("a Connection refused logged since its start: not coming up", () => {
    const s = startedAgo(3);
    ctl1(s).journal.push({
      ...ctl1(s).journal[0]!,
      unit: "neutron-server.service",
      time: new Date(Date.parse(ctl1(s).meta!.time) - 1000).toISOString(),
      message: "ConnectionRefusedError: [Errno 111] Connection refused",
    });
    expect(neutronComingUp(s, "ctl1").fact).toMatch(/^it logged since its start:/);
  });

  it("neutron-down (unit inactive): not coming up", () => {
    expect(neutronComingUp(snapshotFromFixtures("neutron-down"), "ctl1").fact).toMatch(
      /is inactive/,
    );
  });

  it("Recover OVN central waits for it only while the databases answer too", () => {
    const step = runbook("recover-ovn-central")!.steps.find((x) => x.id === "restart-neutron")!;
    const underway = (s: Snapshot) => step.underway!(s, { node: "ctl1" });
    const up = underway(startedAgo(3));
    expect(up.ok, up.fact).toBe(true);
    expect(up.fact).toMatch(/is coming up: nothing refused since; NB and SB answer on ctl1$/);
    // The same start with NB stopped (the nb-down capture): coming up, but not worth waiting for.
    const s = startedAgo(3, "nb-down");
    expect(neutronComingUp(s, "ctl1").ok).toBe(true);
    const down = underway(s);
    expect(down.ok).toBe(false);
    expect(down.fact).toMatch(/^ovn-ovsdb-server-nb\.service on ctl1 inactive \(dead\)/);
  });
});

/** cluster-healthy, with NB members down 20 s and back `ago` ms before their read (ctl2 by default). */
function memberBounced(ago: number, members: Record<string, number> = { ctl2: ago }): Snapshot {
  const s = structuredClone(snapshotFromFixtures("cluster-healthy"));
  const iso = (x: number) => new Date(x).toISOString();
  let now = 0;
  for (const [member, back] of Object.entries(members)) {
    const data = s.nodes.find((n) => n.name === member)!.data!;
    now = Date.parse(data.meta!.time);
    const nb = data.units.find((u) => u.id === "ovn-ovsdb-server-nb.service")!;
    nb.inactiveEnterTimestamp = iso(now - back - 20_000);
    nb.activeEnterTimestamp = iso(now - back);
  }
  const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
  ctl1.units.find((u) => u.id === "neutron-server.service")!.activeEnterTimestamp = iso(
    now - 3_600_000,
  );
  return s;
}

describe("neutronOutlivedDbOutage: a neutron-server that ran through its databases' outage", () => {
  /** The healthy capture, with NB on ctl1 down at `down` and back at `back`, the node's clock at `now`. */
  function nbBounced(neutronStart: number, down: number, back: number, now: number): Snapshot {
    const s = structuredClone(snapshotFromFixtures("healthy"));
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
    const iso = (t: number) => new Date(t).toISOString();
    ctl1.meta!.time = iso(now);
    for (const u of ctl1.units) {
      if (u.id === "neutron-server.service") u.activeEnterTimestamp = iso(neutronStart);
      if (u.id === "ovn-ovsdb-server-nb.service") {
        u.inactiveEnterTimestamp = iso(down);
        u.activeEnterTimestamp = iso(back);
      }
    }
    return s;
  }
  const t = Date.parse("2026-12-05T03:00:00Z");

  it("started before NB went down, NB back moments ago: restart it (its connections broke under it)", () => {
    const c = neutronOutlivedDbOutage(nbBounced(t, t + 60_000, t + 90_000, t + 95_000), "ctl1");
    expect(c?.ok).toBe(false);
    expect(c?.fact).toMatch(
      /^neutron-server\.service has run since .*, through NB on ctl1 going down at .* \(back at .*\): its OVN connections broke under it$/,
    );
  });

  it("started after NB went down (a crash loop's process, or restarted since): not held against it", () => {
    expect(
      neutronOutlivedDbOutage(nbBounced(t + 70_000, t + 60_000, t + 90_000, t + 95_000), "ctl1"),
    ).toBeNull();
  });

  it("an outage that ended long ago is not this recovery's business", () => {
    expect(
      neutronOutlivedDbOutage(
        nbBounced(t, t + 60_000, t + 90_000, t + 90_000 + NEUTRON_UNDERWAY_MS + 1000),
        "ctl1",
      ),
    ).toBeNull();
  });

  // Real lines: ctl1's neutron-server (main pid 18967, workers 19131 and 19132) while its NB
  // stopped at 21:49:48 and started again (test/fixtures/neutron-ovsdb/nb-restart.cmd). The
  // workers logged "connected" at 21:50:11; the main process was still backing off.
  const captured = parseJournal(
    readFileSync("test/fixtures/neutron-ovsdb/nb-restart.jsonl", "utf8"),
  );
  const at = (iso: string) => Date.parse(`2026-12-05T${iso}Z`);
  function withLog(lines = captured): Snapshot {
    const s = nbBounced(at("21:40:00"), at("21:49:48"), at("21:50:05"), at("21:50:12"));
    s.nodes.find((n) => n.name === "ctl1")!.data!.journal.push(...lines);
    return s;
  }

  it("its own log shows a worker still reconnecting to NB: restart it, naming the worker and its line", () => {
    const c = neutronOutlivedDbOutage(withLog(), "ctl1");
    expect(c?.ok).toBe(false);
    expect(c?.fact).toMatch(
      /and not all its workers are connected to NB again: pid 18967 last logged "continuing to reconnect in the background but suppressing further logging" at 2026-12-05T21:49:59\.194Z$/,
    );
  });

  it("its own log shows every worker connected to NB again: kept, whatever the outage", () => {
    expect(captured.filter((j) => j.pid === 18967).length).toBeGreaterThan(0);
    expect(
      neutronOutlivedDbOutage(withLog(captured.filter((j) => j.pid !== 18967)), "ctl1"),
    ).toBeNull();
  });

  it("its workers still reconnecting, NB back within their reconnect backoff: Recover OVN central waits for them instead of restarting it", () => {
    // NB back at 21:50:05, read at 21:50:12: each python-ovs session retries within 8 s.
    const c = neutronReconnecting(withLog(), "ctl1");
    expect(c.ok, c.fact).toBe(true);
    expect(c.fact).toMatch(
      /^neutron-server\.service's workers retry their OVN sessions by themselves within their reconnect backoff \(at most 8 s\): NB on ctl1 came back 7\.0 s ago$/,
    );
    const step = runbook("recover-ovn-central")!.steps.find((x) => x.id === "restart-neutron")!;
    const underway = step.underway!(withLog(), { node: "ctl1" });
    expect(underway.ok, underway.fact).toBe(true);
    expect(underway.fact).toMatch(/retry their OVN sessions by themselves.*; NB and SB answer/);
  });

  it("a start under way that also ran through the outage: waited for as a reconnection (seen in CI: started 26 s before NB stopped)", () => {
    const s = nbBounced(at("21:49:46"), at("21:49:48"), at("21:50:05"), at("21:50:12"));
    s.nodes.find((n) => n.name === "ctl1")!.data!.journal.push(...captured);
    expect(neutronComingUp(s, "ctl1").ok).toBe(true);
    const step = runbook("recover-ovn-central")!.steps.find((x) => x.id === "restart-neutron")!;
    expect(step.underway!(s, { node: "ctl1" }).fact).toMatch(
      /^neutron-server\.service's workers retry their OVN sessions by themselves/,
    );
  });

  it("still not reconnected a backoff cap after NB came back: not waited for any longer (restarted)", () => {
    const late = nbBounced(
      at("21:40:00"),
      at("21:49:48"),
      at("21:50:05"),
      at("21:50:05") + OVS_MAX_BACKOFF_MS + 1500,
    );
    late.nodes.find((n) => n.name === "ctl1")!.data!.journal.push(...captured);
    const c = neutronReconnecting(late, "ctl1");
    expect(c.ok).toBe(false);
    expect(c.fact).toMatch(
      /^its workers have not all reconnected although NB on ctl1 came back 9\.5 s ago \(window 9 s\)$/,
    );
    expect(neutronOutlivedDbOutage(late, "ctl1")?.ok).toBe(false);
  });

  it("a clustered NB: one backoff cap per member (a retry can land on a follower and go on to the next)", () => {
    expect(ovnClusters(memberBounced(0)).find((c) => c.db === "NB")!.servers.length).toBe(3);
    const within = neutronReconnecting(memberBounced(12_000), "ctl1");
    expect(within.ok, within.fact).toBe(true);
    expect(within.fact).toMatch(
      /\(at most 8 s; one retry per member, 25 s in all\): NB on ctl2 came back 12\.0 s ago$/,
    );
    // The cluster is back when its newest member is: ctl1's NB restarted 27 s ago (a leader
    // killed, restarted by systemd), then quorum lost and ctl2's back 5 s ago.
    const both = neutronReconnecting(memberBounced(0, { ctl1: 27_000, ctl2: 5_000 }), "ctl1");
    expect(both.ok, both.fact).toBe(true);
    expect(both.fact).toMatch(/: NB on ctl2 came back 5\.0 s ago$/);
    // A leader elected after the starts: the round of retries starts again from its election.
    const moved = memberBounced(26_000);
    const leader = ovnClusters(moved).find((c) => c.db === "NB")!.leaders[0]!;
    leader.status.lastElectionWonMs = 10_000;
    const after = neutronReconnecting(moved, "ctl1");
    expect(after.ok, after.fact).toBe(true);
    expect(after.fact).toMatch(
      new RegExp(
        `: NB on ctl2 came back 26\\.0 s ago, and ${leader.node.name} won its leadership 10\\.0 s ago$`,
      ),
    );
    const past = neutronReconnecting(memberBounced(26_000), "ctl1");
    expect(past).toEqual({
      ok: false,
      fact: "its workers have not all reconnected although NB on ctl2 came back 26.0 s ago (window 25 s)",
    });
  });

  // Real lines: ctl1's neutron-server restarted by heal and by Recover OVN central, two of its
  // stops waiting 15 s for the unit's stop timeout (test/fixtures/neutron-restart/ctl1-restarts.cmd).
  const restarts = parseJournal(
    readFileSync("test/fixtures/neutron-restart/ctl1-restarts.jsonl", "utf8"),
  );
  function withRestarts(ago: number, lines = restarts): Snapshot {
    const s = memberBounced(ago);
    s.nodes.find((n) => n.name === "ctl1")!.data!.journal.push(...lines);
    return s;
  }

  const restartStep = () =>
    runbook("recover-ovn-central")!.steps.find((x) => x.id === "restart-neutron")!;

  it("a restart quicker than the rest of the wait, by its own journal's restarts: restarted at once, saying why", () => {
    // Its slowest stop 15.2 s, its typical start 4.4 s: 19.6 s against 23 s of retries left.
    const fact =
      "restarting it is quicker than waiting: its sessions may take 23.0 s more to come back by themselves, and its journal's 4 restarts took at most 15.2 s to stop and typically 4.4 s from start until its API served";
    expect(neutronRestartQuicker(withRestarts(2_000), "ctl1")).toEqual({ ok: false, fact });
    expect(restartStep().underway!(withRestarts(2_000), { node: "ctl1" })).toEqual({
      ok: false,
      fact,
    });
    // 13 s of retries left: less than such a restart, so the retries are waited for.
    expect(neutronRestartQuicker(withRestarts(12_000), "ctl1")).toBeNull();
    const wait = restartStep().underway!(withRestarts(12_000), { node: "ctl1" });
    expect(wait.ok, wait.fact).toBe(true);
    expect(wait.fact).toMatch(/retry their OVN sessions by themselves/);
  });

  it("a process started moments before the outage is judged by the restart's cost too, not waited for as a start under way (seen in CI)", () => {
    const s = withRestarts(2_000);
    const unit = s.nodes
      .find((n) => n.name === "ctl1")!
      .data!.units.find((u) => u.id === "neutron-server.service")!;
    // Started 25 s before its read, NB down from 22 s to 2 s before: young, it ran through it.
    unit.activeEnterTimestamp = new Date(
      Date.parse(s.nodes.find((n) => n.name === "ctl2")!.data!.meta!.time) - 25_000,
    ).toISOString();
    expect(neutronComingUp(s, "ctl1").ok).toBe(true);
    expect(restartStep().underway!(s, { node: "ctl1" }).fact).toMatch(
      /^restarting it is quicker than waiting: /,
    );
  });

  it("only quick stops in its journal: a restart of 4.7 s beats 13 s of retries", () => {
    // Without the two slow stops' "Stopping" lines those restarts are not whole (a crash's).
    const quick = restarts.filter(
      (j) => !(/^Stopping /.test(j.message) && /T19:3(5:48|6:50)/.test(j.time)),
    );
    expect(quick.length).toBe(restarts.length - 2);
    const c = neutronRestartQuicker(withRestarts(12_000, quick), "ctl1");
    expect(c?.ok).toBe(false);
    expect(c?.fact).toMatch(
      /13\.0 s more .* journal's 2 restarts took at most 0\.7 s to stop and typically 4\.0 s from start/,
    );
  });

  it("no whole restart in its journal (started at boot, or lines out of the window): waited for, as before", () => {
    const starts = restarts.filter((j) => !/^(Stopping|Stopped) /.test(j.message));
    expect(neutronRestartQuicker(withRestarts(2_000, starts), "ctl1")).toBeNull();
    const c = restartStep().underway!(withRestarts(2_000, starts), { node: "ctl1" });
    expect(c.ok, c.fact).toBe(true);
  });

  it("every worker connected again: not restarted, and waited for a moment more (its API follows its sessions)", () => {
    const connected = withLog(captured.filter((j) => j.pid !== 18967));
    expect(neutronOutlivedDbOutage(connected, "ctl1")).toBeNull();
    const c = neutronReconnecting(connected, "ctl1");
    expect(c.ok, c.fact).toBe(true);
    expect(c.fact).toMatch(
      /^neutron-server\.service's workers are connected to NB again \(NB on ctl1 came back 7\.0 s ago\): the rest of its check follows$/,
    );
    // Its API still hanging on a read begun more than a second after the last "connected"
    // (21:50:11.67): not the reconnection any more.
    const hung = withLog(captured.filter((j) => j.pid !== 18967));
    Object.assign(hung.neutron, { state: "unavailable", error: "GET routers: timed out" });
    hung.startedAt = "2026-12-05T21:50:12.700Z";
    expect(neutronReconnecting(hung, "ctl1")).toEqual({
      ok: false,
      fact: "its workers were all connected again at 2026-12-05T21:50:11.675Z, and its API still does not answer a read begun after: GET routers: timed out",
    });
    hung.startedAt = "2026-12-05T21:50:12.500Z";
    expect(neutronReconnecting(hung, "ctl1").ok).toBe(true);
    // A server's own answer kept from a read begun before (its next read still under way) is
    // judged by when it was asked, not by the snapshot's time.
    const kept = withLog(captured.filter((j) => j.pid !== 18967));
    kept.startedAt = "2026-12-05T21:50:12.700Z";
    kept.neutron.servers = [
      {
        node: "ctl1",
        endpoint: "http://10.250.0.11:9696",
        state: "unavailable",
        error: "GET routers: timed out",
        collectedAt: null,
        askedAt: "2026-12-05T21:50:11.900Z",
      },
    ];
    expect(neutronReconnecting(kept, "ctl1").ok).toBe(true);
    kept.neutron.servers[0]!.askedAt = "2026-12-05T21:50:12.690Z";
    expect(neutronReconnecting(kept, "ctl1").ok).toBe(false);
    // Once the window is over, nothing is waited for.
    const late = nbBounced(at("21:40:00"), at("21:49:48"), at("21:50:05"), at("21:50:15"));
    late.nodes
      .find((n) => n.name === "ctl1")!
      .data!.journal.push(...captured.filter((j) => j.pid !== 18967));
    expect(neutronReconnecting(late, "ctl1")).toEqual({
      ok: false,
      fact: "its workers are connected again, and NB on ctl1 came back 10.0 s ago",
    });
  });

  it("neutronServesNothing: restarted beside the others only when it serves nothing now", () => {
    // Sessions to NB still down since its outage (the worker pid 18967 reconnecting).
    expect(neutronServesNothing(withLog(), "ctl1")).toEqual({
      ok: true,
      fact: "its sessions to NB are not all back since their outage",
    });
    // Every worker back and its API answering: it serves, so it is restarted alone.
    const serving = neutronServesNothing(withLog(captured.filter((j) => j.pid !== 18967)), "ctl1");
    expect(serving.ok).toBe(false);
    expect(serving.fact).toMatch(
      /^its API answers \(read at .*\): it is never restarted beside others, so the cloud keeps an API$/,
    );
    // The captured clustered lab with two servers: both serve; with ctl2's API silent, ctl2 does not.
    for (const node of ["ctl1", "ctl2"])
      expect(neutronServesNothing(snapshotFromFixtures("cluster-two-neutrons"), node).ok).toBe(
        false,
      );
    const stalled = snapshotFromFixtures("cluster-neutron-stalled");
    expect(neutronServesNothing(stalled, "ctl1").ok).toBe(false);
    expect(neutronServesNothing(stalled, "ctl2").fact).toMatch(
      /^its API does not answer: unavailable/,
    );
    // Its unit down (the neutron-down capture): nothing to keep serving.
    expect(neutronServesNothing(snapshotFromFixtures("neutron-down"), "ctl1").fact).toMatch(
      /^it is not up: /,
    );
  });

  it("lines from before the outage say nothing about it", () => {
    const before = captured.map((j) => ({
      ...j,
      time: new Date(Date.parse(j.time) - 3_600_000).toISOString(),
    }));
    expect(neutronOutlivedDbOutage(withLog(before), "ctl1")?.fact).toMatch(
      /its OVN connections broke under it$/,
    );
  });
});

describe("gatewayElectionUnderway: OVN re-electing a gateway after a candidate's ovn-controller restart", () => {
  const unitOn = (s: Snapshot, node: string) =>
    s.nodes
      .find((n) => n.name === node)!
      .data!.units.find((u) => u.id === "ovn-controller.service")!;
  /** The cr-lrp released, ctl1's ovn-controller (re)started `ageS` seconds before its read. */
  function restartedAgo(ageS: number): Snapshot {
    const s = crLrpReleased();
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
    unitOn(s, "ctl1").activeEnterTimestamp = new Date(
      Date.parse(ctl1.meta!.time) - ageS * 1000,
    ).toISOString();
    return s;
  }

  it("a candidate restarted 2 s ago, port unbound: under way, with the start and the window it is judged by", () => {
    const c = gatewayElectionUnderway(restartedAgo(2));
    expect(c.ok, c.fact).toBe(true);
    expect(c.fact).toMatch(
      /^OVN is electing router1's gateway by itself: ctl1's ovn-controller\.service started at \S+, 2\.0 s before its read; settle window 6\.0 s \(2 × BFD detection time 3000 ms between ctl1 and net1/,
    );
  });

  it("the window (and the second systemd's timestamp may hide) passed with the port still unbound: no longer under way", () => {
    expect(gatewayElectionUnderway(restartedAgo(6.5)).ok).toBe(true);
    const c = gatewayElectionUnderway(restartedAgo(7.5));
    expect(c.ok).toBe(false);
    expect(c.fact).toMatch(/^no election under way: last ctl1.s ovn-controller\.service started/);
  });

  it("a restarted unit that is not running elects nothing", () => {
    const s = restartedAgo(2);
    unitOn(s, "ctl1").activeState = "failed";
    const c = gatewayElectionUnderway(s);
    expect(c.ok).toBe(false);
    expect(c.fact).toMatch(/^no election under way: last net1.s ovn-controller enabled BFD on/);
  });

  it("a BFD session enabled a moment ago (an ovn-controller connected to SB again, its tunnels back): under way, by that line", () => {
    const s = restartedAgo(30);
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
    ctl1.journal.push({
      time: new Date(Date.parse(ctl1.meta!.time) - 400).toISOString(),
      unit: "ovn-controller.service",
      priority: 6,
      pid: null,
      identifier: "ovn-controller",
      message: "ovn_bfd|INFO|Enabled BFD on interface ovn-net1-0",
    });
    const c = gatewayElectionUnderway(s);
    expect(c.ok, c.fact).toBe(true);
    expect(c.fact).toMatch(
      /^OVN is electing router1's gateway by itself: ctl1's ovn-controller enabled BFD on ovn-net1-0 at \S+, 0\.4 s before its read; settle window 6\.0 s/,
    );
  });

  it("every gateway bound again: still waited on (the binding must hold through the window), never a restart", () => {
    // Seen in the bench before this held: "stopped waiting: every gateway is bound; running
    // the command" restarted the chassis that had just claimed the port.
    expect(gatewayElectionUnderway(snapshotFromFixtures("healthy"))).toEqual({
      ok: true,
      fact: "every gateway is bound: held through the settle window next",
    });
  });

  it("Rebind router gateways (and Recover OVN central) wait for it instead of restarting a candidate", () => {
    for (const id of ["rebind-gateways", "recover-ovn-central"]) {
      const step = runbook(id)!.steps.find((x) => x.id === "rebind-gateway")!;
      expect(step.underway!(restartedAgo(2), { node: "net1" }).ok, id).toBe(true);
      expect(step.underway!(restartedAgo(30), { node: "net1" }).ok, id).toBe(false);
    }
  });
});

describe("controllerReconnecting: a running ovn-controller that will reach SB again by its own retry", () => {
  /** controller-disconnected (cmp1's ovn-controller not connected), SB (re)started `ageS` s before its read. */
  function sbStartedAgo(ageS: number): Snapshot {
    const s = structuredClone(snapshotFromFixtures("controller-disconnected"));
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
    const sb = ctl1.units.find((u) => u.id === "ovn-ovsdb-server-sb.service")!;
    sb.activeEnterTimestamp = new Date(Date.parse(ctl1.meta!.time) - ageS * 1000).toISOString();
    return s;
  }

  it("SB back 3 s ago, cmp1 not connected: it retries within its backoff, named with SB's start", () => {
    const c = controllerReconnecting(sbStartedAgo(3), "cmp1");
    expect(c.ok, c.fact).toBe(true);
    expect(c.fact).toMatch(
      /^ovn-controller\.service \(pid \d+\) retries SB by itself within its reconnect backoff \(at most 8 s\): ovn-ovsdb-server-sb\.service on ctl1 started 3\.0 s ago$/,
    );
  });

  it("SB up longer than the backoff and still not connected: not coming by itself (restart it)", () => {
    const c = controllerReconnecting(sbStartedAgo(OVS_MAX_BACKOFF_MS / 1000 + 2), "cmp1");
    expect(c.ok).toBe(false);
    expect(c.fact).toMatch(
      /^not connected although ovn-ovsdb-server-sb\.service on ctl1 started 10\.0 s ago$/,
    );
  });

  it("SB's node not read now (data kept from an earlier read): its start dates nothing", () => {
    const s = sbStartedAgo(3);
    s.nodes.find((n) => n.name === "ctl1")!.reach = "unreachable";
    expect(controllerReconnecting(s, "cmp1")).toEqual({ ok: false, fact: "no SB start is known" });
  });

  it("a connected ovn-controller has nothing to wait for", () => {
    expect(controllerReconnecting(sbStartedAgo(3), "net1")).toEqual({
      ok: false,
      fact: "connection-status: connected",
    });
  });

  it("Recover OVN central waits for it only while SB answers; Reconnect chassis (an operator's choice) restarts", () => {
    const step = (id: string) => runbook(id)!.steps.find((x) => x.id === "reconnect-controller")!;
    const waits = step("recover-ovn-central").underway!(sbStartedAgo(3), { node: "cmp1" });
    expect(waits.ok, waits.fact).toBe(true);
    const sbDown = sbStartedAgo(3);
    const ctl1 = sbDown.nodes.find((n) => n.name === "ctl1")!.data!;
    ctl1.units.find((u) => u.id === "ovn-ovsdb-server-sb.service")!.activeState = "inactive";
    expect(step("recover-ovn-central").underway!(sbDown, { node: "cmp1" }).ok).toBe(false);
    expect(step("reconnect-chassis").underway).toBeUndefined();
  });
});
