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
    // curl says why on its own line ("curl: (7) Failed to connect to … port 9696 …").
    const lines = `${section.stderr}\n${section.stdout}`.split("\n");
    const detail =
      lines.find((l) => /^curl: \(\d+\)/.test(l)) ??
      lines.filter((l) => l.trim() && !l.startsWith("@@")).pop() ??
      "";
    return neutronUnavailable(
      access,
      `${access.endpoint}: ${detail.trim() || `curl exit ${section.rc}`}`,
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
