import { describe, expect, it } from "vitest";
import { assembleSnapshot } from "@/lib/collect/collector";
import { readNodeOutput } from "@/lib/collect/read-output";
import { redactLine } from "@/lib/probes/redact";
import { frame } from "@/lib/ssh/frames";
import { nodeModel } from "@/lib/views/node";
import { LAB_LIKE_INVENTORY } from "../../support/fixtures";
import { SECRET_FORMS } from "../../support/secret-forms";

describe("redaction of configuration lines", () => {
  it.each(SECRET_FORMS)("$line", ({ line, secrets, kept }) => {
    const out = redactLine(line);
    for (const secret of secrets) expect(out).not.toContain(secret);
    for (const text of kept ?? []) expect(out).toContain(text);
    expect(out).toContain("<redacted>");
  });

  it("leaves lines without secrets as they are", () => {
    for (const line of [
      "ovn_nb_connection = tcp:10.250.0.11:6641",
      "bridge_mappings = physnet1:br-ex",
      'OVN_CTL_OPTS="--db-nb-create-insecure-remote=yes"',
      "ExecStop=/bin/true",
      "auth_url = http://keystone:5000/v3",
      "auth_type = password",
    ])
      expect(redactLine(line)).toBe(line);
  });

  // A node whose script does not redact (older, altered): the server's own pass still keeps
  // every secret out of what it sends (the snapshot and the node page's model).
  it("keeps secrets a node sent unredacted out of the API's bytes", () => {
    const lines = SECRET_FORMS.map((f) => f.line);
    const files =
      "@@file /etc/neutron/neutron.conf\n[DEFAULT]\n" +
      lines.join("\n") +
      "\n@@file /etc/default/ovn-central\n" +
      lines.join("\n") +
      "\n";
    const dropins =
      "@@file /etc/systemd/system/neutron-server.service.d/env.conf\n[Service]\n" +
      lines.join("\n") +
      "\n";
    const node = LAB_LIKE_INVENTORY.nodes.find((n) => n.name === "ctl1")!;
    const at = "2026-12-04T00:00:00.000Z";
    const read = readNodeOutput(
      node,
      undefined,
      {
        stdout: Buffer.concat([
          frame("meta", 0, "version=3\nhostname=ctl1\ntime=1796400000\n"),
          frame("config", 0, files),
          frame("dropins", 0, dropins),
        ]),
        stderr: "",
      },
      at,
    );
    expect(read.node.data?.config?.files.length).toBe(2);
    const snapshot = assembleSnapshot(
      LAB_LIKE_INVENTORY,
      [{ node: { ...read.node, durationMs: 0 } }],
      { generation: 1, startedAt: at, finishedAt: at },
    );
    const bytes = JSON.stringify(snapshot) + JSON.stringify(nodeModel(snapshot, "ctl1"));
    for (const { secrets } of SECRET_FORMS)
      for (const secret of secrets) expect(bytes, secret).not.toContain(secret);
    expect(bytes).toContain("--db-nb-create-insecure-remote=yes");
  });
});

describe("redaction cost", () => {
  // A node's line is not trusted to be short: a pattern that backtracks over it would cost
  // seconds per megabyte (the old assignment pattern did); this one finishes at once.
  it("redacts a 1 MB line without a secret and one full of near-misses", () => {
    expect(redactLine("x".repeat(1 << 20))).toHaveLength(1 << 20);
    expect(redactLine(`a=${"passwor-".repeat(1 << 17)}`)).toContain("passwor-");
  });
});
