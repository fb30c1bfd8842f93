/**
 * deploy/ansible/install-node-side.yml on the lab (issue #21): the playbook operators run to
 * install ovnscope's node side, run as `lab up` and `heal` run it (`lab node-side`: over SSH
 * as the lab's admin account with sudo, host keys checked against the lab's pins).
 * Needs root and the lab; leaves the lab as it found it (installed).
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { loadInventoryFile } from "@/lib/inventory";
import {
  LAB_STATE,
  REPO_ROOT,
  labInventoryPath,
  labNodes,
  labOk,
  nodeOut,
  sshAsOvnscope,
} from "../support/lab";

interface Recap {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
}

/** PLAY RECAP lines of ansible-playbook's output, per host. */
function recap(stdout: string): Record<string, Recap> {
  const out: Record<string, Recap> = {};
  const at = stdout.lastIndexOf("PLAY RECAP");
  expect(at, stdout).toBeGreaterThanOrEqual(0);
  for (const line of stdout.slice(at).split("\n").slice(1)) {
    const [, host, counts] = /^(\S+)\s*:\s*(.*)$/.exec(line) ?? [];
    if (!host || !counts) continue;
    const kv: Record<string, number> = {};
    for (const [, k, v] of counts.matchAll(/(\w+)=(\d+)/g)) kv[k!] = Number(v);
    out[host] = {
      ok: kv.ok ?? NaN,
      changed: kv.changed ?? NaN,
      unreachable: kv.unreachable ?? NaN,
      failed: kv.failed ?? NaN,
    };
  }
  return out;
}

async function playbook(): Promise<Record<string, Recap>> {
  const r = await labOk(["node-side"], 120_000);
  console.log(`lab node-side: ${r.ms} ms`);
  const rc = recap(r.stdout);
  expect(Object.keys(rc).sort()).toEqual(labNodes().sort());
  for (const [host, x] of Object.entries(rc)) {
    expect(x.failed + x.unreachable, `${host}\n${r.stdout}`).toBe(0);
  }
  return rc;
}

const changed = (rc: Record<string, Recap>) =>
  Object.fromEntries(Object.entries(rc).map(([h, x]) => [h, x.changed]));
const zero = () => Object.fromEntries(labNodes().map((n) => [n, 0]));
const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

describe.sequential("deploy/ansible install-node-side.yml on the lab", () => {
  beforeAll(async () => {
    await labOk(["up"]); // runs the playbook on every node already
  }, 900_000);

  it("repairs what was taken away on a node, then a second run changes nothing", async () => {
    // cmp1 as a configuration-management run that owns these paths might leave it: no sudoers
    // snippet (the sudo-denied fault), a script gone, another one altered, no authorized_keys.
    await nodeOut(
      "cmp1",
      [
        "rm -f /etc/sudoers.d/ovnscope /usr/local/libexec/ovnscope/neutron-options",
        "echo '# altered' >>/usr/local/libexec/ovnscope/collect-journal",
        "rm -f /home/ovnscope/.ssh/authorized_keys",
      ].join("; "),
    );
    expect((await sshAsOvnscope("10.250.0.21", "true")).code).not.toBe(0);

    const first = await playbook();
    expect(first.cmp1?.changed).toBeGreaterThanOrEqual(3);
    const r = await sshAsOvnscope("10.250.0.21", "sudo -n -l");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("/usr/local/libexec/ovnscope/collect --serve");

    expect(changed(await playbook())).toEqual(zero());
  });

  it("installs exactly deploy/'s files: scripts 0755 root, sudoers 0440 root, ovnscope's key", async () => {
    const src = path.join(REPO_ROOT, "deploy/libexec/ovnscope");
    const want = readdirSync(src)
      .sort()
      .map((f) => `${sha256(readFileSync(path.join(src, f)))} 755 root:root ${f}`);
    const sudoers = sha256(readFileSync(path.join(REPO_ROOT, "deploy/sudoers.d/ovnscope")));
    const key = sha256(readFileSync(path.join(LAB_STATE, "ssh/id_ed25519.pub")));
    for (const n of labNodes()) {
      const files = await nodeOut(
        n,
        `cd /usr/local/libexec/ovnscope && for f in ${readdirSync(src).sort().join(" ")}; do
           echo "$(sha256sum <"$f" | cut -d' ' -f1) $(stat -c '%a %U:%G' "$f") $f"; done`,
      );
      expect(files.split("\n"), n).toEqual(want);
      expect(
        await nodeOut(
          n,
          "stat -c '%a %U:%G' /etc/sudoers.d/ovnscope; sha256sum </etc/sudoers.d/ovnscope | cut -d' ' -f1",
        ),
        n,
      ).toBe(`440 root:root\n${sudoers}`);
      expect(
        await nodeOut(
          n,
          "stat -c '%a %U' ~ovnscope/.ssh/authorized_keys; sha256sum <~ovnscope/.ssh/authorized_keys | cut -d' ' -f1; id -nG ovnscope",
        ),
        n,
      ).toMatch(new RegExp(`^600 ovnscope\\n${key}\\n.*\\bsystemd-journal\\b`));
    }
  });

  it("reports each node's host-key fingerprints, computed on the node, equal to the inventory's pins", async () => {
    const report = YAML.parse(readFileSync(path.join(LAB_STATE, "ansible/hostkeys.yaml"), "utf8"));
    const inv = loadInventoryFile(labInventoryPath());
    expect(Object.keys(report).sort()).toEqual(inv.nodes.map((n) => n.name).sort());
    for (const node of inv.nodes) {
      const onNode = await nodeOut(
        node.name,
        "for f in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -lf $f | cut -d' ' -f2; done",
      );
      expect(report[node.name].hostKey, node.name).toEqual(onNode.split("\n"));
      expect(report[node.name].hostKey, node.name).toEqual(node.hostKeys);
      expect(report[node.name].address).toBe(node.address);
      expect(report[node.name].pins).toBe("pinned");
    }
  });
});
