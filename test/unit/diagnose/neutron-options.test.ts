import { describe, expect, it } from "vitest";
import { neutronOptionsDue, runsNeutronServer } from "@/lib/collect/neutron-options";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import { neutronConfigFiles } from "@/lib/diagnose/rules/neutron-unknown-option";
import { en } from "@/lib/i18n/en";
import { ko } from "@/lib/i18n/ko";
import type { Snapshot } from "@/lib/model/snapshot";
import { parseMeta } from "@/lib/probes/meta";
import { parseNeutronOptions } from "@/lib/probes/neutron-options";
import { splitSections } from "@/lib/probes/sections";
import { neutronOptionsCommand } from "@/lib/ssh/command";
import { neutronOptionsText, snapshotWithNeutronOptions } from "../../support/fixtures";

// Configuration that does nothing, checked against the option list captured from the lab's
// own Neutron 21 (test/fixtures/neutron-options/ctl1.txt, deploy/libexec/ovnscope/neutron-options).

const ML2 = "/etc/neutron/plugins/ml2/ml2_conf.ini";
const captured = () =>
  parseNeutronOptions(splitSections(neutronOptionsText("ctl1")!).get("neutron-options")!.stdout);

/** Adds lines under [section] of a collected file on ctl1 (the file as the node printed it). */
function edit(s: Snapshot, path: string, section: string, lines: string[]): Snapshot {
  const file = s.nodes
    .find((n) => n.name === "ctl1")!
    .data!.config!.files.find((f) => f.path === path)!;
  file.text = file.text.replace(`[${section}]\n`, `[${section}]\n${lines.join("\n")}\n`);
  return s;
}
const unknown = (s: Snapshot): Finding[] =>
  flatten(diagnose(s)).filter((f) => f.rule === "neutron-unknown-option");

describe("neutron-options: what the node's Neutron knows", () => {
  it("parses the list read from the lab's Neutron 21", () => {
    const o = captured();
    expect(o.version).toBe("21.0.0");
    expect(o.namespaces).toContain("neutron.ml2.ovn");
    expect(o.options.ovn).toContain("ovn_nb_connection");
    expect(o.options.ovn).not.toContain("bridge_mappings");
    expect(o.options.ovs).toContain("bridge_mappings");
    expect(o.options.DEFAULT).toContain("core_plugin");
    expect(o.deprecated["DEFAULT.lock_path"]).toBe("oslo_concurrency.lock_path");
    expect(o.failed).toEqual([]);
  });

  it("refuses output without options; the command is fixed and runs without sudo", () => {
    expect(() => parseNeutronOptions("version=21.0.0\n")).toThrow(/no version or no options/);
    expect(neutronOptionsCommand()).toBe("/usr/local/libexec/ovnscope/neutron-options");
  });

  it("is read once per Neutron node, again when its Neutron changes, retried after a failure", async () => {
    const s = await snapshotWithNeutronOptions("healthy");
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
    const cmp1 = s.nodes.find((n) => n.name === "cmp1")!.data!;
    expect(runsNeutronServer(ctl1, "debian")).toBe(true);
    expect(runsNeutronServer(cmp1, "debian")).toBe(false);
    expect(ctl1.neutronOptions?.version).toBe("21.0.0");
    expect(ctl1.neutronOptionsCollectedAt).not.toBeNull();
    expect(cmp1.neutronOptions).toBeNull();
    expect(neutronOptionsDue(cmp1, "debian", undefined, 1, 60)).toBe(false);
    expect(neutronOptionsDue(ctl1, "debian", undefined, 1, 60)).toBe(true);
    const ok = {
      value: ctl1.neutronOptions,
      status: { state: "ok" as const },
      at: "",
      signature: ctl1.meta!.neutron ?? "",
      generation: 1,
    };
    expect(ctl1.meta!.neutron).toBe("neutron-21.0.0.egg-info");
    expect(neutronOptionsDue(ctl1, "debian", ok, 500, 60)).toBe(false);
    const upgraded = { ...ctl1, meta: { ...ctl1.meta!, neutron: "neutron-22.0.0.egg-info" } };
    expect(neutronOptionsDue(upgraded, "debian", ok, 2, 60)).toBe(true);
    const failed = {
      ...ok,
      value: null,
      status: { state: "failed" as const, rc: 127, message: "x" },
    };
    expect(neutronOptionsDue(ctl1, "debian", failed, 30, 60)).toBe(false);
    expect(neutronOptionsDue(ctl1, "debian", failed, 61, 60)).toBe(true);
  });

  it("the collect script names the installed Neutron in meta", () => {
    const meta = parseMeta(
      "version=2\nhostname=ctl1\ntime=1796286808\nuptime=1\nos=debian 12\nneutron=neutron-21.0.0.egg-info\n",
    );
    expect(meta.neutron).toBe("neutron-21.0.0.egg-info");
  });
});

describe("configuration that does nothing", () => {
  it("healthy lab: every setting in neutron-server's files is one its Neutron knows", async () => {
    const s = await snapshotWithNeutronOptions("healthy");
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
    // neutron-server's ExecStart names neutron.conf and ml2_conf.ini.
    expect(
      neutronConfigFiles(ctl1)
        .map((f) => f.path)
        .sort(),
    ).toEqual(["/etc/neutron/neutron.conf", ML2]);
    expect(unknown(s)).toEqual([]);
    expect(flatten(diagnose(s)).map((x) => x.id)).toEqual(["northd-stops-dbs:ctl1:hazard"]);
  });

  it("a setting Neutron 21 removed (allow_overlapping_ips, which the lab's neutron.conf once set) is noted as info", async () => {
    const s = edit(
      await snapshotWithNeutronOptions("healthy"),
      "/etc/neutron/neutron.conf",
      "DEFAULT",
      ["allow_overlapping_ips = true"],
    );
    const [f, ...rest] = unknown(s);
    expect(rest).toEqual([]);
    expect(f!.id).toBe("neutron-unknown-option:ctl1:DEFAULT.allow_overlapping_ips");
    expect(f!.severity).toBe("info");
  });

  it("the seed incident as the lab injects it: ml2_conf.ini's [ovn] bridge_mappings is found", async () => {
    const s = await snapshotWithNeutronOptions("incident");
    expect(unknown(s).map((f) => [f.id, f.severity])).toEqual([
      ["neutron-unknown-option:ctl1:ovn.bridge_mappings", "warning"],
    ]);
  });

  it("the seed's [ovn] bridge_mappings in ml2_conf.ini is found, with the file line and Neutron's own list", async () => {
    const s = edit(await snapshotWithNeutronOptions("healthy"), ML2, "ovn", [
      "bridge_mappings = phynet2:br-ex",
    ]);
    const [f, ...rest] = unknown(s).filter((x) => !x.id.endsWith("allow_overlapping_ips"));
    expect(rest).toEqual([]);
    expect(f!.id).toBe("neutron-unknown-option:ctl1:ovn.bridge_mappings");
    expect(f!.severity).toBe("warning");
    expect(f!.title.key).toBe("f.neutron-unknown-option.bridge-mappings.title");
    expect(f!.evidence[0]!.fact).toMatch(
      /^\/etc\/neutron\/plugins\/ml2\/ml2_conf\.ini:\d+: \[ovn\] bridge_mappings = phynet2:br-ex$/,
    );
    expect(f!.evidence[1]!.probe).toBe("neutron-options");
    expect(f!.evidence[1]!.fact).toContain(
      "Neutron 21.0.0 registers no option bridge_mappings in [ovn]",
    );
    expect(f!.title.params?.hint).toContain("[ovs] bridge_mappings");
    for (const m of [f!.title, f!.explanation, f!.cause!, f!.action!]) {
      expect(en[m.key]).toBeTypeOf("string");
      expect(ko[m.key]).toBeTypeOf("string");
    }
  });

  it("a misspelt option is found with the near name; deprecated names, dashes and foreign sections are not", async () => {
    const s = edit(await snapshotWithNeutronOptions("healthy"), ML2, "ovn", [
      "ovn_nb_conection = tcp:10.250.0.11:6641",
      "ovn-l3-scheduler = chance",
    ]);
    edit(s, "/etc/neutron/neutron.conf", "DEFAULT", ["lock_path = /var/lock/neutron"]);
    const text = s.nodes
      .find((n) => n.name === "ctl1")!
      .data!.config!.files.find((f) => f.path === ML2)!;
    text.text += "\n[some_plugin_section]\nwhatever = 1\n";
    const found = unknown(s).filter((f) => !f.id.endsWith("allow_overlapping_ips"));
    expect(found.map((f) => f.id)).toEqual(["neutron-unknown-option:ctl1:ovn.ovn_nb_conection"]);
    expect(found[0]!.severity).toBe("warning");
    expect(found[0]!.title.key).toBe("f.neutron-unknown-option.title");
    expect(found[0]!.title.params?.hint).toContain("[ovn] ovn_nb_connection");
  });

  it("is never judged without the node's own list, nor in a file neutron-server does not read", async () => {
    const without = edit(
      (await import("../../support/fixtures")).snapshotFromFixtures("healthy"),
      ML2,
      "ovn",
      ["bridge_mappings = phynet2:br-ex"],
    );
    expect(unknown(without)).toEqual([]);
    const s = await snapshotWithNeutronOptions("healthy");
    const data = s.nodes.find((n) => n.name === "ctl1")!.data!;
    data.config!.files = data.config!.files.filter((f) => f.path !== "/etc/neutron/neutron.conf");
    data.config!.files.push({
      path: "/etc/neutron/ovn.ini",
      text: "[ovn]\nbridge_mappings = x:br-ex\n",
    });
    expect(unknown(s)).toEqual([]);
  });
});
