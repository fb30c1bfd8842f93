import type { OvsState } from "@/lib/model/snapshot";
import { ProbeParseError } from "./errors";
import { map, optionalString, parseQueryResults, str, type Row } from "./ovsdb";

/**
 * Probe "ovs": the chassis' Open vSwitch settings that OVN reads (system-id, ovn-remote,
 * ovn-encap-*, ovn-bridge-mappings, ovn-cms-options) and its bridges, one query:
 *   ovsdb-client --timeout=3 query unix:/var/run/openvswitch/db.sock \
 *     '["Open_vSwitch", select Open_vSwitch, select Bridge,
 *       select Interface (name, type, options, bfd, bfd_status) where type == geneve|vxlan|stt]'
 * An answer without the Interface selects (an older collect script) has no `tunnels`.
 */

/** "physnet1:br-ex,physnet2:br-vlan" → {physnet1: "br-ex", physnet2: "br-vlan"}. */
export function parseBridgeMappings(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (value ?? "").split(",")) {
    const [physnet, bridge] = pair.split(":").map((s) => s.trim());
    if (physnet && bridge) out[physnet] = bridge;
  }
  return out;
}

export function parseOvs(text: string): OvsState {
  const [roots, bridges] = parseQueryResults("ovs", text, 2);
  const tunnelRows = tunnelResults(text);
  const root = roots![0];
  if (!root) throw new ProbeParseError("ovs", "no Open_vSwitch row");
  const externalIds = map(root, "external_ids");
  return {
    systemId: externalIds["system-id"],
    ovsVersion: optionalString(root, "ovs_version") ?? undefined,
    externalIds,
    bridgeMappings: parseBridgeMappings(externalIds["ovn-bridge-mappings"]),
    cmsOptions: (externalIds["ovn-cms-options"] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    bridges: bridges!
      .map((b) => ({
        name: str(b, "name"),
        datapathType: str(b, "datapath_type"),
        failMode: optionalString(b, "fail_mode"),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    ...(tunnelRows && {
      tunnels: tunnelRows
        .map((r) => ({
          name: str(r, "name"),
          type: str(r, "type"),
          remoteIp: map(r, "options")["remote_ip"] ?? null,
          bfd: map(r, "bfd"),
          bfdStatus: map(r, "bfd_status"),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }),
  };
}

/** The three tunnel selects' rows together, or null when the answer has none (older script). */
function tunnelResults(text: string): Row[] | null {
  const count = (JSON.parse(text) as unknown[]).length; // valid: parseQueryResults read it first
  return count >= 5 ? parseQueryResults("ovs", text, 5).slice(2).flat() : null;
}
