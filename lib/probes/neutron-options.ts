import type { NeutronOptions } from "@/lib/model/snapshot";
import { ProbeParseError } from "./errors";

/**
 * Probe "neutron-options": every option the node's installed Neutron registers, as
 * deploy/libexec/ovnscope/neutron-options prints it (run as the ovnscope user, rarely):
 *   version=21.0.0
 *   namespace neutron.ml2.ovn
 *   opt ovn ovn_nb_connection
 *   deprecated DEFAULT lock_path oslo_concurrency lock_path
 *   failed <namespace> <error>
 */

/** oslo.config lower-cases group names except DEFAULT; "-" and "_" name the same option. */
export const optionGroup = (g: string) =>
  g.toUpperCase() === "DEFAULT" ? "DEFAULT" : g.toLowerCase();
export const optionName = (n: string) => n.toLowerCase().replace(/-/g, "_");

export function parseNeutronOptions(text: string): NeutronOptions {
  const out: NeutronOptions = {
    version: "",
    namespaces: [],
    options: {},
    deprecated: {},
    failed: [],
  };
  let count = 0;
  for (const line of text.split("\n")) {
    const [kind, ...rest] = line.trim().split(/\s+/);
    if (kind?.startsWith("version=")) out.version = kind.slice("version=".length);
    else if (kind === "namespace" && rest[0]) out.namespaces.push(rest[0]);
    else if (kind === "opt" && rest.length === 2) {
      (out.options[optionGroup(rest[0]!)] ??= []).push(optionName(rest[1]!));
      count += 1;
    } else if (kind === "deprecated" && rest.length === 4)
      out.deprecated[`${optionGroup(rest[0]!)}.${optionName(rest[1]!)}`] =
        `${optionGroup(rest[2]!)}.${optionName(rest[3]!)}`;
    else if (kind === "failed" && rest[0]) out.failed.push(rest.join(" "));
  }
  if (!out.version || count === 0)
    throw new ProbeParseError("neutron-options", "no version or no options in the output");
  return out;
}
