import type { NeutronState } from "@/lib/model/snapshot";
import type { NeutronAccess } from "@/lib/inventory";
import { ProbeParseError } from "@/lib/probes/errors";
import { parseNeutron } from "@/lib/probes/neutron";
import type { RawSection } from "@/lib/probes/sections";

/** Neutron's view when it cannot be read: empty, so nothing stale passes for current. */
export function neutronUnavailable(access: NeutronAccess | undefined, error: string): NeutronState {
  return {
    state: access ? "unavailable" : "unconfigured",
    error,
    node: access?.node ?? null,
    endpoint: access?.endpoint ?? null,
    collectedAt: null,
    routers: [],
    gatewayPorts: [],
    externalNetworks: [],
    agents: [],
  };
}

export function neutronFromSection(
  access: NeutronAccess,
  section: RawSection | undefined,
  at: string,
): NeutronState {
  if (!section)
    return neutronUnavailable(access, `no answer from the Neutron query on ${access.node}`);
  if (section.rc !== 0) {
    const detail = (section.stderr || section.stdout).trim().split("\n").pop() ?? "";
    return neutronUnavailable(
      access,
      `Neutron API ${access.endpoint} not readable (curl exit ${section.rc}${detail ? `: ${detail}` : ""})`,
    );
  }
  try {
    return {
      state: "ok",
      error: null,
      node: access.node,
      endpoint: access.endpoint,
      collectedAt: at,
      ...parseNeutron(section.stdout),
    };
  } catch (err) {
    return neutronUnavailable(access, err instanceof ProbeParseError ? err.message : String(err));
  }
}
