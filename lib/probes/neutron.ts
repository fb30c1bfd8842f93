import type {
  NeutronAgent,
  NeutronNetwork,
  NeutronPort,
  NeutronRouter,
} from "@/lib/model/snapshot";
import { ProbeParseError } from "./errors";

/**
 * Probe "neutron": routers, router gateway ports, external networks and agents from the
 * Neutron API, read on the inventory's Neutron node as the unprivileged user:
 *   /usr/local/libexec/ovnscope/neutron-query ENDPOINT none|cloud:NAME
 * which runs one curl for four GETs; each body is followed by "@@ovnscope http CODE URL".
 */

export interface NeutronReading {
  routers: NeutronRouter[];
  gatewayPorts: NeutronPort[];
  externalNetworks: NeutronNetwork[];
  agents: NeutronAgent[];
}

type Json = Record<string, unknown>;
const s = (v: unknown) => (typeof v === "string" ? v : "");
const fixedIps = (v: unknown) =>
  (Array.isArray(v) ? (v as Json[]) : []).map((ip) => ({
    subnetId: s(ip.subnet_id),
    ipAddress: s(ip.ip_address),
  }));

/** Splits the section into {path → body}; throws when a GET did not answer 200. */
function responses(text: string): Map<string, Json> {
  const out = new Map<string, Json>();
  let body: string[] = [];
  for (const line of text.split("\n")) {
    const trailer = /^@@ovnscope http (\d{3}) (\S+)$/.exec(line);
    if (!trailer) {
      body.push(line);
      continue;
    }
    const [, code, url] = trailer;
    const path = new URL(url!).pathname.replace(/^.*\/v2\.0\//, "");
    if (code !== "200") {
      const detail = body.join(" ").replace(/\s+/g, " ").trim().slice(0, 200);
      throw new ProbeParseError(
        "neutron",
        `GET ${path} answered HTTP ${code === "000" ? "nothing" : code}${detail ? `: ${detail}` : ""}`,
      );
    }
    try {
      out.set(path, JSON.parse(body.join("\n")) as Json);
    } catch {
      throw new ProbeParseError("neutron", `GET ${path}: not JSON`);
    }
    body = [];
  }
  return out;
}

function list(res: Map<string, Json>, path: string, key: string): Json[] {
  const value = res.get(path)?.[key];
  if (!Array.isArray(value)) throw new ProbeParseError("neutron", `GET ${path}: no "${key}" list`);
  return value as Json[];
}

export function parseNeutron(text: string): NeutronReading {
  if (!text.trim()) throw new ProbeParseError("neutron", "empty output");
  const res = responses(text);
  return {
    routers: list(res, "routers", "routers").map((r) => {
      const gw = r.external_gateway_info as Json | null | undefined;
      return {
        id: s(r.id),
        name: s(r.name),
        status: s(r.status),
        adminStateUp: r.admin_state_up === true,
        gateway: gw
          ? { networkId: s(gw.network_id), fixedIps: fixedIps(gw.external_fixed_ips) }
          : null,
      };
    }),
    gatewayPorts: list(res, "ports", "ports").map((p) => ({
      id: s(p.id),
      name: s(p.name),
      status: s(p.status),
      deviceId: s(p.device_id),
      deviceOwner: s(p.device_owner),
      networkId: s(p.network_id),
      fixedIps: fixedIps(p.fixed_ips),
      hostId: s(p["binding:host_id"]),
    })),
    externalNetworks: list(res, "networks", "networks").map((n) => ({
      id: s(n.id),
      name: s(n.name),
      status: s(n.status),
      networkType: s(n["provider:network_type"]) || null,
      physicalNetwork: s(n["provider:physical_network"]) || null,
    })),
    agents: list(res, "agents", "agents").map((a) => ({
      id: s(a.id),
      agentType: s(a.agent_type),
      host: s(a.host),
      alive: a.alive === true,
      adminStateUp: a.admin_state_up === true,
    })),
  };
}
