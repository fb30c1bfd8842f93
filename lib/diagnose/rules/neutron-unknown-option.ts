import { ref } from "@/lib/model/element";
import { findUnit } from "@/lib/facts/services";
import { neutronServices, profileOf } from "@/lib/profiles";
import type { NodeData, NodeSnapshot } from "@/lib/model/snapshot";
import { optionGroup, optionName } from "@/lib/probes/neutron-options";
import { evidence } from "../evidence";
import { currentData } from "@/lib/model/current";
import { finding } from "../finding";
import type { RuleFinding, Rule } from "../types";
import { editDistance } from "../distance";

/** A setting as written in a file: [group] name = value, where. */
export interface Setting {
  file: string;
  line: number;
  section: string;
  name: string;
  value: string;
}

/**
 * The settings of an oslo.config INI text. Comments and blank lines are skipped; an indented
 * line continues the previous value (as oslo.config reads it), so it is not a setting.
 */
export function iniSettings(file: string, text: string): Setting[] {
  const out: Setting[] = [];
  let section: string | null = null;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) return;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      return;
    }
    if (section === null || /^\s/.test(raw)) return;
    const eq = line.search(/[=:]/);
    if (eq <= 0) return;
    out.push({
      file,
      line: i + 1,
      section,
      name: line.slice(0, eq).trim(),
      value: line.slice(eq + 1).trim(),
    });
  });
  return out;
}

/**
 * The collected Neutron files neutron-server reads: those its ExecStart names with
 * --config-file, else (a wrapper script, --config-dir) every collected file in Neutron's
 * directory. Its units (either layout) and that directory come from the node's profile
 * (default: the inventory's default profile).
 */
export function neutronConfigFiles(
  data: NodeData,
  profile: string = "debian",
): { path: string; text: string }[] {
  const { dir } = profileOf(profile).neutronConfig;
  const files = (data.config?.files ?? []).filter((f) => f.path.startsWith(dir));
  const unit = findUnit(
    data,
    neutronServices(profile).flatMap((s) => s.units),
  );
  const argv = unit?.execStart.flatMap((c) => c.argv) ?? [];
  if (argv.some((a) => a.startsWith("--config-dir"))) return files;
  const named = argv.flatMap((a, i) =>
    a.startsWith("--config-file=")
      ? [a.slice("--config-file=".length)]
      : a === "--config-file" && argv[i + 1]
        ? [argv[i + 1]!]
        : [],
  );
  return named.length ? files.filter((f) => named.includes(f.path)) : files;
}

/**
 * Configuration that does nothing: a setting in a file neutron-server reads, in an option
 * group the node's installed Neutron knows, under a name that group does not have (oslo.config
 * ignores it without a word). Checked against the list read from that node's Neutron
 * (deploy/libexec/ovnscope/neutron-options), never a list kept in ovnscope. The seed's
 * `[ovn] bridge_mappings` in ml2_conf.ini is one: under ML2/OVN the mapping lives in each
 * chassis' OVS external_ids:ovn-bridge-mappings. Sections Neutron registers no group for are
 * not judged (a library ovnscope did not list may own them); deprecated names still work.
 */
export const neutronUnknownOption: Rule = {
  id: "neutron-unknown-option",
  run(snapshot) {
    const out: RuleFinding[] = [];
    for (const node of snapshot.nodes) {
      const data = currentData(node);
      const known = data?.neutronOptions;
      if (!data || !known) continue;
      const seen = new Set<string>();
      for (const file of neutronConfigFiles(data, node.profile)) {
        for (const s of iniSettings(file.path, file.text)) {
          const group = optionGroup(s.section);
          const name = optionName(s.name);
          const names = known.options[group];
          if (!names || names.includes(name) || known.deprecated[`${group}.${name}`]) continue;
          const key = `${group}.${name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(unknownOption(node, data, s, group, name, names));
        }
      }
    }
    return out;
  },
};

function unknownOption(
  node: NodeSnapshot,
  data: NodeData,
  s: Setting,
  group: string,
  name: string,
  names: string[],
): RuleFinding {
  const known = data.neutronOptions!;
  const elsewhere = Object.entries(known.options)
    .filter(([g, ns]) => g !== group && ns.includes(name))
    .map(([g]) => `[${g}] ${name}`);
  const near = names.filter((n) => editDistance(n, name) <= 2).map((n) => `[${group}] ${n}`);
  const seed = group === "ovn" && name === "bridge_mappings";
  return finding({
    rule: "neutron-unknown-option",
    variant: seed ? "bridge-mappings" : undefined,
    subject: `${node.name}:${group}.${name}`,
    // The seed's mapping and near misses of a real name were meant to do something: warning.
    // Others (an option a later release removed, another component's) are harmless: info.
    severity: seed || near.length ? "warning" : "info",
    params: {
      node: node.name,
      file: s.file,
      section: s.section,
      name: s.name,
      value: s.value,
      version: known.version,
      hint: [...near, ...elsewhere].join(", ") || "—",
    },
    evidence: [
      evidence(
        node,
        "config",
        `${s.file}:${s.line}: [${s.section}] ${s.name} = ${s.value}`,
        `cat ${s.file}`,
      ),
      {
        ...evidence(
          node,
          "neutron-options",
          `Neutron ${known.version} registers no option ${name} in [${group}]` +
            ` (its ${names.length} options there: ${names.slice(0, 12).join(", ")}${names.length > 12 ? ", …" : ""})` +
            (elsewhere.length ? `; it has ${elsewhere.join(", ")}` : ""),
        ),
        at: data.neutronOptionsCollectedAt ?? node.dataCollectedAt,
      },
    ],
    affects: [ref.node(node.name), ref.service(node.name, "neutron-server")],
  });
}
