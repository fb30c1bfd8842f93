/**
 * The cloud as a graph: the OVN central services and neutron-server, every host as a chassis
 * card, routers and physical networks; edges that mean a connection or a binding. Health on
 * every element; findings name the elements they affect. One builder per element kind, each in
 * its own file, adds its cards and the edges that start at them; the order below is the order
 * in which an edge's two ends exist.
 */
import { diagnosisOf, flatten } from "@/lib/diagnose";
import type { Snapshot } from "@/lib/model/snapshot";
import { addCentralDbEdges } from "./central-dbs";
import { addForeignChassis } from "./chassis";
import { newGraph } from "./graph";
import { groupHosts, type GroupOptions } from "./groups";
import { addHosts } from "./hosts";
import { addExternalNetworks, addProviderEdges } from "./networks";
import { addPhysnets } from "./physnets";
import { addRouters } from "./routers";
import { addCentralServices } from "./services";
import type { TopologyModel } from "./types";

export { ringOf, worstSeverity } from "./types";
export type { Ring, TopoEdge, TopoGroup, TopoKind, TopologyModel, TopoNode } from "./types";
export { expandedKeys, foldGroups, GROUP_ABOVE, GROUP_KEY, hostGroups, namePrefix } from "./groups";
export type { GroupOptions } from "./groups";

/**
 * `options`: on a cloud of more than GROUP_ABOVE compute hosts, how they are grouped and which
 * groups are drawn expanded (./groups.ts).
 */
export function topologyModel(snapshot: Snapshot, options: GroupOptions = {}): TopologyModel {
  const findings = diagnosisOf(snapshot);
  const g = newGraph(snapshot, flatten(findings));
  const central = addCentralServices(g);
  addHosts(g);
  addCentralDbEdges(g, central);
  addForeignChassis(g, central);
  const { networks, physnets } = addRouters(g);
  addExternalNetworks(g, networks);
  addPhysnets(g, physnets);
  addProviderEdges(g, networks);
  const expanded = groupHosts(g, options);
  // Sort for stable ids order: the layout depends only on structure, so nothing jumps.
  const nodes = g.nodes.sort((a, b) => a.id.localeCompare(b.id));
  const edges = g.edges.sort((a, b) => a.id.localeCompare(b.id));
  return { finishedAt: snapshot.finishedAt, nodes, edges, findings, expanded };
}
