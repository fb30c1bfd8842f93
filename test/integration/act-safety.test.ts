import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadInventoryFile } from "@/lib/inventory";
import { RecoveryExecutor } from "@/lib/recovery/executor";
import type { RunRecord } from "@/lib/recovery/types";
import { actionCommand } from "@/lib/ssh/command";
import { SshPool } from "@/lib/ssh/pool";
import { openStore } from "@/lib/store";
import { labCollector, TEST_POOL } from "../support/lab-collector";
import {
  eventually,
  labInventoryPath,
  labOk,
  nodeExec,
  nodeOut,
  sshArgs,
  sshAsOvnscope,
  type RunResult,
  unitState,
} from "../support/lab";

// Issue #15 §5/§6: what deploy/libexec/ovnscope/act leaves on a node when its session is
// dropped, when the backup filesystem is small, when two runs meet, and when a unit is masked.
// All against the real lab, as the product runs it: SSH as ovnscope, pinned host keys, sudo -n.

const CTL1 = "10.250.0.11";
const CMP1 = "10.250.0.21";
const ACT = "sudo -n /usr/local/libexec/ovnscope/act";
const DROPIN = "/run/systemd/system/ovn-northd.service.d/zz-ovnscope-safe-restart.conf";
const BACKUP_ROOT = "/var/backups/ovnscope";
const LOCK = "/run/ovnscope/act.lock";
const CONF = "/etc/ovnscope/act.conf";

beforeAll(async () => {
  await labOk(["ready"]);
});

afterAll(async () => {
  await labOk(["heal"]);
});

/**
 * Runs `command` over a real SSH session and drops the connection when `trigger` settles: the
 * client is SIGKILLed, so the node sees the TCP connection go away as when the server dies.
 * Resolves with what the client had received.
 */
function sshDropped(
  address: string,
  command: string,
  trigger: () => Promise<unknown>,
): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn("ssh", sshArgs(address, command), { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    void trigger().finally(() => child.kill("SIGKILL"));
    child.on("close", () => resolve(out));
  });
}

const actProcesses = () =>
  nodeOut("ctl1", "pgrep -f '^(/bin/)?sh /usr/local/libexec/ovnscope/act' || true");

/** The node's ovn-northd: drop-ins, effective ExecStop, DB main PIDs, unit states. */
async function northdState() {
  const out = await nodeOut(
    "ctl1",
    [
      `test -e ${DROPIN} && echo dropin=present || echo dropin=absent`,
      "echo dropins=$(systemctl show -p DropInPaths --value ovn-northd.service)",
      "echo execstop=$(systemctl show -p ExecStop --value ovn-northd.service | sed 's/ ; ignore_errors.*//')",
      "echo jobs=$(systemctl list-jobs --no-legend --no-pager 'ovn-*' | wc -l)",
      "echo nbpid=$(systemctl show -p MainPID --value ovn-ovsdb-server-nb.service)",
      "echo sbpid=$(systemctl show -p MainPID --value ovn-ovsdb-server-sb.service)",
      "echo states=$(systemctl is-active ovn-ovsdb-server-nb ovn-ovsdb-server-sb ovn-northd | tr '\\n' ' ')",
    ].join("; "),
  );
  return Object.fromEntries(
    out.split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1).trim()]),
  ) as Record<"dropin" | "dropins" | "execstop" | "jobs" | "nbpid" | "sbpid" | "states", string>;
}

/** Left consistent: no act running, no safe-restart drop-in, the stock ExecStop, all active. */
async function expectNorthdConsistent(before: { nbpid: string; sbpid: string }, what: string) {
  await eventually(
    `${what}: act has ended on ctl1`,
    async () => (await actProcesses()) === "",
    60_000,
    250,
  );
  let state = await northdState();
  await eventually(
    `${what}: no ovn-* job left and NB/SB/northd active`,
    async () => {
      state = await northdState();
      return state.jobs === "0" && state.states === "active active active";
    },
    30_000,
    250,
  );
  expect(state.dropin, `${what}: ${DROPIN} left behind`).toBe("absent");
  expect(state.dropins, `${what}: effective drop-ins`).not.toMatch(/ovnscope/);
  // Debian's stock ExecStop: the hazard stays visible (the finding is not hidden).
  expect(state.execstop, `${what}: effective ExecStop`).toMatch(/stop_northd --no-monitor/);
  expect(state.execstop).not.toMatch(/--ovn-manage-ovsdb=no/);
  // The safe restart never stopped the databases.
  expect(state.nbpid, `${what}: NB restarted`).toBe(before.nbpid);
  expect(state.sbpid, `${what}: SB restarted`).toBe(before.sbpid);
}

/** Puts ovn-northd back as the lab has it, whatever a failed test left. */
async function restoreNorthd() {
  await nodeExec("ctl1", `rm -f ${DROPIN}; systemctl daemon-reload`);
}

describe("act restart-northd-safely: a dropped session", () => {
  const drops: [string, () => Promise<unknown>][] = [
    // As in the issue: the session dropped 0.4 s into the step.
    ["0.4 s into the step", () => new Promise((r) => setTimeout(r, 400))],
    // Right after the override was written (found by watching for it on the node).
    [
      "as soon as the override drop-in exists",
      () =>
        nodeExec(
          "ctl1",
          `for i in $(seq 500); do test -e ${DROPIN} && exit 0; sleep 0.01; done; exit 1`,
        ),
    ],
  ];
  for (const [when, trigger] of drops) {
    it(`SSH client killed ${when}: no override drop-in remains, ExecStop is the stock one`, async () => {
      const before = await northdState();
      expect(before.states).toBe("active active active");
      try {
        const out = await sshDropped(CTL1, `${ACT} restart-northd-safely`, trigger);
        // Dropped while the step was under way (else the test proves nothing).
        expect(out, "the step finished before the drop").not.toMatch(/nb MainPID/);
        await expectNorthdConsistent(before, `drop ${when}`);
        // The node says what happened, in the journal (nobody was left to read stdout).
        const log = await nodeOut(
          "ctl1",
          "journalctl -q -t ovnscope-act --since '-60 s' --no-pager -o cat | tail -n 20",
        );
        expect(log).toMatch(/removed the safe-restart drop-in/);
      } finally {
        await restoreNorthd();
      }
    });
  }

  // sudo relays a hang-up or a stop to the command; an administrator may send one too.
  for (const sig of ["HUP", "TERM", "INT"]) {
    it(`SIG${sig} to act mid-step: it cleans up first (journal says so), the stock ExecStop is back`, async () => {
      const before = await northdState();
      try {
        const session = sshAsOvnscope(CTL1, `${ACT} restart-northd-safely`);
        const k = await nodeExec(
          "ctl1",
          [
            `for i in $(seq 500); do test -e ${DROPIN} && break; sleep 0.01; done`,
            `pid=$(pgrep -f '^(/bin/)?sh /usr/local/libexec/ovnscope/act restart-northd-safely')`,
            `kill -${sig} $pid && echo "killed $pid"`,
          ].join("; "),
        );
        expect(k.stdout, k.stderr).toMatch(/killed \d+/);
        const r = await session;
        expect(r.code, r.stdout + r.stderr).not.toBe(0);
        await expectNorthdConsistent(before, `SIG${sig}`);
        const log = await nodeOut(
          "ctl1",
          "journalctl -q -t ovnscope-act --since '-30 s' --no-pager -o cat | tail -n 5",
        );
        expect(log).toMatch(new RegExp(`got SIG${sig} .*cleaning up`));
        expect(log).toMatch(/removed the safe-restart drop-in/);
      } finally {
        await restoreNorthd();
      }
    });
  }

  it("ovnscope's own SSH pool times the step out (channel closed, connection dropped): same result", async () => {
    const inventory = loadInventoryFile(labInventoryPath());
    const ctl1 = inventory.nodes.find((n) => n.name === "ctl1")!;
    const pool = new SshPool(TEST_POOL);
    const before = await northdState();
    try {
      // A first command opens the held connection, so the timeout below is all run time.
      const warm = await pool.exec(
        ctl1,
        actionCommand({ verb: "start", unit: "ovn-northd.service" }),
      );
      expect(warm.code, warm.stderr).toBe(0);
      await expect(
        // Well inside the action's run (two daemon-reloads and a restart, ~0.4-0.7 s here): at
        // 400 ms it once finished first.
        pool.exec(ctl1, actionCommand({ verb: "restart-northd-safely" }), { timeoutMs: 150 }),
      ).rejects.toThrow(/did not answer/);
      await expectNorthdConsistent(before, "pool timeout");
    } finally {
      pool.close();
      await restoreNorthd();
    }
  });
});

describe("act takes a node lock", () => {
  it("a second run while one holds the lock waits, then refuses with a clear message", async () => {
    const holder = await nodeOut(
      "ctl1",
      // -o: sleep does not inherit the lock; killing flock (by its pid) releases it.
      `mkdir -p /run/ovnscope && (flock -o ${LOCK} sleep 40 >/dev/null 2>&1 & echo $!)`,
    );
    expect(holder).toMatch(/^\d+$/);
    try {
      const r = await sshAsOvnscope(CTL1, `${ACT} start ovn-northd.service`);
      expect(r.code, r.stdout + r.stderr).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/waiting for this node's act lock/);
      expect(r.stderr).toMatch(/refused: another act run holds this node's lock/);
      expect(r.ms).toBeGreaterThan(9_000);
    } finally {
      await nodeExec(
        "ctl1",
        `kill $(cat /proc/${holder}/task/${holder}/children 2>/dev/null) ${holder} 2>/dev/null; true`,
      );
    }
  });

  it("two concurrent restart-northd-safely runs do not interleave: one waits, both succeed, no drop-in, NB/SB untouched", async () => {
    const before = await northdState();
    try {
      const [a, b] = await Promise.all([
        sshAsOvnscope(CTL1, `${ACT} restart-northd-safely`),
        sshAsOvnscope(CTL1, `${ACT} restart-northd-safely`),
      ]);
      expect(a.code, a.stdout + a.stderr).toBe(0);
      expect(b.code, b.stdout + b.stderr).toBe(0);
      const waited = [a, b].filter((r) => /waiting for this node's act lock/.test(r.stdout));
      expect(waited.length, `${a.stdout}\n---\n${b.stdout}`).toBe(1);
      await expectNorthdConsistent(before, "two concurrent runs");
    } finally {
      await restoreNorthd();
    }
  });
});

/** Mounts a tmpfs of `size` over the backup directory on ctl1 for `body`, always unmounted. */
async function withSmallBackupFs<T>(size: string, body: () => Promise<T>): Promise<T> {
  const m = await nodeExec(
    "ctl1",
    `install -d -m 0700 ${BACKUP_ROOT} && mount -t tmpfs -o size=${size},mode=0700 ovnscope-test ${BACKUP_ROOT}`,
  );
  expect(m.code, m.stderr).toBe(0);
  try {
    return await body();
  } finally {
    const u = await nodeExec("ctl1", `umount ${BACKUP_ROOT}`);
    expect(u.code, u.stderr).toBe(0);
  }
}

describe("act backup-ovn-dbs", () => {
  it("a 64 KiB filesystem under the backup directory: refused up front naming free space; no partial file, not filled", async () => {
    await withSmallBackupFs("64k", async () => {
      const r = await sshAsOvnscope(CTL1, `${ACT} backup-ovn-dbs`);
      expect(r.code, r.stdout + r.stderr).not.toBe(0);
      expect(r.stderr).toMatch(/refused: not enough free space/);
      expect(r.stderr).toMatch(/KiB/);
      expect(await nodeOut("ctl1", `find ${BACKUP_ROOT} -mindepth 1`)).toBe("");
      const used = await nodeOut("ctl1", `df -Pk ${BACKUP_ROOT} | awk 'NR==2 {print $3}'`);
      expect(Number(used)).toBe(0);
    });
  });

  it("keeps the last keep_backups (from /etc/ovnscope/act.conf) of its own backups, and nothing else matches", async () => {
    const hadConf = (await nodeOut("ctl1", `test -e ${CONF} && echo yes || echo no`)) === "yes";
    expect(hadConf, `${CONF} exists on ctl1 already`).toBe(false);
    await withSmallBackupFs("64m", async () => {
      try {
        await nodeOut(
          "ctl1",
          [
            `install -d -m 0755 /etc/ovnscope`,
            `printf '# test\\nkeep_backups=2\\n' > ${CONF}`,
            `chmod 0644 ${CONF}`,
            `cd ${BACKUP_ROOT}`,
            // Not ovnscope's: no marker, a plain file, a symlink to the live DB directory, a
            // name outside the pattern, and a marked directory holding a file act never writes.
            `mkdir ovn-20000101T000000Z && echo x > ovn-20000101T000000Z/ovnnb_db.db`,
            `echo x > ovn-20000101T000001Z`,
            `ln -s /var/lib/ovn ovn-20000101T000002Z`,
            `mkdir ovn-manual && touch ovn-manual/.ovnscope-backup`,
            `mkdir ovn-20000101T000003Z && touch ovn-20000101T000003Z/.ovnscope-backup ovn-20000101T000003Z/keep-me`,
            // An old backup of ovnscope's own: pruned.
            `mkdir ovn-20000101T000004Z && touch ovn-20000101T000004Z/.ovnscope-backup ovn-20000101T000004Z/ovnnb_db.db ovn-20000101T000004Z/ovnsb_db.db`,
          ].join(" && "),
        );
        const dirs: string[] = [];
        for (let i = 0; i < 3; i++) {
          const r = await sshAsOvnscope(CTL1, `${ACT} backup-ovn-dbs`);
          expect(r.code, r.stdout + r.stderr).toBe(0);
          dirs.push(/^backup-dir (\S+)$/m.exec(r.stdout)![1]!);
          if (i === 2) expect(r.stdout).toMatch(/^pruned .*ovn-\d{8}T\d{6}Z/m);
        }
        const left = (await nodeOut("ctl1", `cd ${BACKUP_ROOT} && ls -A1`)).split("\n");
        expect(left.sort()).toEqual(
          [
            "ovn-20000101T000000Z",
            "ovn-20000101T000001Z",
            "ovn-20000101T000002Z",
            "ovn-20000101T000003Z",
            "ovn-manual",
            ...dirs.slice(1).map((d) => path.basename(d)),
          ].sort(),
        );
        expect(await nodeOut("ctl1", `ls -A ${BACKUP_ROOT}/ovn-20000101T000003Z | sort`)).toBe(
          ".ovnscope-backup\nkeep-me",
        );
        expect(await nodeOut("ctl1", "ls /var/lib/ovn/ovnnb_db.db /var/lib/ovn/ovnsb_db.db")).toBe(
          "/var/lib/ovn/ovnnb_db.db\n/var/lib/ovn/ovnsb_db.db",
        );
      } finally {
        await nodeExec("ctl1", `rm -f ${CONF}; rmdir /etc/ovnscope 2>/dev/null; true`);
      }
    });
  });

  it("falling back from ovsdb-client backup to a file copy is said, with the reason, in the step output and the audit", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ovnscope-act-safety-"));
    const store = await openStore({ kind: "sqlite", file: path.join(dataDir, "ovnscope.db") });
    const pool = new SshPool(TEST_POOL);
    try {
      await labOk(["fault", "sb-down"]);
      const executor = new RecoveryExecutor({
        inventory: loadInventoryFile(labInventoryPath()),
        pool,
        collector: labCollector(pool),
        store,
        maxStepTimeoutMs: 45_000,
      });
      const started = await executor.start({
        runbook: "recover-ovn-central",
        target: null,
        operator: "test",
        confirm: "lab",
      });
      if (!started.started) throw new Error("run refused");
      let run: RunRecord | null = null;
      await eventually(
        "run to end",
        async () => (run = await executor.get(started.run.id))?.status !== "running",
        300_000,
        500,
      );
      const backup = run!.steps.find((s) => s.stepId === "backup-dbs")!;
      expect(backup.status, backup.fact ?? "").toBe("succeeded");
      const fallback = /^fallback sb: .*$/m;
      expect(backup.output).toMatch(fallback);
      // The reason: here the server is stopped, so its socket is gone.
      expect(backup.output).toMatch(
        /^fallback sb: no server socket \/var\/run\/ovn\/ovnsb_db\.sock \(the server is not running\); copied the file \/var\/lib\/ovn\/ovnsb_db\.db instead$/m,
      );
      expect(backup.output).toMatch(
        /^backup sb \S+ schema=OVN_Southbound .* via cp -p \S+ \(fallback\)$/m,
      );
      const audited = (await store.audit.query({ event: "recovery.step" })).find(
        (e) => e.detail?.step === backup.key,
      );
      expect(String(audited?.detail?.output)).toMatch(fallback);
    } finally {
      pool.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
      await labOk(["heal"]);
    }
  });
});

describe("act start|restart on a masked unit", () => {
  it("start: refused, names the mask, does not try", async () => {
    try {
      await nodeOut("ctl1", "systemctl mask --now ovn-ovsdb-server-sb");
      const r: RunResult = await sshAsOvnscope(CTL1, `${ACT} start ovn-ovsdb-server-sb.service`);
      expect(r.code, r.stdout + r.stderr).not.toBe(0);
      expect(r.stderr).toMatch(
        /refused: ovn-ovsdb-server-sb\.service is masked \(an administrator's decision; unmask it first\)/,
      );
      // It did not try: systemctl's own "Failed to start … is masked" never appears.
      expect(r.stderr).not.toMatch(/Failed to start/);
      expect(await unitState("ctl1", "ovn-ovsdb-server-sb")).toBe("inactive");
    } finally {
      await nodeExec(
        "ctl1",
        "systemctl unmask ovn-ovsdb-server-sb; systemctl start ovn-ovsdb-server-sb",
      );
      await labOk(["heal"]);
    }
  });

  it("restart: refused, names the mask, the running unit is left alone", async () => {
    const pid = await nodeOut("cmp1", "systemctl show -p MainPID --value ovn-controller");
    try {
      await nodeOut("cmp1", "systemctl mask --runtime ovn-controller");
      const r = await sshAsOvnscope(CMP1, `${ACT} restart ovn-controller.service`);
      expect(r.code, r.stdout + r.stderr).not.toBe(0);
      expect(r.stderr).toMatch(/refused: ovn-controller\.service is masked/);
      expect(r.stderr).not.toMatch(/Failed to restart/);
      expect(await nodeOut("cmp1", "systemctl show -p MainPID --value ovn-controller")).toBe(pid);
    } finally {
      await nodeExec("cmp1", "systemctl unmask --runtime ovn-controller");
    }
  });
});
