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

/**
 * Whether a node's data is older than this attempt: its read failed and the last good data is
 * shown. A node followed by its change watch (NodeSnapshot.followed) is not stale.
 */
export function isStale(node: NodeSnapshot): boolean {
  return node.dataCollectedAt !== node.attemptedAt && !node.followed;
}

/** Up to when ovnscope knows the node's data to be true: read then, or followed since. */
export function knownAt(node: NodeSnapshot): string | null {
  return node.followed ? node.attemptedAt : node.dataCollectedAt;
}
