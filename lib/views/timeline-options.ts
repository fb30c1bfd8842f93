/**
 * What the Timeline's filters offer, from the current snapshot: its nodes, the services their
 * profiles know, its routers (by name, filtered by id) and every rule. History may name an
 * element the cloud no longer has; the form keeps a value it is given whatever this lists.
 */
import { RULES } from "@/lib/diagnose";
import { routerIds } from "@/lib/facts/gateway-chain";
import type { Snapshot } from "@/lib/model/snapshot";
import { serviceSpecs } from "@/lib/profiles";

export interface TimelineOptions {
  nodes: string[];
  services: string[];
  routers: { id: string; name: string }[];
  rules: string[];
}

export function timelineOptions(snapshot: Snapshot): TimelineOptions {
  const services = new Set<string>();
  for (const node of snapshot.nodes)
    for (const spec of serviceSpecs(node.profile)) services.add(spec.service);
  const names = new Map(snapshot.neutron.routers.map((r) => [r.id, r.name]));
  return {
    nodes: snapshot.nodes.map((n) => n.name),
    services: [...services].sort(),
    routers: routerIds(snapshot)
      .map((id) => ({ id, name: names.get(id) ?? id }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    rules: [...new Set(RULES.map((r) => r.id))].sort(),
  };
}
