import { diagnosisOf, flatten, type Finding } from "@/lib/diagnose";
import type { Snapshot } from "@/lib/model/snapshot";
import { gatewayChain, routerIds, type GatewayChain, type LinkId } from "@/lib/facts/gateway-chain";
import { ovnCentral } from "@/lib/facts/ovn-central";
import { elementId, ref } from "@/lib/model/element";

export interface RoutersModel {
  finishedAt: string;
  /** `node`: the inventory node whose Neutron API was read (named when it cannot be). */
  neutron: { state: Snapshot["neutron"]["state"]; error: string | null; node: string | null };
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
    neutron: {
      state: snapshot.neutron.state,
      error: snapshot.neutron.error,
      node: snapshot.neutron.node,
    },
    chains,
  };
}

export function routerModel(snapshot: Snapshot, id: string): RouterModel {
  return {
    finishedAt: snapshot.finishedAt,
    chain: gatewayChain(snapshot, id),
    findings: flatten(diagnosisOf(snapshot)).filter((f) =>
      f.affects.includes(elementId(ref.router(id))),
    ),
  };
}

export const ROUTER_ID = /^[0-9a-f-]{36}$/;

/** A gateway port as an operator pastes it: Neutron's port id, or OVN's lrp-<id> / cr-lrp-<id>. */
export const PORT_REF =
  /^(cr-lrp-|lrp-)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * Where a gateway port reference leads: its router and the link of the drill-down it names
 * (the Neutron port, NB's logical router port, SB's chassisredirect binding). Found through
 * Neutron's gateway ports, else through NB when Neutron cannot be read.
 */
export function gatewayPortTarget(
  snapshot: Snapshot,
  ref: string,
): { routerId: string; link: LinkId } | null {
  const m = PORT_REF.exec(ref);
  if (!m) return null;
  const [, prefix, portId] = m;
  const link: LinkId =
    prefix === "cr-lrp-"
      ? "cr-lrp-binding"
      : prefix === "lrp-"
        ? "logical-router-port"
        : "neutron-port";
  const fromNeutron = snapshot.neutron.gatewayPorts.find((p) => p.id === portId)?.deviceId;
  if (fromNeutron) return { routerId: fromNeutron, link };
  const nb = ovnCentral(snapshot).nb?.state;
  const lrp = nb?.routerPorts.find((p) => p.name === `lrp-${portId}`);
  const router = lrp && nb?.routers.find((r) => r.ports.includes(lrp.uuid));
  return router?.name.startsWith("neutron-") ? { routerId: router.name.slice(8), link } : null;
}
