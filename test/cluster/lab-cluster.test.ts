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
import type { RaftStatus } from "@/lib/model/snapshot";
import {
  LAB_STATE,
  eventually,
  gatewayPortStatus,
  labControllers,
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
    // ctl2/ctl3 are not chassis and run no Neutron
    for (const n of ["ctl2", "ctl3"]) {
      for (const u of ["ovn-controller", "ovs-vswitchd", "mariadb", "neutron-server"])
        expect(await unitState(n, u), `${n} ${u}`).not.toBe("active");
    }
    // clients list every member
    const ml2 = (await nodeExec("ctl1", "grep _connection /etc/neutron/plugins/ml2/ml2_conf.ini"))
      .stdout;
    expect(ml2).toContain(`ovn_nb_connection = ${NB_REMOTES}`);
    expect(ml2).toContain(
      "ovn_sb_connection = tcp:10.250.0.11:6642,tcp:10.250.0.13:6642,tcp:10.250.0.14:6642",
    );
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
    await eventually(
      "a new NB leader on another member, in a higher term",
      async () => {
        const m = await members("nb");
        const l = leaders(m);
        return l.length === 1 && l[0]![0] !== oldLeader && l[0]![1]!.term > oldStatus!.term;
      },
      20_000,
    );
    const journal = (
      await nodeExec(oldLeader, "journalctl -u ovn-ovsdb-server-nb --no-pager -o cat")
    ).stdout;
    expect(journal).toMatch(/status=(9\/KILL|137)/);
    const ms = await heal();
    const after = await raftStatus(oldLeader, "nb");
    expect(after?.role).toBe("follower");
    console.log(`leader-killed: ${oldLeader} was leader in term ${oldStatus!.term}; heal ${ms} ms`);
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
