import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "@/lib/collect/collector";
import { serviceStates } from "@/lib/facts/services";
import type { Snapshot } from "@/lib/model/snapshot";
import { ChangeWatch, FOLLOW_MARGIN_MS } from "@/lib/collect/watch";
import { isCurrent, isStale } from "@/lib/model/current";
import { SshPool } from "@/lib/ssh/pool";
import { labCollector, TEST_POOL } from "../support/lab-collector";
import { loadInventoryFile } from "@/lib/inventory";
import { eventually, labInventoryPath, labOk, nodeExec, nodeOut } from "../support/lab";

// The collector against the real lab: real sshd with pinned host keys, the unprivileged
// ovnscope user, sudo -n of the shipped collect script, real OVN/OVS/Neutron.

let pool: SshPool;
let collector: Collector;

/** node:service → health, the comparison key for "exactly that and nothing more". */
function healthMap(s: Snapshot): Record<string, string> {
  const out: Record<string, string> = {};
  for (const node of s.nodes) {
    out[`${node.name}:reach`] = node.reach;
    for (const svc of serviceStates(node)) out[`${node.name}:${svc.service}`] = svc.health;
  }
  return out;
}

function changed(
  before: Record<string, string>,
  after: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
}

/** A change watch on every lab node that refreshes `c`, once it follows all three. */
async function watchingLab(c: Collector) {
  const watch = new ChangeWatch(loadInventoryFile(labInventoryPath()), pool, (since) =>
    c.refreshSince(since),
  );
  const seen: Seen = [];
  watch.subscribe((snapshot, nodes) => seen.push({ snapshot, nodes }));
  try {
    await eventually("watching every node", async () => watch.watching().length === 3, 15_000, 200);
  } catch (err) {
    watch.stop();
    throw err;
  }
  return { watch, seen };
}

type Seen = { nodes: string[]; snapshot: Snapshot }[];

/** The lab's pool, counting the Neutron API reads it is asked to run. */
class NeutronReadCountingPool extends SshPool {
  neutronReads = 0;
  override exec(...args: Parameters<SshPool["exec"]>): ReturnType<SshPool["exec"]> {
    if (args[1].includes("/neutron-query ")) this.neutronReads++;
    return super.exec(...args);
  }
}

/**
 * Restarts cmp1's ovn-controller and waits for the watch's refresh that names cmp1 (not an
 * earlier one: the monitors' first answers when the watch opened name every node).
 */
async function changeOnCmp1(seen: Seen) {
  const before = Date.now();
  const from = seen.length;
  const naming = () => seen.slice(from).find((s) => s.nodes.includes("cmp1"));
  await nodeExec("cmp1", "systemctl restart ovn-controller");
  await eventually("a change refresh naming cmp1", async () => !!naming(), 15_000, 100);
  return { before, change: naming()! };
}

let healthy: Snapshot;

beforeAll(async () => {
  await labOk(["ready"]);
  pool = new SshPool(TEST_POOL);
  collector = labCollector(pool);
  healthy = await collector.refresh();
});

afterAll(async () => {
  pool?.close();
  await labOk(["heal"]);
});

describe("collector on the lab", () => {
  it("reads a healthy lab: every node, every unit active, NB/SB listening, gateway ACTIVE", async () => {
    const s = healthy;
    expect(s.nodes.map((n) => [n.name, n.reach, n.error])).toEqual(
      s.nodes.map((n) => [n.name, "reachable", null]),
    );
    for (const node of s.nodes) {
      expect(
        serviceStates(node).filter((x) => x.health !== "ok"),
        node.name,
      ).toEqual([]);
      expect(node.data?.meta?.hostname).toBe(node.name);
    }
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
    for (const id of [
      "ovn-ovsdb-server-nb.service",
      "ovn-ovsdb-server-sb.service",
      "ovn-northd.service",
      "neutron-server.service",
    ])
      expect(ctl1.units.find((u) => u.id === id)?.activeState, id).toBe("active");
    const ports = ctl1.listeners.map((l) => l.port);
    expect(ports).toContain(6641);
    expect(ports).toContain(6642);
    expect(ctl1.config?.neutronOvn.nbConnection).toBe("tcp:10.250.0.11:6641");
    expect(ctl1.nb?.routers.length).toBeGreaterThan(0);
    expect(s.neutron.state).toBe("ok");
    expect(s.neutron.gatewayPorts.map((p) => p.status)).toEqual(["ACTIVE"]);
    const cr = ctl1.sb?.portBindings.find(
      (b) => b.logicalPort === `cr-lrp-${s.neutron.gatewayPorts[0]!.id}`,
    );
    expect(cr?.chassis).toBeTruthy();
    for (const n of s.nodes) expect(n.data?.controllerConnection, n.name).toBe("connected");
  });

  it("shares one refresh between concurrent callers and serves a fresh snapshot from cache", async () => {
    const [a, b] = await Promise.all([collector.refresh(), collector.refresh()]);
    expect(a.generation).toBe(b.generation);
    expect((await collector.snapshot(60_000)).generation).toBe(a.generation);
    expect((await collector.refresh()).generation).toBe(a.generation + 1);
  });

  it("keeps one collect --serve per node across refreshes, and starts another when it exits", async () => {
    // The shell running the served script (sudo is its parent, with the same arguments).
    const servers = async () =>
      Object.fromEntries(
        await Promise.all(
          healthy.nodes.map(async (n) => [
            n.name,
            (
              await nodeOut(
                n.name,
                // The served process: python3 on nodes that have it (all lab nodes).
                "pgrep -f '^python3 -I -S /usr/local/libexec/ovnscope/collect-serve.py$' || true",
              )
            )
              .split("\n")
              .filter(Boolean)
              .sort(),
          ]),
        ),
      ) as Record<string, string[]>;
    await collector.refresh();
    const first = await servers();
    for (const n of healthy.nodes) expect(first[n.name]!.length, n.name).toBeGreaterThan(0);
    const again = await collector.refresh();
    expect(await servers()).toEqual(first);
    expect(again.nodes.map((n) => n.reach)).toEqual(healthy.nodes.map(() => "reachable"));
    // Ended on the node (as a node reboot or an admin would): the next refresh still reads every
    // node, through a new one.
    for (const n of healthy.nodes) await nodeOut(n.name, `kill ${first[n.name]!.join(" ")}`);
    const after = await collector.refresh();
    const reread = await collector.refresh();
    for (const s of [after, reread])
      expect(s.nodes.map((n) => [n.name, n.reach, n.error])).toEqual(
        healthy.nodes.map((n) => [n.name, "reachable", null]),
      );
    const second = await servers();
    for (const n of healthy.nodes)
      expect(
        second[n.name]!.some((pid) => first[n.name]!.includes(pid)),
        n.name,
      ).toBe(false);
  });

  it("refreshes at once when a watched unit changes on a node (collect --watch)", async () => {
    const { watch, seen } = await watchingLab(collector);
    try {
      const { before, change } = await changeOnCmp1(seen);
      // The other chassis may be named too: a stopping ovn-controller removes cmp1's Chassis
      // row (ctl1's SB monitor sees it go and come back) and with it their tunnels to cmp1
      // (their OVS monitors see those interfaces go and come back).
      expect(change.nodes).toContain("cmp1");
      expect(Date.parse(change.snapshot.startedAt)).toBeGreaterThanOrEqual(before);
      const unit = change.snapshot.nodes
        .find((n) => n.name === "cmp1")!
        .data!.units.find((u) => u.id === "ovn-controller.service")!;
      // The refresh came after the restart began: the unit is seen stopping, starting or anew.
      expect(
        unit.activeState !== "active" ||
          Date.parse(unit.activeEnterTimestamp ?? "") >= before - 1000,
        JSON.stringify(unit),
      ).toBe(true);
    } finally {
      watch.stop();
      await labOk(["heal"]);
    }
  });

  it("refreshes at once when a chassis' Open vSwitch settings change (the OVS monitors in its collect --watch)", async () => {
    // Nothing else reads the cloud here: no interval, no page. Only the watch can refresh.
    const c = labCollector(pool);
    const { watch, seen } = await watchingLab(c);
    const key = "ovnscope-watch-test";
    const shows = (s: Snapshot, value: string | undefined) =>
      s.nodes.find((n) => n.name === "cmp1")?.data?.ovs?.externalIds[key] === value;
    try {
      // The monitors' first answers (the current rows) make a refresh too; let it pass.
      await new Promise((r) => setTimeout(r, 1500));
      const before = Date.now();
      const value = String(before);
      const set = await nodeExec("cmp1", `ovs-vsctl set open . external_ids:${key}=${value}`);
      expect(set.code, set.stderr).toBe(0);
      await eventually(
        "a change refresh naming cmp1 that shows its new external_ids key",
        async () =>
          seen.some(
            (s) =>
              s.nodes.includes("cmp1") &&
              Date.parse(s.snapshot.startedAt) >= before &&
              shows(s.snapshot, value),
          ),
        5_000,
        100,
      );
      // Only cmp1 had something to say: the setting is its own.
      const after = seen.filter((s) => Date.parse(s.snapshot.startedAt) >= before);
      expect([...new Set(after.flatMap((s) => s.nodes))]).toEqual(["cmp1"]);
    } finally {
      watch.stop();
      await nodeExec("cmp1", `ovs-vsctl remove open . external_ids ${key}`);
    }
  });

  it("refreshes at once when a router's gateway moves (the SB monitor in ctl1's collect --watch)", async () => {
    const lrp = `lrp-${healthy.neutron.gatewayPorts[0]!.id}`;
    const hostOf = (s: Snapshot) => {
      const sb = s.nodes.find((n) => n.name === "ctl1")?.data?.sb;
      const chassis = sb?.portBindings.find((b) => b.logicalPort === `cr-${lrp}`)?.chassis;
      return sb?.chassis.find((c) => c.uuid === chassis)?.name ?? null;
    };
    const candidates = healthy.nodes
      .find((n) => n.name === "ctl1")!
      .data!.nb!.gatewayChassis.filter((g) => g.name.startsWith(`${lrp}_`));
    const from = hostOf(healthy);
    const standby = candidates.find((g) => g.chassisName !== from)!;
    expect(from).not.toBeNull();
    expect(standby).toBeDefined();
    const top = Math.max(...candidates.map((g) => g.priority));
    // Nothing else reads the cloud here: no interval, no page. Only the watch can refresh.
    const c = labCollector(pool);
    const { watch, seen } = await watchingLab(c);
    // On Neutron's own row (lrp-set-gateway-chassis would add a row of its own naming).
    const setPriority = async (row: string, priority: number) => {
      const r = await nodeExec(
        "ctl1",
        `ovn-nbctl set Gateway_Chassis $(ovn-nbctl --bare --columns=_uuid find Gateway_Chassis name=${row}) priority=${priority}`,
      );
      expect(r.code, r.stderr).toBe(0);
    };
    try {
      // The monitors' first answers (the current rows) make a refresh too; let it pass.
      await new Promise((r) => setTimeout(r, 1500));
      const before = Date.now();
      // The standby raised above the active one: northd moves the cr-lrp, its ovn-controller
      // claims it.
      await setPriority(standby.name, top + 1);
      await eventually(
        `a change refresh naming ctl1 that shows the gateway on ${standby.chassisName}`,
        async () =>
          seen.some(
            (s) =>
              s.nodes.includes("ctl1") &&
              Date.parse(s.snapshot.startedAt) >= before &&
              hostOf(s.snapshot) === standby.chassisName,
          ),
        15_000,
        100,
      );
    } finally {
      watch.stop();
      await setPriority(standby.name, standby.priority);
      await eventually(
        `the gateway back on ${from}`,
        async () => hostOf(await c.refresh()) === from,
        30_000,
        500,
      );
    }
  });

  it("keeps a quiet followed node's read until fullReadMs; a change on any node, or a watch stopped, reads every node again", async () => {
    // Journal and Neutron due on every refresh but for the quiet rule (quietEvidenceMs).
    const c = labCollector(pool, {
      fullReadMs: 4000,
      journalEvery: 1,
      neutronEvery: 1,
      quietEvidenceMs: 600_000,
      quietAfterChangeMs: 0,
    });
    const { watch, seen } = await watchingLab(c);
    c.followWith(watch);
    const followed = (s: Snapshot) => s.nodes.filter((n) => n.followed).map((n) => n.name);
    try {
      // The monitors' first answers are lines too (and make a refresh): let them age past the margin.
      await new Promise((r) => setTimeout(r, FOLLOW_MARGIN_MS + 1500));
      const first = await c.refresh();
      expect(followed(first)).toEqual([]);
      const second = await c.refresh();
      expect(followed(second)).toEqual(["ctl1", "net1", "cmp1"]);
      for (const node of second.nodes) {
        const read = first.nodes.find((n) => n.name === node.name)!;
        expect(node.dataCollectedAt).toBe(read.attemptedAt);
        expect(node.data).toBe(read.data);
        expect(Date.parse(node.attemptedAt)).toBeGreaterThanOrEqual(Date.parse(second.startedAt));
        expect(isStale(node)).toBe(false);
        expect(isCurrent(node)).toBe(true);
      }
      // fullReadMs after the read, the consistency read comes whatever the watch says; the
      // journal lines and Neutron's answer, evidence of what did not change, are kept.
      await new Promise((r) => setTimeout(r, 4000));
      const consistency = await c.refresh();
      expect(followed(consistency)).toEqual([]);
      for (const node of consistency.nodes) {
        const read = first.nodes.find((n) => n.name === node.name)!;
        expect(node.dataCollectedAt).not.toBe(read.dataCollectedAt);
        expect(node.data!.journalCollectedAt).toBe(read.data!.journalCollectedAt);
      }
      expect(consistency.neutron.collectedAt).toBe(first.neutron.collectedAt);
      expect(followed(await c.refresh())).toEqual(["ctl1", "net1", "cmp1"]);

      // A change on one node: its refresh reads every node (SB's clients, say, see it too).
      const { before, change: seenChange } = await changeOnCmp1(seen);
      const change = seenChange.snapshot;
      expect(Date.parse(change.startedAt)).toBeGreaterThanOrEqual(before);
      expect(followed(change)).toEqual([]);
      // Not quiet any more: the evidence is due again (Neutron with its own answer, maybe late).
      const cmp1 = change.nodes.find((n) => n.name === "cmp1")!;
      expect(Date.parse(cmp1.data!.journalCollectedAt!)).toBeGreaterThanOrEqual(before);
      await eventually(
        "Neutron read again after the change",
        async () => Date.parse((await c.refresh()).neutron.collectedAt ?? "") >= before,
        15_000,
        200,
      );
    } finally {
      watch.stop();
      await labOk(["heal"]);
    }
    // No watch, nothing vouched for: every node is read.
    expect(followed(await c.refresh())).toEqual([]);
  });

  it("vouches only for a read made quietAfterChangeMs after the last change (here the watch opening)", async () => {
    const c = labCollector(pool, { fullReadMs: 60_000, quietAfterChangeMs: 3000 });
    const { watch } = await watchingLab(c);
    c.followWith(watch);
    const followed = (s: Snapshot) => s.nodes.filter((n) => n.followed).length;
    try {
      await new Promise((r) => setTimeout(r, FOLLOW_MARGIN_MS + 500));
      await c.refresh();
      // Read too soon after the monitors' first lines: not vouched for, read again.
      expect(followed(await c.refresh())).toBe(0);
      await new Promise((r) => setTimeout(r, 3500));
      expect(followed(await c.refresh())).toBe(0); // the first read made after the settling
      expect(followed(await c.refresh())).toBe(3);
    } finally {
      watch.stop();
    }
  });

  it("reads Neutron only when due: kept with its time between reads, re-read when its node changes", async () => {
    const c = labCollector(pool, { neutronEvery: 100 });
    const first = await c.refresh();
    expect(first.neutron.state).toBe("ok");
    const second = await c.refresh();
    expect(second.neutron.collectedAt).toBe(first.neutron.collectedAt);
    await labOk(["fault", "neutron-down"]);
    await c.refresh(); // sees neutron-server's unit change: the next refresh asks Neutron again
    const after = await c.refresh();
    expect(after.neutron.state).toBe("unavailable");
    expect(after.neutron.gatewayPorts).toEqual([]);
    await labOk(["heal"]);
  });

  it("a slow refresh does not hold snapshot(): the last snapshot is served meanwhile", async () => {
    // node-unreachable: the first read of cmp1 after its links went down waits for the pool's
    // timeout (6 s here), so that refresh is slow. Its own pool: the shared one is left alone.
    const ownPool = new SshPool(TEST_POOL);
    try {
      const c = labCollector(ownPool, { slowRefreshMs: 1000 });
      const before = await c.refresh();
      expect(before.nodes.every((n) => n.reach === "reachable")).toBe(true);
      await labOk(["fault", "node-unreachable"]);
      const served = await c.snapshot(0);
      expect(served.generation).toBe(before.generation);
      // The refresh it started went on, and is what the next caller gets.
      const next = await c.refresh();
      expect(next.generation).toBe(before.generation + 1);
      expect(next.nodes.find((n) => n.name === "cmp1")?.reach).toBe("unreachable");
    } finally {
      ownPool.close();
      await labOk(["heal"]);
    }
  });

  it("refreshWith reads journal and Neutron always or never, as a recovery step asks", async () => {
    const c = labCollector(pool);
    const full = await c.refreshWith({ journal: "always", neutron: "always" });
    const at = (s: Snapshot) => s.nodes.map((n) => n.data?.journalCollectedAt);
    expect(full.neutron.state).toBe("ok");
    expect(at(full).every((t) => t !== null && t! >= full.startedAt)).toBe(true);
    // The state only: the last journal and Neutron reads are kept with their own times.
    await labOk(["fault", "neutron-down"]);
    const state = await c.refreshWith({ journal: "never", neutron: "never" });
    expect(state.neutron.collectedAt).toBe(full.neutron.collectedAt);
    expect(state.neutron.state).toBe("ok");
    expect(at(state)).toEqual(at(full));
    const ctl1 = state.nodes.find((n) => n.name === "ctl1")!;
    expect(serviceStates(ctl1).find((s) => s.service === "neutron-server")?.health).toBe("down");
    // Asked for again: both are read, and say what is true now.
    const again = await c.refreshWith({ journal: "always", neutron: "always" });
    expect(again.neutron.state).toBe("unavailable");
    expect(at(again).every((t) => t! >= again.startedAt)).toBe(true);
    await labOk(["heal"]);
  });

  /** The API's SYNs dropped on ctl1, as a hung or overloaded API behaves to its clients. */
  const dropNeutronApi = () =>
    nodeOut(
      "ctl1",
      "nft -f - <<'EOF'\ntable inet ovnslab_fault {\n  chain output {\n    type filter hook output priority 0;\n    tcp dport 9696 drop\n  }\n}\nEOF",
    );
  const restoreNeutronApi = () => nodeOut("ctl1", "nft delete table inet ovnslab_fault");

  it("a Neutron query slower than the pool's timeout leaves its node read: Neutron is unavailable, ctl1 is not unreachable", async () => {
    // neutron-query's curls wait out their 2 s connect timeout, longer than this pool's 1.5 s.
    // Before, that timeout dropped ctl1's connection and ctl1 read as unreachable.
    const shortPool = new SshPool({ ...TEST_POOL, timeoutMs: 1500 });
    await dropNeutronApi();
    try {
      const s = await labCollector(shortPool).refreshWith({ journal: "never", neutron: "always" });
      const ctl1 = s.nodes.find((n) => n.name === "ctl1")!;
      expect(ctl1.reach, ctl1.error ?? "").toBe("reachable");
      expect(s.neutron.state).toBe("unavailable");
      expect(s.neutron.error).toMatch(
        /^cannot read Neutron through ctl1: neutron-query on ctl1 did not finish within \d s \(the node answers; what it waits on is slow\)/,
      );
      await restoreNeutronApi();
      // The connection was kept: the next read is whole, Neutron included (before, the dropped
      // connection made it fail at once while the pool reconnected: ctl1 "unreachable").
      const again = await labCollector(shortPool).refreshWith({
        journal: "never",
        neutron: "always",
      });
      const after = again.nodes.find((n) => n.name === "ctl1")!;
      expect(after.reach, after.error ?? "").toBe("reachable");
      expect(again.neutron.state).toBe("ok");
    } finally {
      await restoreNeutronApi().catch(() => undefined);
      shortPool.close();
    }
  });

  it("a Neutron API that hangs does not hold what the nodes say: the refresh ends without it, its answer comes in a snapshot of its own", async () => {
    const c = labCollector(pool);
    const first = await c.refresh();
    expect(first.neutron.state).toBe("ok");
    const later: Snapshot[] = [];
    const stop = c.onSnapshot((s) => later.push(s));
    await dropNeutronApi();
    try {
      // NB stopped as well: the refresh that reads Neutron again must still show it at once.
      await labOk(["fault", "nb-down"]);
      await c.refresh(); // sees the Neutron node's units change: the next refresh asks Neutron again
      const s = await c.refresh();
      const ctl1 = s.nodes.find((n) => n.name === "ctl1")!;
      expect(serviceStates(ctl1).find((x) => x.service === "nb-db")?.health).toBe("down");
      // Neutron's last answer is kept meanwhile, with the time it was read.
      expect(s.neutron.collectedAt).toBe(first.neutron.collectedAt);
      // The four GETs time out together (curl's 2 s connect timeout), then a snapshot brings it.
      let late: Snapshot | undefined;
      await eventually(
        "Neutron's answer in a snapshot of its own",
        async () =>
          (late = later.find((x) => x.generation > s.generation && x.neutron.state !== "ok")) !==
          undefined,
        15_000,
        100,
      );
      expect(late!.neutron.error).toMatch(/GET \S+: curl: \(28\)/);
      expect(late!.nodes).toEqual(s.nodes);
    } finally {
      stop();
      await restoreNeutronApi().catch(() => undefined);
      await labOk(["heal"]);
    }
  });

  it("an API that times out is left alone for a while, not sent four more GETs every refresh", async () => {
    // Before, every refresh asked an API that did not answer again: on the split layout's
    // 2-worker uWSGI, abandoned GETs queued up until even the lab's own probe could not get in.
    const counting = new NeutronReadCountingPool(TEST_POOL);
    const c = labCollector(counting);
    try {
      expect((await c.refresh()).neutron.state).toBe("ok");
      await dropNeutronApi();
      const s = await c.refreshWith({ journal: "never", neutron: "always" });
      expect(s.neutron.error).toMatch(/GET \S+: curl: \(28\)/);
      const asked = counting.neutronReads;
      // Nothing that decides Neutron's answers changes meanwhile: 6 s of refreshes leave it be.
      for (let i = 0; i < 6; i++) {
        await c.refresh();
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(counting.neutronReads).toBe(asked);
      // Asked again once the first backoff (10 s from that read's end) ran out.
      await eventually(
        "Neutron asked again after the backoff",
        async () => (await c.refresh()) && counting.neutronReads > asked,
        8000,
        500,
      );
      expect(counting.neutronReads).toBe(asked + 1);
    } finally {
      await restoreNeutronApi().catch(() => undefined);
      counting.close();
    }
  });

  it("after nb-down shows the NB database down on ctl1 and nothing else changed", async () => {
    await labOk(["fault", "nb-down"]);
    const s = await collector.refresh();
    const diff = changed(healthMap(healthy), healthMap(s));
    expect(diff["ctl1:nb-db"]).toBe("down");
    // neutron-server may notice the lost NB connection; nothing on other nodes may change.
    expect(
      Object.keys(diff).filter((k) => !["ctl1:nb-db", "ctl1:neutron-server"].includes(k)),
    ).toEqual([]);
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
    expect(ctl1.listeners.map((l) => l.port)).not.toContain(6641);
    expect(ctl1.sections.nb).toEqual({ state: "absent" });
    await labOk(["heal"]);
  });

  it("after node-unreachable marks cmp1 unreachable with its old data stale, within the timeout", async () => {
    await labOk(["fault", "node-unreachable"]);
    const t0 = Date.now();
    const s = await collector.refresh();
    expect(Date.now() - t0).toBeLessThan(TEST_POOL.timeoutMs + 3000);
    const cmp1 = s.nodes.find((n) => n.name === "cmp1")!;
    expect(cmp1.reach).toBe("unreachable");
    expect(cmp1.dataCollectedAt).not.toBe(cmp1.attemptedAt);
    expect(cmp1.data).not.toBeNull();
    expect(serviceStates(cmp1).every((x) => x.health === "stale")).toBe(true);
    const diff = changed(healthMap(healthy), healthMap(s));
    expect(Object.keys(diff).filter((k) => !k.startsWith("cmp1:"))).toEqual([]);
    // While it is down, the next refresh does not wait for it again.
    const t1 = Date.now();
    await collector.refresh();
    expect(Date.now() - t1).toBeLessThan(3000);
    await labOk(["heal"]);
  });

  it("after hostkey-changed refuses cmp1 and says why, and never accepts the new key", async () => {
    await labOk(["fault", "hostkey-changed"]);
    // The held connection was made with the old key; a fresh pool must verify again.
    const fresh = new SshPool(TEST_POOL);
    try {
      const c = labCollector(fresh);
      // sshd restarts with its new key: until it listens again cmp1 is merely unreachable;
      // it must never be read, and it must end up refused.
      let s = await c.refresh();
      await eventually(
        "cmp1 refused",
        async () => {
          s = await c.refresh();
          const reach = s.nodes.find((n) => n.name === "cmp1")!.reach;
          expect(reach).not.toBe("reachable");
          return reach === "refused";
        },
        30_000,
        1000,
      );
      const cmp1 = s.nodes.find((n) => n.name === "cmp1")!;
      expect(cmp1.error).toMatch(
        /^host key mismatch: 10\.250\.0\.21 presented SHA256:\S+, the inventory pins SHA256:/,
      );
      expect(cmp1.data).toBeNull();
      expect(s.nodes.filter((n) => n.name !== "cmp1").map((n) => n.reach)).toEqual([
        "reachable",
        "reachable",
      ]);
      const again = await c.refresh();
      expect(again.nodes.find((n) => n.name === "cmp1")!.reach).toBe("refused");
    } finally {
      fresh.close();
      await labOk(["heal"]);
    }
  });
});
