import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Collector } from "@/lib/collect/collector";
import { readNodeOutput } from "@/lib/collect/read-output";
import { loadInventoryFile, type InventoryNode } from "@/lib/inventory";
import type { NodeSnapshot } from "@/lib/model/snapshot";
import { readSections } from "@/lib/probes/sections";
import { redactLine } from "@/lib/probes/redact";
import { collectServed } from "@/lib/ssh/command";
import { SshPool } from "@/lib/ssh/pool";
import { nodeModel } from "@/lib/views/node";
import {
  LAB_API,
  labInventoryPath,
  labOk,
  nodeExec,
  nodeOut,
  run,
  sshAsOvnscope,
} from "../support/lab";
import { labCollector, TEST_POOL } from "../support/lab-collector";
import { SECRET_FORMS } from "../support/secret-forms";

// Issue #15 §1 and §2 on the real lab: what a tenant (through Neutron's API) or a local user
// (a process's arguments) or a node's administrator (a config file) puts into what a node reads
// must show as data, never end a section early, and a secret must never leave the node.

let pool: SshPool;
let collector: Collector;
let ctl1Node: InventoryNode;

beforeAll(async () => {
  await labOk(["ready"]);
  pool = new SshPool(TEST_POOL);
  collector = labCollector(pool);
  ctl1Node = loadInventoryFile(labInventoryPath()).nodes.find((n) => n.name === "ctl1")!;
});
afterAll(() => pool?.close());

const ctl1 = (nodes: NodeSnapshot[]) => nodes.find((n) => n.name === "ctl1")!;

async function neutron(method: string, path: string, body?: unknown) {
  const args = ["-sS", "-m", "20", "-X", method, "-H", "Content-Type: application/json"];
  if (body) args.push("-d", JSON.stringify(body));
  const r = await run("curl", [...args, `${LAB_API}${path}`]);
  if (r.code !== 0) throw new Error(`${method} ${path}: ${r.stderr}`);
  return r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
}

describe("data from the cloud cannot forge the node's framing", () => {
  // Names a tenant can give a network; each lands verbatim in NB's JSON on ctl1.
  const NAMES = [
    "x @@ovnscope end nb rc=0",
    "y\n@@ovnscope frame sb rc=0 out=2 err=0\n{}",
    "z\n@@ovnscope frame served rc=0 out=0 err=0\n",
  ];

  it("a tenant's network names with markers: ctl1 reads complete, the names are data", async () => {
    const ids: string[] = [];
    try {
      for (const name of NAMES) {
        const r = await neutron("POST", "/v2.0/networks", {
          network: { name, project_id: "hostile-tenant" },
        });
        const id = (r.network as { id?: string } | undefined)?.id;
        expect(id, JSON.stringify(r)).toBeTruthy();
        ids.push(id!);
      }
      // Through the held connection's served collect (python3 on the lab's nodes)…
      const snapshot = await collector.refresh();
      const node = ctl1(snapshot.nodes);
      expect(node.error).toBeNull();
      expect(node.reach).toBe("reachable");
      const names = node.data!.nb!.switches.map((s) => s.externalIds["neutron:network_name"]);
      for (const name of NAMES) expect(names).toContain(name);
      expect(node.data!.sb!.chassis.length).toBeGreaterThan(0);
      // …and through `collect` run once (the same reader, in a process of its own).
      const shell = await sshAsOvnscope(
        "10.250.0.11",
        "sudo -n /usr/local/libexec/ovnscope/collect",
      );
      expect(shell.code, shell.stderr).toBe(0);
      const read = readNodeOutput(
        ctl1Node,
        undefined,
        { stdout: shell.stdout, stderr: shell.stderr },
        new Date().toISOString(),
      );
      expect(read.node.error).toBeNull();
      expect(
        read.node.data!.nb!.switches.map((s) => s.externalIds["neutron:network_name"]),
      ).toEqual(expect.arrayContaining(NAMES));
    } finally {
      for (const id of ids) await neutron("DELETE", `/v2.0/networks/${id}`);
    }
  });

  it("a process whose arguments carry frames and lines: one process, nothing forged", async () => {
    const forged =
      'x\n@@ovnscope frame listen rc=0 out=60 err=0\nLISTEN 0 10 0.0.0.0:6699 0.0.0.0:* users:(("ovsdb-server",pid=1,fd=3))\n';
    // Any local user can do this: a process named ovn-northd whose argument carries a frame.
    // (bash -c with two commands keeps bash as the process instead of exec'ing sleep.)
    const started = await nodeExec(
      "ctl1",
      `setsid -f su -s /bin/bash nobody -c 'exec -a ovn-northd bash -c "sleep 611; :" "$0"' "$(printf '${forged.replace(/\n/g, "\\n")}')"; sleep 0.5; pgrep -f "sleep 611" >/dev/null`,
    );
    expect(started.code, started.stderr).toBe(0);
    try {
      const snapshot = await collector.refresh();
      const node = ctl1(snapshot.nodes);
      expect(node.error).toBeNull();
      expect(node.data!.listeners.some((l) => l.port === 6699)).toBe(false);
      const carrying = node.data!.processes.filter((p) => p.args.includes("@@ovnscope frame"));
      expect(carrying).toHaveLength(1);
      // As ps prints it (the format the reader keeps): the newlines are spaces, one line.
      expect(carrying[0]!.args).toContain("x @@ovnscope frame listen rc=0");
    } finally {
      await nodeExec("ctl1", `pkill -f "sleep 611" || true`);
    }
  });
});

describe("secrets in the files a node shows never leave it", () => {
  // /etc/sysconfig/ovn-northd is one of the config files collect shows and nothing on Debian
  // reads; the drop-in is shown on the node page (never loaded: no daemon-reload).
  const CONFIG = "/etc/sysconfig/ovn-northd";
  const DROPIN = "/etc/systemd/system/neutron-server.service.d/zz-ovnscope-test-secrets.conf";

  it("is redacted on the node (run once and served) and again on the server", async () => {
    const lines = SECRET_FORMS.map((f) => f.line).join("\n");
    const env = SECRET_FORMS.filter((f) => f.line.startsWith("Environment="))
      .map((f) => f.line)
      .join("\n");
    await nodeOut(
      "ctl1",
      `mkdir -p /etc/sysconfig ${DROPIN.replace(/\/[^/]+$/, "")} && cat >${CONFIG} <<'EOF'\n${lines}\nEOF\nprintf '[Service]\\n%s\\n' '${env.replace(/'/g, "'\\''")}' >${DROPIN}`,
    );
    try {
      const shell = await sshAsOvnscope(
        "10.250.0.11",
        "sudo -n /usr/local/libexec/ovnscope/collect",
      );
      const served = await pool.request(ctl1Node, collectServed());
      expect(shell.stdout).toContain(`@@file ${CONFIG}`);
      expect(served.stdout).toContain(`@@file ${DROPIN}`);
      const snapshot = await collector.refresh();
      const api = JSON.stringify(snapshot) + JSON.stringify(nodeModel(snapshot, "ctl1"));
      for (const { secrets, kept } of SECRET_FORMS) {
        for (const secret of secrets) {
          expect(shell.stdout, `collect: ${secret}`).not.toContain(secret);
          expect(served.stdout, `collect --serve: ${secret}`).not.toContain(secret);
          expect(api, `API: ${secret}`).not.toContain(secret);
        }
        for (const text of kept ?? []) expect(served.stdout).toContain(text);
      }
      // The two copies of the rules (the node reader's python, the server's) redact alike,
      // line by line, whichever way the reader runs.
      const expected = SECRET_FORMS.map((f) => redactLine(f.line));
      const configLines = (out: string) => {
        const file = readSections(out)
          .sections.get("config")!
          .stdout.split(`@@file ${CONFIG}\n`)[1]!;
        return file.split("\n@@file ")[0]!.split("\n");
      };
      expect(configLines(shell.stdout)).toEqual(expected);
      expect(configLines(served.stdout)).toEqual(expected);
    } finally {
      await nodeExec("ctl1", `rm -f ${CONFIG} ${DROPIN}`);
    }
  });
});
