/**
 * The clustered OVN central shape of the lab (`lab up --controllers 3`): NB and SB as 3-member
 * RAFT clusters on ctl1..ctl3, ovn-northd on each (one active), and the faults of that shape,
 * each checked on the nodes themselves (cluster/status through each member's control socket,
 * ovn-nbctl writes through the member list) and undone by `lab heal`.
 * Needs root and the lab up in that shape (scripts/test.sh's lab-cluster-up stage); ends with
 * it healthy. Never run in parallel with another file driving the lab.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import type { RaftStatus } from "@/lib/model/snapshot";
import { SshPool } from "@/lib/ssh/pool";
import { loadInventoryFile } from "@/lib/inventory";
import { labCollector, TEST_POOL } from "../support/lab-collector";
import {
  LAB_STATE,
  eventually,
  gatewayPortStatus,
  labControllers,
  labInventoryPath,
  labOk,
  labStatus,
  lab,
  nodeExec,
  northdStatus,
  raftStatus,
  unitState,
} from "../support/lab";

const CTLS = ["ctl1", "ctl2", "ctl3"];
const DBS = ["nb", "sb"] as const;
const NB_REMOTES = "tcp:10.250.0.11:6641,tcp:10.250.0.13:6641,tcp:10.250.0.14:6641";
const PROBE_KEY = "ovnscope-cluster-test";

type Members = Record<string, RaftStatus | undefined>;

/** ":<address>:" of a lab node, as it sits in a raft address (tcp:10.250.0.14:6643). */
const labAddress = (node: string) =>
  `:${loadInventoryFile(labInventoryPath()).nodes.find((n) => n.name === node)!.address}:`;

async function members(db: "nb" | "sb", nodes = CTLS): Promise<Members> {
  const out: Members = {};
  for (const n of nodes) out[n] = await raftStatus(n, db);
  return out;
}
const leaders = (m: Members) => Object.entries(m).filter(([, s]) => s?.role === "leader");

/** A write through every NB member (ovn-nbctl finds the leader); true when it committed. */
async function nbWrite(value: string, timeoutS = 5): Promise<boolean> {
  const r = await nodeExec(
    "ctl1",
    `ovn-nbctl --timeout=${timeoutS} --db=${NB_REMOTES} set NB_Global . external_ids:${PROBE_KEY}=${value}`,
    (timeoutS + 10) * 1000,
  );
  return r.code === 0;
}

async function expectHealthyCluster(): Promise<void> {
  for (const db of DBS) {
    const m = await members(db);
    for (const n of CTLS) {
      expect(m[n], `${n} ${db} answers cluster/status`).toBeDefined();
      expect(m[n]!.status, `${n} ${db}`).toBe("cluster member");
      expect(m[n]!.servers, `${n} ${db} lists 3 servers`).toHaveLength(3);
    }
    expect(leaders(m), `${db}: exactly one leader`).toHaveLength(1);
    expect(new Set(CTLS.map((n) => m[n]!.clusterId)).size, `${db}: one cluster ID`).toBe(1);
  }
  const northd = await Promise.all(CTLS.map(northdStatus));
  expect(
    northd.filter((s) => s === "active"),
    `northd: ${northd.join(",")}`,
  ).toHaveLength(1);
  expect(northd.filter((s) => s === "standby")).toHaveLength(2);
}

async function heal(): Promise<number> {
  const r = await labOk(["heal"], 300_000);
  await expectHealthyCluster();
  return r.ms;
}

describe.sequential("lab: clustered OVN central (3 controllers)", () => {
  beforeAll(async () => {
    // Fast on a running clustered lab; refuses clearly on a 1-controller lab ('down' first).
    await labOk(["up", "--controllers", "3"], 600_000);
    await labOk(["heal"], 300_000);
  }, 900_000);

  afterAll(async () => {
    await lab(["heal"], 300_000);
    await nodeExec(
      "ctl1",
      `ovn-nbctl --timeout=10 --db=${NB_REMOTES} remove NB_Global . external_ids ${PROBE_KEY}`,
    );
  }, 320_000);

  it("runs ctl1..ctl3 with NB and SB clustered, one leader each, one active northd, gateway ACTIVE", async () => {
    expect(labControllers()).toEqual(CTLS);
    expect(readFileSync(path.join(LAB_STATE, "topology"), "utf8")).toMatch(/^controllers=3$/m);
    await expectHealthyCluster();
    for (const n of CTLS) {
      const opts = (await nodeExec(n, "grep '^OVN_CTL_OPTS=' /etc/default/ovn-central")).stdout;
      expect(opts).toContain(
        `--db-nb-cluster-local-addr=10.250.0.${n === "ctl1" ? 11 : n === "ctl2" ? 13 : 14}`,
      );
      expect(opts.includes("--db-nb-cluster-remote-addr=10.250.0.11")).toBe(n !== "ctl1");
      for (const u of ["ovn-ovsdb-server-nb", "ovn-ovsdb-server-sb", "ovn-northd"])
        expect(await unitState(n, u), `${n} ${u}`).toBe("active");
      const ss = (await nodeExec(n, "ss -Hltn")).stdout;
      for (const port of [6641, 6642, 6643, 6644])
        expect(ss, `${n} listens on ${port}`).toMatch(new RegExp(`:${port}\\s`));
    }
    // ctl2/ctl3 are not chassis; MariaDB runs on ctl1 alone; Neutron on ctl1 and ctl2
    for (const n of ["ctl2", "ctl3"]) {
      for (const u of ["ovn-controller", "ovs-vswitchd", "mariadb"])
        expect(await unitState(n, u), `${n} ${u}`).not.toBe("active");
    }
    expect(await unitState("ctl3", "neutron-server"), "ctl3 neutron-server").not.toBe("active");
    for (const n of ["ctl1", "ctl2"])
      expect(await unitState(n, "neutron-server"), `${n} neutron-server`).toBe("active");
    // ctl2's neutron-server: its database is ctl1's MariaDB over TCP, and it answers the API itself
    const ctl2Sessions = (await nodeExec("ctl2", "ss -Htnp state established")).stdout
      .split("\n")
      .filter((l) => l.includes("neutron-server"));
    expect(
      ctl2Sessions.some((l) => /10\.250\.0\.11:3306\s/.test(l)),
      "ctl2 → ctl1:3306",
    ).toBe(true);
    expect(
      ctl2Sessions.some((l) => /:6641\s/.test(l)),
      "ctl2's neutron-server → NB",
    ).toBe(true);
    expect(
      ctl2Sessions.some((l) => /:6642\s/.test(l)),
      "ctl2's neutron-server → SB",
    ).toBe(true);
    const routers = await fetch("http://10.250.0.13:9696/v2.0/routers?fields=name", {
      signal: AbortSignal.timeout(10_000),
    }).then((r) => r.json() as Promise<{ routers: { name: string }[] }>);
    expect(
      routers.routers.map((r) => r.name),
      "ctl2's API",
    ).toContain("router1");
    // clients list every member
    for (const n of ["ctl1", "ctl2"]) {
      const ml2 = (await nodeExec(n, "grep _connection /etc/neutron/plugins/ml2/ml2_conf.ini"))
        .stdout;
      expect(ml2, n).toContain(`ovn_nb_connection = ${NB_REMOTES}`);
      expect(ml2, n).toContain(
        "ovn_sb_connection = tcp:10.250.0.11:6642,tcp:10.250.0.13:6642,tcp:10.250.0.14:6642",
      );
    }
    for (const n of ["ctl1", "net1", "cmp1"]) {
      const remote = (await nodeExec(n, "ovs-vsctl get open . external_ids:ovn-remote")).stdout;
      expect(remote, n).toContain("tcp:10.250.0.11:6642,tcp:10.250.0.13:6642,tcp:10.250.0.14:6642");
    }
    expect(await gatewayPortStatus()).toBe("ACTIVE");
    const st = await labStatus();
    expect(st.healthy, st.problems.join("\n")).toBe(true);
    expect(await nbWrite("healthy")).toBe(true);
  });

  it("member-down: ctl3's NB and SB stop, two members keep a leader and take writes; heal brings ctl3 back", async () => {
    await labOk(["fault", "member-down"]);
    expect(await unitState("ctl3", "ovn-ovsdb-server-nb")).toBe("inactive");
    expect(await unitState("ctl3", "ovn-ovsdb-server-sb")).toBe("inactive");
    for (const db of DBS) {
      expect(await raftStatus("ctl3", db), `ctl3 ${db} stopped`).toBeUndefined();
      await eventually(
        `${db}: ctl1+ctl2 with one leader`,
        async () => {
          const m = await members(db, ["ctl1", "ctl2"]);
          return (
            ["ctl1", "ctl2"].every((n) => m[n]?.status === "cluster member") &&
            leaders(m).length === 1
          );
        },
        20_000,
      );
    }
    expect(await nbWrite("member-down")).toBe(true);
    const st = await labStatus();
    expect(st.problems).toContain("ctl3: NB member down");
    const ms = await heal();
    console.log(`member-down: heal ${ms} ms`);
  });

  it("quorum-lost: ctl1 alone has no leader and refuses writes; heal restores quorum", async () => {
    await labOk(["fault", "quorum-lost"]);
    for (const n of ["ctl2", "ctl3"])
      for (const db of DBS) expect(await raftStatus(n, db), `${n} ${db} stopped`).toBeUndefined();
    for (const db of DBS) {
      await eventually(
        `ctl1 ${db}: no leader`,
        async () => {
          const s = await raftStatus("ctl1", db);
          return s !== undefined && s.leader === "unknown" && s.role !== "leader";
        },
        20_000,
      );
    }
    expect(await nbWrite("quorum-lost", 3), "a write without quorum").toBe(false);
    const northd = await Promise.all(CTLS.map(northdStatus));
    expect(northd, "no northd can hold its lock without a leader").not.toContain("active");
    const ms = await heal();
    expect(await nbWrite("quorum-back")).toBe(true);
    console.log(`quorum-lost: heal ${ms} ms`);
  });

  it("leader-killed: SIGKILL of the NB leader's ovsdb-server; a new leader with a higher term; heal", async () => {
    const before = await members("nb");
    const [oldLeader, oldStatus] = leaders(before)[0]!;
    await labOk(["fault", "leader-killed"]);
    const data = readFileSync(path.join(LAB_STATE, "fault-data/leader-killed"), "utf8");
    expect(data).toContain(`node=${oldLeader}`);
    // A new leader in a higher term: usually another member, but the killed one, restarted by
    // systemd within a second, can win the election itself (raft does not stop it; seen here).
    await eventually(
      "a new NB leader in a higher term, every member back",
      async () => {
        const m = await members("nb");
        const l = leaders(m);
        return (
          CTLS.every((n) => m[n]?.status === "cluster member") &&
          l.length === 1 &&
          l[0]![1]!.term > oldStatus!.term
        );
      },
      20_000,
    );
    const newLeader = leaders(await members("nb"))[0]![0];
    const journal = (
      await nodeExec(oldLeader, "journalctl -u ovn-ovsdb-server-nb --no-pager -o cat")
    ).stdout;
    expect(journal).toMatch(/status=(9\/KILL|137)/);
    const ms = await heal();
    const after = await raftStatus(oldLeader, "nb");
    expect(after?.status).toBe("cluster member");
    expect(after?.serverId, "the restarted member kept its server id").toBe(oldStatus!.serverId);
    console.log(
      `leader-killed: ${oldLeader} was leader in term ${oldStatus!.term}, then ${newLeader}; heal ${ms} ms`,
    );
  });

  it("leader-flap: the NB leader SIGKILLed again as soon as a new one is elected, 4 times; the term rises by >= 4; heal", async () => {
    const t0 = Date.now();
    const [, before] = leaders(await members("nb"))[0]!;
    const since = Math.floor(Date.now() / 1000) - 1;
    const f = await labOk(["fault", "leader-flap"]);
    const data = readFileSync(path.join(LAB_STATE, "fault-data/leader-flap"), "utf8");
    const kills = [
      ...data.matchAll(/^kill=(\d+) node=(\S+) pid=(\d+) term=(\d+) killed_at=(\S+)$/gm),
    ];
    expect(kills, data).toHaveLength(4);
    // each kill hit the leader of a later term (usually another node; the restarted one can win)
    for (let i = 1; i < kills.length; i++)
      expect(Number(kills[i]![4]), data).toBeGreaterThan(Number(kills[i - 1]![4]));
    expect(Number(kills[0]![4])).toBe(before!.term);
    const span = Number(kills[3]![5]) - Number(kills[0]![5]);
    expect(span, "4 kills within a minute").toBeLessThan(60);
    await eventually(
      "one NB leader again, in a term >= 4 above the one before, every member back",
      async () => {
        const m = await members("nb");
        const l = leaders(m);
        return (
          CTLS.every((n) => m[n]?.status === "cluster member") &&
          l.length === 1 &&
          l[0]![1]!.term >= before!.term + 4
        );
      },
      20_000,
    );
    // systemd saw each kill of its member and restarted it
    for (const n of CTLS) {
      const want = kills.filter((k) => k[2] === n).length;
      const journal = (
        await nodeExec(n, `journalctl -u ovn-ovsdb-server-nb --since=@${since} --no-pager -o cat`)
      ).stdout;
      expect(journal.match(/status=(9\/KILL|137)/g) ?? [], `${n}: ${want} kill(s)`).toHaveLength(
        want,
      );
      if (want) expect(await unitState(n, "ovn-ovsdb-server-nb"), n).toBe("active");
    }
    const ms = await heal();
    console.log(
      `leader-flap: kills on ${kills.map((k) => `${k[2]}@${k[4]}`).join(" ")} in ${span.toFixed(1)} s; fault ${f.ms} ms, heal ${ms} ms, test ${Date.now() - t0} ms`,
    );
  });

  it("leader-stalled: the NB leader stopped (SIGSTOP) 3 s then continued; a new leader, the stalled one never restarted; the collector explains it; heal", async () => {
    const t0 = Date.now();
    const f = await labOk(["fault", "leader-stalled"]);
    const data = readFileSync(path.join(LAB_STATE, "fault-data/leader-stalled"), "utf8");
    const field = (k: string) => new RegExp(`^${k}=(\\S+)$`, "m").exec(data)?.[1];
    const stalled = field("node")!;
    const term = Number(field("term"));
    expect(CTLS, data).toContain(stalled);
    expect(
      Number(field("continued_at")) - Number(field("stopped_at")),
      data,
    ).toBeGreaterThanOrEqual(3);
    // On the nodes: the stalled server is the same process, a follower now, and the leader
    // is another member in a later term.
    const pid = (await nodeExec(stalled, "cat /run/ovn/ovnnb_db.pid")).stdout.trim();
    expect(pid).toBe(field("pid"));
    await eventually(
      "a new NB leader in a later term, the stalled member a follower of it",
      async () => {
        const m = await members("nb");
        const l = leaders(m);
        return (
          l.length === 1 &&
          l[0]![0] !== stalled &&
          l[0]![1]!.term > term &&
          m[stalled]?.role === "follower" &&
          m[stalled]?.status === "cluster member"
        );
      },
      20_000,
    );
    // What ovnscope makes of it: the leader lost while running, from the nodes' own lines.
    const pool = new SshPool(TEST_POOL);
    try {
      const collector = labCollector(pool);
      let found: Finding | undefined;
      await eventually(
        "the election-timer finding on the stalled leader",
        async () => {
          const snapshot = await collector.refresh();
          found = flatten(diagnose(snapshot)).find((x) => x.id === "ovn-cluster:NB:election-timer");
          return found?.title.params?.node === stalled;
        },
        30_000,
      );
      expect(found!.severity).toBe("warning");
      expect(Number(found!.title.params?.term)).toBeGreaterThanOrEqual(term);
      expect(found!.evidence.map((e) => e.fact).join("\n")).toMatch(
        new RegExp(`term \\d+: elected leader by[\\s\\S]*is leader for term \\d+`),
      );
    } finally {
      pool.close();
    }
    const ms = await heal();
    console.log(
      `leader-stalled: ${stalled} (leader in term ${term}) stopped 3 s; fault ${f.ms} ms, heal ${ms} ms, test ${Date.now() - t0} ms`,
    );
  });

  it("follower-stalled: an NB follower stopped (SIGSTOP) while 30 transactions commit; the leader says it is behind and silent; the collector explains it; heal continues it and it catches up", async () => {
    const t0 = Date.now();
    const f = await labOk(["fault", "follower-stalled"]);
    const data = readFileSync(path.join(LAB_STATE, "fault-data/follower-stalled"), "utf8");
    const field = (k: string) => new RegExp(`^${k}=(\\S+)$`, "m").exec(data)?.[1];
    const stalled = field("node")!;
    const leader = field("leader")!;
    expect(CTLS, data).toContain(stalled);
    expect(stalled).not.toBe(leader);
    // On the nodes: the process is stopped (state T), the leader's match index for it behind
    // its log, the switches committed without it.
    const pid = field("pid")!;
    expect((await nodeExec(stalled, `ps -o stat= -p ${pid}`)).stdout.trim()).toMatch(/^T/);
    const l = await raftStatus(leader, "nb");
    const peer = l!.servers.find((p) => !p.self && p.address.includes(labAddress(stalled)))!;
    expect(peer.matchIndex!).toBeLessThan(l!.log!.next - 1);
    expect(
      (await nodeExec(leader, "ovn-nbctl --bare --columns=name find Logical_Switch")).stdout,
    ).toContain("ovnscope-lag-30");
    const pool = new SshPool(TEST_POOL);
    try {
      const collector = labCollector(pool);
      let found: Finding | undefined;
      await eventually(
        "the log-lag finding on the stalled follower",
        async () => {
          found = flatten(diagnose(await collector.refresh())).find(
            (x) => x.id === `ovn-cluster:NB:${stalled}:lag`,
          );
          return found !== undefined;
        },
        30_000,
      );
      expect(found!.severity).toBe("warning");
      expect(Number(found!.title.params?.behind)).toBeGreaterThanOrEqual(30);
      expect(found!.title.params?.leader).toBe(leader);
    } finally {
      pool.close();
    }
    const ms = await heal();
    // Continued, it caught up: the leader's match index for it is its last entry again.
    await eventually(
      "the follower caught up",
      async () => {
        const s = await raftStatus(leader, "nb");
        const p = s?.servers.find((x) => !x.self && x.address.includes(labAddress(stalled)));
        return s?.log !== null && p?.matchIndex === s!.log!.next - 1;
      },
      20_000,
    );
    expect(
      (await nodeExec(leader, "ovn-nbctl --bare --columns=name find Logical_Switch")).stdout,
    ).not.toContain("ovnscope-lag-");
    console.log(
      `follower-stalled: ${stalled} stopped, leader ${leader}; fault ${f.ms} ms, heal ${ms} ms, test ${Date.now() - t0} ms`,
    );
  });

  it("stale-member: ctl3 re-joins NB and SB under new server ids; the leader keeps its old ids (4 servers); heal kicks them", async () => {
    const t0 = Date.now();
    const old = { nb: await raftStatus("ctl3", "nb"), sb: await raftStatus("ctl3", "sb") };
    const f = await labOk(["fault", "stale-member"]);
    const data = readFileSync(path.join(LAB_STATE, "fault-data/stale-member"), "utf8");
    for (const db of DBS) {
      const before = old[db]!;
      const s3 = await raftStatus("ctl3", db);
      expect(s3?.status, `ctl3 ${db}`).toBe("cluster member");
      expect(s3!.serverId, `ctl3 ${db}: a new server id`).not.toBe(before.serverId);
      expect(s3!.clusterId, `ctl3 ${db}: the same cluster`).toBe(before.clusterId);
      expect(s3!.address).toBe(before.address);
      expect(data).toContain(
        `db=${db} node=ctl3 old_sid=${before.serverId} new_sid=${s3!.serverId}`,
      );
      const m = await members(db);
      const l = leaders(m);
      expect(l, `${db}: one leader`).toHaveLength(1);
      const servers = l[0]![1]!.servers;
      expect(servers.map((p) => p.sid).sort(), `${db}: the leader lists 4 servers`).toEqual(
        [...CTLS.map((n) => m[n]!.serverId.slice(0, 4)), before.serverId.slice(0, 4)].sort(),
      );
      // the old id, at ctl3's address, is answered by no member
      expect(servers.filter((p) => p.address === before.address)).toHaveLength(2);
      expect(CTLS.map((n) => m[n]!.serverId)).not.toContain(before.serverId);
      // the moved-aside file is there
      const moved = /moved_to=(\S+)/.exec(
        data.split("\n").find((x) => x.startsWith(`db=${db} `))!,
      )![1]!;
      expect((await nodeExec("ctl3", `test -s ${moved}`)).code, moved).toBe(0);
    }
    // what ctl3 makes of the heartbeats the leader still sends to its old NB id
    const o = old.nb!.serverId.slice(0, 4);
    await eventually(
      `ctl3's NB log: misrouted message (addressed to ${o} ...)`,
      async () =>
        (
          await nodeExec(
            "ctl3",
            `grep -c "misrouted message (addressed to ${o} but we're" /var/log/ovn/ovsdb-server-nb.log`,
          )
        ).stdout.trim() !== "0",
      10_000,
    );
    const ms = await heal();
    for (const db of DBS) {
      const m = await members(db);
      for (const n of CTLS)
        expect(
          m[n]!.servers.map((p) => p.sid),
          `${n} ${db}`,
        ).not.toContain(old[db]!.serverId.slice(0, 4));
      expect(m.ctl3!.clusterId).toBe(old[db]!.clusterId);
    }
    expect(
      (await nodeExec("ctl3", "ls /var/lib/ovn/ovnnb_db.db.stale-member.*")).code,
      "heal keeps the moved-aside files",
    ).toBe(0);
    console.log(`stale-member: fault ${f.ms} ms, heal ${ms} ms, test ${Date.now() - t0} ms`);
  });

  it("cluster-id-mismatch: ctl3's NB leads a 1-server cluster of its own; ctl1+ctl2 keep the real one and list ctl3's old id; heal re-joins ctl3", async () => {
    const t0 = Date.now();
    const old = (await raftStatus("ctl3", "nb"))!;
    const oldSb = (await raftStatus("ctl3", "sb"))!;
    const f = await labOk(["fault", "cluster-id-mismatch"]);
    const s3 = (await raftStatus("ctl3", "nb"))!;
    expect(s3.status).toBe("cluster member");
    expect(s3.role, "ctl3 leads its own cluster").toBe("leader");
    expect(s3.clusterId, "another Cluster ID").not.toBe(old.clusterId);
    expect(s3.serverId).not.toBe(old.serverId);
    expect(s3.servers.map((p) => p.sid)).toEqual([s3.serverId.slice(0, 4)]);
    await eventually(
      "ctl1+ctl2: the original NB cluster, one leader that still lists ctl3's old id",
      async () => {
        const m = await members("nb", ["ctl1", "ctl2"]);
        const l = leaders(m);
        return (
          ["ctl1", "ctl2"].every(
            (n) => m[n]?.status === "cluster member" && m[n]!.clusterId === old.clusterId,
          ) &&
          l.length === 1 &&
          l[0]![1]!.servers.some(
            (p) => p.sid === old.serverId.slice(0, 4) && p.address === old.address,
          ) &&
          l[0]![1]!.servers.length === 3
        );
      },
      20_000,
    );
    // the real leader's heartbeats to ctl3's old id reach the foreign cluster, which refuses them
    await eventually(
      "ctl3's NB log: wrong cluster",
      async () =>
        (
          await nodeExec(
            "ctl3",
            `grep -c "wrong cluster ${old.clusterId!.slice(0, 4)} (expected ${s3.clusterId!.slice(0, 4)})" /var/log/ovn/ovsdb-server-nb.log`,
          )
        ).stdout.trim() !== "0",
      10_000,
    );
    // SB is left alone
    expect((await raftStatus("ctl3", "sb"))?.clusterId).toBe(oldSb.clusterId);
    const st = await labStatus();
    expect(st.problems).toContain("NB cluster has 2 leader(s)");
    const ms = await heal();
    const after = (await raftStatus("ctl3", "nb"))!;
    expect(after.clusterId, "ctl3 back in the original cluster").toBe(old.clusterId);
    expect([old.serverId, s3.serverId]).not.toContain(after.serverId);
    expect((await nodeExec("ctl3", "ls /var/lib/ovn/ovnnb_db.db.cluster-id-mismatch.*")).code).toBe(
      0,
    );
    console.log(`cluster-id-mismatch: fault ${f.ms} ms, heal ${ms} ms, test ${Date.now() - t0} ms`);
  });

  it("northd-none-active: every ovn-northd paused; heal resumes them, one active", async () => {
    await labOk(["fault", "northd-none-active"]);
    for (const n of CTLS) expect(await northdStatus(n), n).toBe("paused");
    const st = await labStatus();
    expect(st.problems).toContain("0 ovn-northd active (want exactly 1)");
    const ms = await heal();
    console.log(`northd-none-active: heal ${ms} ms`);
  });
});
