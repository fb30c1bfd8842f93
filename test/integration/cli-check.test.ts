import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/server";
import { eventually, labInventoryPath, labOk, REPO_ROOT, run } from "../support/lab";

// `ovnscope check` as cron runs it: the real CLI against the real lab, judged by its exit
// status and its output.

const HAZARD = "northd-stops-dbs:ctl1:hazard";
const check = (...args: string[]) =>
  run("node", [path.join(REPO_ROOT, "bin/ovnscope.mjs"), "check", ...args], { timeoutMs: 90_000 });

beforeAll(async () => {
  await labOk(["up"]);
  await labOk(["heal"]);
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
