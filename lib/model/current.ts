/**
 * Whether ovnscope's data of a node is current: the node's last read succeeded, fully or in
 * part. Data kept from an earlier read is shown (marked stale) but never judged, so every
 * consumer — facts, rules, views, recovery checks, pages — asks this one question here.
 */
import type { NodeData, NodeSnapshot, Reachability } from "./snapshot";

export function isCurrent(node: { reach: Reachability }): boolean {
  return node.reach === "reachable" || node.reach === "partial";
}

/** The node's current data, or null when it is stale or absent. */
export function currentData(node: NodeSnapshot): NodeData | null {
  return isCurrent(node) ? node.data : null;
}
