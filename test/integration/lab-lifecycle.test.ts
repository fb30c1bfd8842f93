/**
 * Lab lifecycle: `up` twice is idempotent, `down` leaves nothing behind (netns, links,
 * mounts, processes), `up` again from the cached base (warm) is fast and healthy.
 * Ends with the lab up. Needs root. Never run in parallel with another file driving the lab.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import {
  LAB_STATE,
  hostOut,
  labInventoryPath,
  labNodes,
  labOk,
  labStatus,
  nodePid1,
  nspawnPid,
  sshAsOvnscope,
} from "../support/lab";

interface Snapshot {
  nspawn: Record<string, number | undefined>;
  pid1: Record<string, number>;
  inventory: string;
  knownHosts: string;
  mounts: string[];
}

function labMounts(): string[] {
  return readFileSync("/proc/mounts", "utf8")
    .split("\n")
    .filter((l) => l.includes(LAB_STATE))
    .sort();
}

function snapshot(): Snapshot {
  const nodes = labNodes();
  return {
    nspawn: Object.fromEntries(nodes.map((n) => [n, nspawnPid(n)])),
    pid1: Object.fromEntries(nodes.map((n) => [n, nodePid1(n)])),
    inventory: readFileSync(labInventoryPath(), "utf8"),
    knownHosts: readFileSync(path.join(LAB_STATE, "ssh/known_hosts"), "utf8"),
    mounts: labMounts(),
  };
}

describe.sequential("lab lifecycle", () => {
  let before: Snapshot;

  beforeAll(async () => {
    await labOk(["ready"]);
    before = snapshot();
  }, 900_000);

  it("writes an inventory with every node, pinned host keys and the noauth Neutron endpoint", () => {
    const inv = before.inventory;
    expect(inv).toMatch(/cloud:\n\s+name: lab/);
    expect(inv).toContain("user: ovnscope");
    expect(inv).toContain(`keyFile: ${LAB_STATE}/ssh/id_ed25519`);
    expect(inv).toContain("endpoint: http://10.250.0.11:9696");
    for (const n of labNodes()) expect(inv).toContain(`- name: ${n}`);
    expect(inv.match(/hostKey: "SHA256:[A-Za-z0-9+/]{43}"/g)?.length).toBe(labNodes().length);
  });

  it("lets ovnscope in over SSH with the pinned key, as an unprivileged user", async () => {
    const r = await sshAsOvnscope("10.250.0.11", "id -un; id -u; id -Gn");
    expect(r.code, r.stderr).toBe(0);
    const [user, uid, groups] = r.stdout.trim().split("\n");
    expect(user).toBe("ovnscope");
    expect(Number(uid)).toBeGreaterThan(0);
    expect(groups).toContain("systemd-journal");
  });

  it("up on a running lab is idempotent (same processes, same inventory)", async () => {
    const r = await labOk(["up"]);
    // Bounds here catch a hang, not speed (speed is for benchmarks): the figure is printed.
    console.log(`lab up on a running lab: ${r.ms} ms`);
    expect(r.ms).toBeLessThan(180_000);
    const after = snapshot();
    expect(after.nspawn).toEqual(before.nspawn);
    expect(after.pid1).toEqual(before.pid1);
    expect(after.inventory).toBe(before.inventory);
    expect(after.knownHosts).toBe(before.knownHosts);
    expect(after.mounts).toEqual(before.mounts);
  }, 300_000);

  it("down leaves no netns, links, mounts or processes behind, and keeps the base cache", async () => {
    const pids = [...Object.values(before.nspawn), ...Object.values(before.pid1)].filter(
      (p): p is number => !!p,
    );
    const r = await labOk(["down"], 120_000);
    console.log(`lab down: ${r.ms} ms`);
    expect(r.ms).toBeLessThan(60_000);
    expect(
      (await hostOut("ip", ["netns", "list"])).split("\n").filter((l) => l.startsWith("ovnslab-")),
    ).toEqual([]);
    expect(await hostOut("ip", ["-br", "link"])).not.toMatch(/^(ovnslab0|ovl-|ovt-)/m);
    expect(labMounts()).toEqual([]);
    for (const p of pids) expect(existsSync(`/proc/${p}`), `process ${p} still alive`).toBe(false);
    expect(existsSync(path.join(LAB_STATE, "nodes"))).toBe(false);
    expect(existsSync(labInventoryPath())).toBe(false);
    const bases = readdirSync(path.join(LAB_STATE, "base"));
    expect(bases.some((b) => existsSync(path.join(LAB_STATE, "base", b, "complete")))).toBe(true);
  }, 180_000);

  it("up again from the cached base (warm) is healthy", async () => {
    const r = await labOk(["up"]);
    console.log(`lab up from the cached base: ${r.ms} ms`);
    expect(r.ms, "a hang, not a speed target").toBeLessThan(300_000);
    const st = await labStatus();
    expect(st.problems).toEqual([]);
    expect(st.healthy).toBe(true);
    expect(st.neutron.gatewayPort).toBe("ACTIVE");
  }, 600_000);
});
