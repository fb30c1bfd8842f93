/**
 * Every lab fault, checked on the node itself: inject it with `lab fault NAME`, verify with
 * systemctl / ss / ovs-vsctl / ovn-sbctl / nft run inside the node (nsenter) that it really
 * took effect, `lab heal`, verify the lab is healthy again. Needs root and the lab
 * (beforeAll runs `lab up`, which is idempotent). Runs sequentially; never in parallel with
 * another file that drives the lab.
 */
import { describe, it, expect, beforeAll } from "vitest";
import {
  controllerStatus,
  eventually,
  gatewayPortStatus,
  hostOut,
  inventoryHostKey,
  lab,
  labNodes,
  labOk,
  labStatus,
  listening,
  nodeExec,
  nodeOut,
  sshAsOvnscope,
  unitState,
} from "../support/lab";

const CTL = "ctl1";

async function expectHealthy(): Promise<void> {
  for (const u of ["ovn-ovsdb-server-nb", "ovn-ovsdb-server-sb", "ovn-northd", "neutron-server"]) {
    expect(await unitState(CTL, u), `${CTL} ${u}`).toBe("active");
  }
  expect(await listening(CTL, 6641), "NB listening on 6641").toBe(true);
  expect(await listening(CTL, 6642), "SB listening on 6642").toBe(true);
  for (const n of labNodes()) {
    expect(await controllerStatus(n), `${n} ovn-controller`).toBe("connected");
  }
  const crlrp = await nodeOut(
    CTL,
    "ovn-sbctl --timeout=5 --bare --columns=chassis find Port_Binding type=chassisredirect",
  );
  expect(crlrp, "cr-lrp bound to a chassis").not.toBe("");
  expect(await gatewayPortStatus(), "router gateway port").toBe("ACTIVE");
  const st = await labStatus();
  expect(st.problems, "lab status --json problems").toEqual([]);
  expect(st.healthy).toBe(true);
  expect(st.faults).toEqual([]);
}

interface FaultCase {
  name: string;
  /** Checks, on the node, that the fault really took effect (polled until true). */
  effect: () => Promise<boolean>;
  effectTimeoutMs?: number;
  /** Extra assertions once the effect is there (for a clearer failure message). */
  details?: () => Promise<void>;
  /** Extra checks after heal, beyond general health. */
  healed?: () => Promise<void>;
}

const cases: FaultCase[] = [
  {
    name: "incident",
    effect: async () =>
      (await unitState(CTL, "ovn-ovsdb-server-nb")) === "inactive" &&
      (await unitState(CTL, "ovn-ovsdb-server-sb")) === "inactive" &&
      !(await listening(CTL, 6641)) &&
      !(await listening(CTL, 6642)),
    details: async () => {
      expect(
        await nodeOut(CTL, "cat /etc/systemd/system/ovn-northd.service.d/incident.conf"),
      ).toContain("ExecStop=/usr/share/ovn/scripts/ovn-ctl stop_northd");
      expect(await unitState(CTL, "ovn-northd")).toBe("active");
      // neutron-server cannot reach OVN and is restarted by systemd in a loop
      await eventually(
        "neutron-server restarted by systemd",
        async () =>
          Number(await nodeOut(CTL, "systemctl show -p NRestarts --value neutron-server")) >= 1,
        60_000,
      );
    },
    healed: async () => {
      expect(
        (await nodeExec(CTL, "test -e /etc/systemd/system/ovn-northd.service.d/incident.conf"))
          .code,
      ).not.toBe(0);
    },
  },
  {
    name: "nb-down",
    effect: async () =>
      (await unitState(CTL, "ovn-ovsdb-server-nb")) === "inactive" && !(await listening(CTL, 6641)),
    details: async () => {
      expect(await unitState(CTL, "ovn-ovsdb-server-sb")).toBe("active");
    },
  },
  {
    name: "sb-down",
    effect: async () =>
      (await unitState(CTL, "ovn-ovsdb-server-sb")) === "inactive" && !(await listening(CTL, 6642)),
    details: async () => {
      expect(await unitState(CTL, "ovn-ovsdb-server-nb")).toBe("active");
      await eventually(
        "cmp1's ovn-controller loses SB",
        async () => (await controllerStatus("cmp1")) !== "connected",
        30_000,
      );
    },
  },
  {
    name: "northd-down",
    effect: async () => (await unitState(CTL, "ovn-northd")) === "inactive",
    details: async () => {
      // no northd process behind the pidfile, while both databases serve
      expect(
        (await nodeExec(CTL, 'kill -0 "$(cat /run/ovn/ovn-northd.pid 2>/dev/null)" 2>/dev/null'))
          .code,
      ).not.toBe(0);
      await eventually(
        "NB and SB listening again",
        async () => (await listening(CTL, 6641)) && (await listening(CTL, 6642)),
        20_000,
      );
    },
  },
  {
    name: "neutron-down",
    effect: async () =>
      (await unitState(CTL, "neutron-server")) === "inactive" && !(await listening(CTL, 9696)),
  },
  {
    name: "ml2-wrong-nb",
    effect: async () =>
      (await nodeOut(CTL, "grep '^ovn_nb_connection' /etc/neutron/plugins/ml2/ml2_conf.ini")) ===
        "ovn_nb_connection = tcp:10.250.0.11:6645" &&
      Number(await nodeOut(CTL, "systemctl show -p NRestarts --value neutron-server")) >= 1,
    effectTimeoutMs: 60_000,
    details: async () => {
      expect(await listening(CTL, 6645), "nothing listens on 6645").toBe(false);
      expect(
        await nodeOut(
          CTL,
          "journalctl -u neutron-server --no-pager -n 400 | grep -c 'tcp:10.250.0.11:6645' || true",
        ),
      ).not.toBe("0");
    },
    healed: async () => {
      expect(
        await nodeOut(CTL, "grep '^ovn_nb_connection' /etc/neutron/plugins/ml2/ml2_conf.ini"),
      ).toBe("ovn_nb_connection = tcp:10.250.0.11:6641");
    },
  },
  {
    name: "bridge-mapping-missing",
    effect: async () => {
      for (const n of ["ctl1", "net1"]) {
        const m = await nodeOut(
          n,
          "ovs-vsctl --if-exists get open . external_ids:ovn-bridge-mappings",
        );
        if (m.includes("physnet1")) return false;
      }
      // ovn-controller published it to SB: no chassis offers physnet1 any more
      const sb = await nodeOut(
        CTL,
        "ovn-sbctl --timeout=5 --bare --columns=other_config list Chassis",
      );
      return !sb.includes("physnet1");
    },
    effectTimeoutMs: 20_000,
    healed: async () => {
      for (const n of ["ctl1", "net1"]) {
        expect(await nodeOut(n, "ovs-vsctl get open . external_ids:ovn-bridge-mappings")).toBe(
          '"physnet1:br-ex"',
        );
      }
    },
  },
  {
    name: "stray-ovsdb",
    effect: async () => (await unitState(CTL, "ovn-ovsdb-server-nb")) === "failed",
    details: async () => {
      // the stray (outside systemd) holds the DB file and 6641
      const cmd = await nodeOut(CTL, "tr '\\0' ' ' </proc/$(cat /run/ovn/stray_nb.pid)/cmdline");
      expect(cmd).toContain("ovsdb-server");
      expect(cmd).toContain("/var/lib/ovn/ovnnb_db.db");
      expect(cmd).toContain("stray_nb");
      expect(await nodeOut(CTL, "ss -Hltnp | grep ':6641 '")).toContain(
        `pid=${await nodeOut(CTL, "cat /run/ovn/stray_nb.pid")}`,
      );
      expect(await nodeOut(CTL, "journalctl -u ovn-ovsdb-server-nb --no-pager -n 200")).toContain(
        "failed to lock lockfile",
      );
    },
    healed: async () => {
      expect((await nodeExec(CTL, "test -e /run/ovn/stray_nb.pid")).code).not.toBe(0);
    },
  },
  {
    name: "controller-disconnected",
    effect: async () => (await controllerStatus("cmp1")) === "not connected",
    effectTimeoutMs: 45_000,
    details: async () => {
      expect(await nodeOut("cmp1", "nft list table inet ovnslab_fault")).toContain(
        "tcp dport 6642",
      );
      expect(await controllerStatus("net1")).toBe("connected");
    },
    healed: async () => {
      expect((await nodeExec("cmp1", "nft list table inet ovnslab_fault")).code).not.toBe(0);
    },
  },
  {
    name: "chassis-stale",
    effect: async () =>
      (await nodeExec("cmp1", "systemctl is-active -q ovn-controller")).code !== 0,
    details: async () => {
      expect((await nodeExec("cmp1", "pidof ovn-controller")).code).not.toBe(0);
      // SB keeps the row, and cmp1 has not acknowledged the bumped nb_cfg.
      expect(await nodeOut(CTL, "ovn-sbctl --bare --columns=name list Chassis")).toContain("cmp1");
      const own = Number(
        await nodeOut(CTL, "ovn-sbctl --bare --columns=nb_cfg find Chassis_Private name=cmp1"),
      );
      expect(own).toBeLessThan(Number(await nodeOut(CTL, "ovn-sbctl get SB_Global . nb_cfg")));
    },
    healed: async () => {
      expect(await controllerStatus("cmp1")).toBe("connected");
    },
  },
  {
    name: "node-unreachable",
    effect: async () =>
      // (not /sys/class/net: in an nspawn node joined to a netns it shows the host's interfaces)
      (await nodeOut("cmp1", "ip -o link show eth0")).includes("NO-CARRIER"),
    details: async () => {
      expect(await hostOut("ip", ["-br", "link", "show", "ovl-cmp1"])).toMatch(/DOWN/);
      expect((await sshAsOvnscope("10.250.0.21", "true")).code).not.toBe(0);
    },
    healed: async () => {
      expect(await nodeOut("cmp1", "ip -o link show eth0")).not.toContain("NO-CARRIER");
    },
  },
  {
    name: "hostkey-changed",
    effect: async () =>
      (await nodeOut(
        "cmp1",
        "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2",
      )) !== inventoryHostKey("cmp1"),
    details: async () => {
      const r = await sshAsOvnscope("10.250.0.21", "true");
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(
        /host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i,
      );
    },
    healed: async () => {
      expect(
        await nodeOut("cmp1", "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2"),
      ).toBe(inventoryHostKey("cmp1"));
      expect((await sshAsOvnscope("10.250.0.21", "id -un")).stdout.trim()).toBe("ovnscope");
    },
  },
  {
    name: "nb-unix-only",
    effect: async () => !(await listening(CTL, 6641)),
    details: async () => {
      expect(await unitState(CTL, "ovn-ovsdb-server-nb")).toBe("active");
      expect(
        await nodeOut(CTL, "ovn-appctl -t /var/run/ovn/ovnnb_db.ctl ovsdb-server/list-remotes"),
      ).not.toContain("ptcp:");
      expect(await listening(CTL, 6642)).toBe(true);
    },
    healed: async () => {
      expect(await nodeOut(CTL, "grep '^OVN_CTL_OPTS=' /etc/default/ovn-central")).toContain(
        "--db-nb-create-insecure-remote=yes",
      );
    },
  },
  {
    name: "sudo-denied",
    effect: async () => (await nodeExec("cmp1", "test -e /etc/sudoers.d/ovnscope")).code !== 0,
    details: async () => {
      // SSH still logs in; sudo refuses the collect script.
      expect((await sshAsOvnscope("10.250.0.21", "id -un")).stdout.trim()).toBe("ovnscope");
      const r = await sshAsOvnscope("10.250.0.21", "sudo -n /usr/local/libexec/ovnscope/collect");
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain("sudo: a password is required");
    },
    healed: async () => {
      const r = await sshAsOvnscope("10.250.0.21", "sudo -n /usr/local/libexec/ovnscope/collect");
      expect(r.code, r.stderr).toBe(0);
    },
  },
];

describe.sequential("lab faults (checked on the nodes)", () => {
  beforeAll(async () => {
    // start from a healthy lab even if an earlier run was interrupted mid-fault
    await labOk(["ready"]);
  }, 900_000);

  it("lists every fault in --help", async () => {
    const r = await lab(["fault", "--help"]);
    expect(r.code).toBe(0);
    for (const c of cases) expect(r.stdout).toContain(c.name);
  });

  it("rejects an unknown fault", async () => {
    const r = await lab(["fault", "no-such-fault"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("unknown fault");
  });

  for (const c of cases) {
    it(`${c.name}: takes effect on the node, and heal restores health`, async () => {
      await labOk(["fault", c.name], 120_000);
      await eventually(`${c.name} takes effect`, c.effect, c.effectTimeoutMs ?? 30_000);
      if (c.details) await c.details();
      expect((await labStatus()).faults).toContain(c.name);
      const st = await labStatus();
      expect(st.healthy, `status --json sees the lab unhealthy under ${c.name}`).toBe(false);

      await labOk(["heal"], 300_000);
      await expectHealthy();
      if (c.healed) await c.healed();
    }, 420_000);
  }

  it("heal restores health from a mix of faults", async () => {
    for (const f of [
      "incident",
      "bridge-mapping-missing",
      "controller-disconnected",
      "hostkey-changed",
    ]) {
      await labOk(["fault", f], 120_000);
    }
    await eventually(
      "cmp1 disconnected",
      async () => (await controllerStatus("cmp1")) === "not connected",
      45_000,
    );
    await labOk(["heal"], 300_000);
    await expectHealthy();
  }, 600_000);
});
