import type { FileText, NodeConfig } from "@/lib/model/snapshot";
import { parseFiles } from "./files";

/**
 * Probe "config": Neutron's [ovn] settings and OVN_CTL_OPTS, from the files the collect script
 * prints (ml2_conf.ini, ovn.ini, neutron.conf, /etc/default/ovn-central, /etc/sysconfig/ovn-northd).
 */

/** Reads one [section] of an oslo.config INI text: keys lower-cased, last value wins. */
export function iniSection(text: string, section: string): Record<string, string> {
  const out: Record<string, string> = {};
  let inside = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      inside = header[1]!.trim().toLowerCase() === section;
      continue;
    }
    if (!inside) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    out[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** A shell assignment like OVN_CTL_OPTS="--a --b" in a defaults file; the last one wins. */
export function shellVariable(text: string, name: string): string | undefined {
  let value: string | undefined;
  for (const raw of text.split("\n")) {
    const m = new RegExp(`^\\s*(?:export\\s+)?${name}=(.*)$`).exec(raw);
    if (!m) continue;
    const v = m[1]!.trim();
    value = /^(["'])(.*)\1$/.exec(v)?.[2] ?? v;
  }
  return value;
}

// Neutron reads these in order; a later file overrides an earlier one.
const NEUTRON_FILES = [
  "/etc/neutron/neutron.conf",
  "/etc/neutron/plugins/ml2/ml2_conf.ini",
  "/etc/neutron/ovn.ini",
];

export function parseConfig(text: string): NodeConfig {
  const files: FileText[] = parseFiles(text);
  const byPath = new Map(files.map((f) => [f.path, f.text]));
  const neutronOvn: NodeConfig["neutronOvn"] = { options: {} };
  for (const path of NEUTRON_FILES) {
    const body = byPath.get(path);
    if (body === undefined) continue;
    const ovn = iniSection(body, "ovn");
    if (Object.keys(ovn).length === 0) continue;
    Object.assign(neutronOvn.options, ovn);
    if (ovn.ovn_nb_connection || ovn.ovn_sb_connection) neutronOvn.source = path;
  }
  neutronOvn.nbConnection = neutronOvn.options.ovn_nb_connection;
  neutronOvn.sbConnection = neutronOvn.options.ovn_sb_connection;
  const defaults =
    byPath.get("/etc/default/ovn-central") ?? byPath.get("/etc/sysconfig/ovn-northd");
  return {
    files,
    neutronOvn,
    ovnCtlOpts: defaults === undefined ? undefined : shellVariable(defaults, "OVN_CTL_OPTS"),
  };
}
