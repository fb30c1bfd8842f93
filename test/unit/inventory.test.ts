import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InventoryError, loadInventoryFile, parseInventory } from "@/lib/inventory";
import { fingerprintOf, fingerprintsFromKnownHosts } from "@/lib/inventory/known-hosts";

const FP = "SHA256:" + "A".repeat(43);
const good = `
cloud: {name: lab}
defaults: {user: ovnscope, keyFile: keys/id}
nodes:
  - {name: ctl1, address: 10.250.0.11, roles: [controller, network], hostKey: "${FP}"}
  - {name: cmp1, address: 10.250.0.21, port: 2222, roles: [compute], hostKey: ["${FP}"], user: other}
neutron: {node: ctl1, endpoint: "http://10.250.0.11:9696", auth: none}
`;

function problemsOf(text: string): string[] {
  try {
    parseInventory(text, "/etc/ovnscope/inventory.yaml");
  } catch (err) {
    expect(err).toBeInstanceOf(InventoryError);
    expect((err as Error).message).toContain("/etc/ovnscope/inventory.yaml");
    return (err as InventoryError).problems;
  }
  throw new Error("expected the inventory to be refused");
}

describe("inventory", () => {
  it("applies defaults and resolves the key file next to the inventory", () => {
    const inv = parseInventory(good, "/etc/ovnscope/inventory.yaml");
    expect(inv.cloud.name).toBe("lab");
    expect(inv.nodes.map((n) => [n.name, n.port, n.user, n.keyFile, n.hostKeys])).toEqual([
      ["ctl1", 22, "ovnscope", "/etc/ovnscope/keys/id", [FP]],
      ["cmp1", 2222, "other", "/etc/ovnscope/keys/id", [FP]],
    ]);
    expect(inv.neutron).toEqual({
      node: "ctl1",
      endpoint: "http://10.250.0.11:9696",
      auth: "none",
    });
  });

  it("names the field and the problem", () => {
    expect(problemsOf(good.replace(`hostKey: "${FP}"}`, "}"))).toEqual([
      "nodes[0].hostKey: a pinned host key is required: set hostKey or knownHostsFile",
    ]);
    expect(problemsOf(good.replace("roles: [compute]", "roles: [hypervisor]"))[0]).toMatch(
      /^nodes\[1\]\.roles\[0\]: /,
    );
    expect(problemsOf(good.replace("name: cmp1", "name: ctl1"))).toEqual([
      'nodes[1].name: duplicate node name "ctl1"',
    ]);
    expect(problemsOf(good.replace("node: ctl1,", "node: ctl9,"))).toEqual([
      'neutron.node: no node named "ctl9"',
    ]);
    expect(problemsOf(good.replace("defaults: {user: ovnscope, keyFile: keys/id}", ""))).toContain(
      "nodes[0].user: required (here or in defaults)",
    );
    expect(
      problemsOf(good.replace("address: 10.250.0.11", "address: '10.0.0.1; rm -rf /'"))[0],
    ).toBe("nodes[0].address: must be an IP address or host name");
    expect(problemsOf(good.replace("nodes:", "nodez:"))).toContain(
      '(top level): Unrecognized key: "nodez"',
    );
  });

  it("refuses YAML it cannot parse, and a missing file, with the file named", () => {
    expect(problemsOf("cloud: [unclosed")[0]).toMatch(/^not valid YAML/);
    expect(() => loadInventoryFile("/nonexistent/inventory.yaml")).toThrow(
      /invalid inventory \/nonexistent\/inventory.yaml:\n  cannot read the file: ENOENT/,
    );
  });

  it("reads pins from a known_hosts file, plain and hashed entries", () => {
    // Made with `ssh-keygen -t ed25519`; `ssh-keygen -lf` printed the fingerprint below, and
    // `ssh-keygen -H` hashed the entry for 10.250.0.11.
    const key = "AAAAC3NzaC1lZDI1NTE5AAAAIEX2VFxII5Nx6m9FbLd8503yKPwLGWKLHPaWphYoArks";
    const fp = "SHA256:m/MQEx/4nAbMlKU10okHsTChtWFZipG15Y5aedrY8VA";
    expect(fingerprintOf(Buffer.from(key, "base64"))).toBe(fp);
    const text = [
      "# comment",
      `|1|6F2bc3i4TS/wEcJd4+MXlHxNNXI=|DAvC7LhH78PT0ismnryXrRGLmSo= ssh-ed25519 ${key}`,
      `[10.250.0.21]:2222,cmp1 ssh-ed25519 ${key}`,
      `@revoked 10.250.0.12 ssh-ed25519 ${key}`,
    ].join("\n");
    expect(fingerprintsFromKnownHosts(text, "10.250.0.11", 22)).toEqual([fp]);
    expect(fingerprintsFromKnownHosts(text, "10.250.0.21", 2222)).toEqual([fp]);
    expect(fingerprintsFromKnownHosts(text, "10.250.0.21", 22)).toEqual([]);
    expect(fingerprintsFromKnownHosts(text, "10.250.0.12", 22)).toEqual([]);

    const dir = mkdtempSync(join(tmpdir(), "inv-"));
    writeFileSync(join(dir, "known_hosts"), text);
    writeFileSync(
      join(dir, "inventory.yaml"),
      `cloud: {name: lab}\nnodes:\n  - {name: ctl1, address: 10.250.0.11, roles: [controller], user: u, keyFile: k, knownHostsFile: known_hosts}\n`,
    );
    expect(loadInventoryFile(join(dir, "inventory.yaml")).nodes[0]?.hostKeys).toEqual([fp]);
  });
});
