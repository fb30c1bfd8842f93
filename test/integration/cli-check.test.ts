import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HistoryRecorder } from "@/lib/history/recorder";
import type { HistoryKind } from "@/lib/history/types";
import { loadInventoryFile } from "@/lib/inventory";
import { SshPool } from "@/lib/ssh/pool";
import { openStore, type Store } from "@/lib/store";
import { freePort } from "../support/server";
import { eventually, LAB_API, labInventoryPath, labOk, REPO_ROOT, run } from "../support/lab";
import { labCollector, TEST_POOL } from "../support/lab-collector";

// `ovnscope check` as cron runs it: the real CLI against the real lab, judged by its exit
// status and its output.

const HAZARD = "northd-stops-dbs:ctl1:hazard";
const check = (...args: string[]) =>
  run("node", [path.join(REPO_ROOT, "bin/ovnscope.mjs"), "check", ...args], { timeoutMs: 90_000 });
/** The CLI with the store where a server keeps it (OVNSCOPE_DATA_DIR). */
const checkWithStore = (dataDir: string, ...args: string[]) =>
  run(
    "env",
    [
      `OVNSCOPE_DATA_DIR=${dataDir}`,
      "node",
      path.join(REPO_ROOT, "bin/ovnscope.mjs"),
      "check",
      ...args,
    ],
    { timeoutMs: 90_000 },
  );

beforeAll(async () => {
  await labOk(["ready"]);
});

afterAll(async () => {
  await labOk(["heal"]);
});

describe("ovnscope check", () => {
  it("healthy lab: exit 1 for the stock unit's restart hazard alone; 0 once it is accepted", async () => {
    const plain = await check("--inventory", labInventoryPath());
    expect(plain.code, plain.stderr).toBe(1);
    expect(plain.stdout).toMatch(/^cloud lab: 3 nodes read at /);
    expect(plain.stdout).toContain(`[${HAZARD}]`);

    const accepted = await check("--inventory", labInventoryPath(), "--json", "--accept", HAZARD);
    expect(accepted.code, accepted.stderr).toBe(0);
    const out = JSON.parse(accepted.stdout) as {
      exitCode: number;
      findings: { id: string }[];
      accepted: { id: string }[];
      snapshot: { nodes: { name: string; reach: string }[] };
    };
    expect(out.exitCode).toBe(0);
    expect(out.findings).toEqual([]);
    expect(out.accepted.map((f) => f.id)).toEqual([HAZARD]);
    expect(out.snapshot.nodes.map((n) => `${n.name} ${n.reach}`)).toEqual([
      "ctl1 reachable",
      "net1 reachable",
      "cmp1 reachable",
    ]);
  });

  it("--json gives each finding's text beside its keys, in --lang en (default) or ko", async () => {
    type Out = {
      lang: string;
      findings: { id: string; title: { key: string }; text: { title: string; action: string } }[];
    };
    const plain = await check("--inventory", labInventoryPath(), "--json");
    const ko = await check("--inventory", labInventoryPath(), "--json", "--lang", "ko");
    expect(plain.code, plain.stderr).toBe(1);
    expect(ko.code, ko.stderr).toBe(1);
    const [en, kr] = [JSON.parse(plain.stdout) as Out, JSON.parse(ko.stdout) as Out];
    expect([en.lang, kr.lang]).toEqual(["en", "ko"]);
    const hazard = (o: Out) => o.findings.find((f) => f.id === HAZARD)!;
    expect(hazard(en).title.key).toBe(hazard(kr).title.key);
    expect(hazard(en).text.title).toMatch(/ovn-northd/);
    expect(hazard(en).text.title).not.toMatch(/[\uac00-\ud7a3]/);
    expect(hazard(kr).text.title).toMatch(/[\uac00-\ud7a3]/); // Hangul
    expect(hazard(kr).text.action).toMatch(/[\uac00-\ud7a3]/);
  });

  it("nb-down: exit 2 even with the hazard accepted, NB down on ctl1 in the report", async () => {
    await labOk(["fault", "nb-down"]);
    let last = { code: -1, stdout: "", stderr: "", ms: 0 };
    await eventually(
      "check reports NB down",
      async () => {
        last = await check("--inventory", labInventoryPath(), "--accept", HAZARD);
        return last.code === 2 && last.stdout.includes("[service:ctl1:nb-db]");
      },
      60_000,
      2000,
    );
    expect(last.stdout).toMatch(/^CRITICAL /m);
    expect(last.stdout).toContain("ovn-ovsdb-server-nb.service: inactive");
    await labOk(["heal"]);
  });

  it("exit 3 when it cannot check: no node readable, no inventory, a bad argument", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "inv-cli-"));
    const file = path.join(dir, "inventory.yaml");
    writeFileSync(
      file,
      `cloud: {name: closed}
defaults: {user: ovnscope, keyFile: /nonexistent/id_ed25519, port: ${await freePort()}}
nodes:
  - {name: ctl1, address: 127.0.0.1, roles: [controller], hostKey: "SHA256:${"A".repeat(43)}"}
`,
    );
    const closed = await check("--inventory", file);
    expect(closed.code).toBe(3);
    expect(closed.stdout).toContain("no node could be read");

    const missing = await check("--inventory", path.join(dir, "absent.yaml"));
    expect(missing.code).toBe(3);
    expect(missing.stdout).toContain("absent.yaml");

    const bad = await check("--inventory", file, "--accept", "$(reboot)");
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("--accept takes a finding id");

    const lang = await check("--inventory", file, "--json", "--lang", "fr");
    expect(lang.code).toBe(3);
    expect(lang.stdout).toBe("");
    expect(lang.stderr).toContain('--lang takes en or ko, not "fr"');
  });
});

describe("ovnscope check --since", () => {
  // History as the server records it: the recorder on the lab's own collector, into a SQLite
  // store in a data directory of its own, while the lab breaks (nb-down) and is healed.
  const NB = "service:ctl1:nb-db";
  let dataDir: string;
  let store: Store;
  let pool: SshPool;
  let recorder: HistoryRecorder;
  const cloud = () => loadInventoryFile(labInventoryPath()).cloud.name;
  const recorded = async (kind: HistoryKind, subject: string) =>
    (
      await store.history.query(cloud(), {
        from: Date.now() - 3_600_000,
        to: Date.now() + 1000,
        subject,
        kinds: [kind],
      })
    ).events.length > 0;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ovnscope-since-"));
    store = await openStore({ kind: "sqlite", file: path.join(dataDir, "ovnscope.db") });
    pool = new SshPool(TEST_POOL);
    const config = { enabled: true, retentionMs: 86_400_000, maxEvents: 100_000 };
    recorder = new HistoryRecorder(cloud(), store, labCollector(pool), config, 2000, () => {});
    recorder.start();
    await eventually("a first state recorded", async () => !!(await store.history.state(cloud())));
    await labOk(["fault", "nb-down"]);
    await eventually("NB down recorded", () => recorded("finding.opened", NB), 60_000);
    await labOk(["heal"]);
    await eventually("NB back recorded", () => recorded("finding.closed", NB), 60_000);
    await recorder.stop(); // waits for what it was recording, hands its lock back
    // The check below must find the cloud healthy. Heal's API probe can answer while a
    // worker is still reconnecting to NB, whose OVN-backed reads (GET routers, the check's)
    // then hang for seconds (CI saw one time out 9 s after heal).
    await eventually(
      "Neutron answers GET routers",
      async () => (await run("curl", ["-sf", "-m", "5", `${LAB_API}/v2.0/routers`])).code === 0,
      90_000,
      1000,
    );
  });

  afterAll(async () => {
    await recorder?.stop();
    pool?.close();
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("text: the check as before, then NB's finding opened and closed and its unit's changes", async () => {
    const r = await checkWithStore(
      dataDir,
      "--inventory",
      labInventoryPath(),
      "--accept",
      HAZARD,
      "--since",
      "30m",
    );
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const [now, since] = r.stdout.split(/\n\n(?=since )/);
    expect(now).toMatch(/^cloud lab: 3 nodes read at /);
    expect(since).toMatch(
      /^since \S+Z \(30m\): [1-9]\d* opened \(\d+ still open\), [1-9]\d* closed, /,
    );
    const opened = new RegExp(`^  (\\S+)  OPENED    CRITICAL .+  \\[${NB}\\]$`, "m").exec(since!);
    const closed = new RegExp(
      `^  (\\S+)  CLOSED    CRITICAL .+  \\[${NB}\\]  \\(open \\d+[ms]`,
      "m",
    ).exec(since!);
    expect(opened, since).not.toBeNull();
    expect(closed, since).not.toBeNull();
    expect(Date.parse(closed![1]!)).toBeGreaterThan(Date.parse(opened![1]!));
    expect(since).toMatch(/^  \S+  unit      ctl1\/nb-db: active \(running\) → /m);
    console.log(since);
  });

  it("--json --lang ko: the check's JSON with since: the events, their titles in Korean, the counts", async () => {
    const r = await checkWithStore(
      dataDir,
      "--inventory",
      labInventoryPath(),
      "--accept",
      HAZARD,
      "--json",
      "--lang",
      "ko",
      "--since=1h",
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      exitCode: number;
      findings: unknown[];
      since: {
        window: string;
        error: string | null;
        summary: { opened: number; closed: number; stillOpen: number };
        events: { kind: string; subject: string; at: number; text: { title: string | null } }[];
      };
    };
    expect(out.exitCode).toBe(0);
    expect(out.findings).toEqual([]);
    expect(out.since).toMatchObject({ window: "1h", error: null });
    const nb = out.since.events.filter((e) => e.subject === NB).map((e) => e.kind);
    expect(nb).toEqual(["finding.opened", "finding.closed"]);
    for (const e of out.since.events.filter((e) => e.subject === NB))
      expect(e.text.title).toMatch(/[\uac00-\ud7a3]/);
    expect(out.since.summary.closed).toBeGreaterThan(0);
  });

  it("a bad duration is exit 3 before anything is read or written; no store is exit 3 and creates none", async () => {
    const db = path.join(dataDir, "ovnscope.db");
    const before = statSync(db);
    for (const bad of ["30", "30x", "0m", "45d"]) {
      const r = await checkWithStore(dataDir, "--inventory", labInventoryPath(), "--since", bad);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`--since takes a duration such as 30m, 2h or 1d`);
      expect(r.stderr).toContain(`not "${bad}"`);
    }
    const after = statSync(db);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);

    const empty = mkdtempSync(path.join(tmpdir(), "ovnscope-since-none-"));
    const r = await checkWithStore(
      empty,
      "--inventory",
      labInventoryPath(),
      "--accept",
      HAZARD,
      "--since",
      "30m",
    );
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^cloud lab: 3 nodes read at /);
    expect(r.stdout).toContain(
      `ovnscope: no history: no store at ${path.join(empty, "ovnscope.db")}`,
    );
    expect(existsSync(path.join(empty, "ovnscope.db"))).toBe(false);
    rmSync(empty, { recursive: true, force: true });
  });
});
