import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import type { Snapshot } from "@/lib/model/snapshot";
import { gatewayChain, routerIds, type GatewayChain } from "./gateway-chain";

export interface RoutersModel {
  finishedAt: string;
  neutron: { state: Snapshot["neutron"]["state"]; error: string | null };
  chains: GatewayChain[];
}

export interface RouterModel {
  finishedAt: string;
  chain: GatewayChain | null;
  /** Findings about this router (gateway chain, Neutron/OVN disagreement). */
  findings: Finding[];
}

/** Every router's gateway chain; broken ones first, then by name (stable). */
export function routersModel(snapshot: Snapshot): RoutersModel {
  const chains = routerIds(snapshot)
    .map((id) => gatewayChain(snapshot, id))
    .filter((c): c is GatewayChain => c !== null)
    .sort(
      (a, b) =>
        Number(b.firstBroken !== null) - Number(a.firstBroken !== null) ||
        a.routerName.localeCompare(b.routerName),
    );
  return {
    finishedAt: snapshot.finishedAt,
    neutron: { state: snapshot.neutron.state, error: snapshot.neutron.error },
    chains,
  };
}

export function routerModel(snapshot: Snapshot, id: string): RouterModel {
  return {
    finishedAt: snapshot.finishedAt,
    chain: gatewayChain(snapshot, id),
    findings: flatten(diagnose(snapshot)).filter((f) => f.affects.includes(`router:${id}`)),
  };
}

export const ROUTER_ID = /^[0-9a-f-]{36}$/;
