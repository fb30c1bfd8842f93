import type { NodeData } from "@/lib/model/snapshot";
import { ProbeParseError } from "./errors";

/** Probe "meta": the collect script's version, hostname, clock, uptime and OS. */

/** The collect script version this ovnscope reads; an older script on a node is reported. */
export const COLLECT_VERSION = 3;

export function parseMeta(text: string): NonNullable<NodeData["meta"]> {
  const kv = new Map<string, string>();
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1).trim());
  }
  const version = Number(kv.get("version"));
  const time = Number(kv.get("time"));
  if (!Number.isInteger(version) || !Number.isFinite(time))
    throw new ProbeParseError("meta", "missing version or time");
  return {
    version,
    hostname: kv.get("hostname") ?? "",
    time: new Date(time * 1000).toISOString(),
    uptimeSeconds: Number(kv.get("uptime") ?? 0),
    os: kv.get("os") ?? "",
    ...(kv.get("neutron") ? { neutron: kv.get("neutron") } : {}),
  };
}
