// Which neutron-servers ovnscope asks directly, besides the cloud's Neutron endpoint
// (lib/facts/neutron-servers.ts says why and how their answers are read).
import type { Inventory } from "@/lib/inventory";
import { serviceStates } from "@/lib/facts/services";
import type { Snapshot } from "@/lib/model/snapshot";
import { expectedServices } from "@/lib/profiles";

/** Neutron's own default `bind_port`: a server whose listener was not read yet is asked there. */
const NEUTRON_DEFAULT_PORT = 9696;
/** Addresses a listener binds to that mean "every address of the node". */
const WILDCARD = new Set(["0.0.0.0", "::", "*", "[::]"]);

export interface NeutronServerTarget {
  node: string;
  endpoint: string;
}

/**
 * The neutron-servers to ask beside the endpoint: every inventory node whose roles call for
 * neutron-server, at its inventory address and the port its API listens on (as last read;
 * before that Neutron's default port), except the one the endpoint itself names.
 * The address is always the inventory's: the query carries the cloud's token, so a node's own
 * report (a listener on some other address) never chooses where it goes. A server that listens
 * only on another address of its node is not asked (checks then read the endpoint's answer).
 * IPv6 addresses are left out: neutron-query takes host names and IPv4 only.
 */
export function neutronServerTargets(
  inventory: Inventory,
  last: Snapshot | null,
): NeutronServerTarget[] {
  const access = inventory.neutron;
  if (!access) return [];
  const endpointOrigin = originOf(access.endpoint);
  const out: NeutronServerTarget[] = [];
  for (const node of inventory.nodes) {
    if (!expectedServices(node.profile, node.roles).some((s) => s.service === "neutron-server"))
      continue;
    if (node.address.includes(":")) continue;
    const listener = apiListener(last, node.name);
    if (listener && !WILDCARD.has(listener.address) && listener.address !== node.address) continue;
    const port =
      listener && Number.isInteger(listener.port) && listener.port > 0 && listener.port < 65536
        ? listener.port
        : NEUTRON_DEFAULT_PORT;
    const endpoint = `http://${node.address}:${port}`;
    if (originOf(endpoint) === endpointOrigin) continue;
    out.push({ node: node.name, endpoint });
  }
  return out;
}

/** The TCP listener of the node's neutron-server (its API), from the last read of the node. */
function apiListener(last: Snapshot | null, name: string) {
  const node = last?.nodes.find((n) => n.name === name);
  if (!node?.data) return undefined;
  const api = serviceStates(node).find((s) => s.service === "neutron-server");
  if (!api?.pids.length) return undefined;
  const pids = new Set(api.pids);
  return node.data.listeners.find((l) => l.processes.some((p) => pids.has(p.pid)));
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
