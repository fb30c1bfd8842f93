import type { InventoryNode, NeutronAccess } from "@/lib/inventory";
import type { NeutronState, NodeSnapshot } from "@/lib/model/snapshot";
import { splitSections } from "@/lib/probes/sections";
import { neutronFromSection } from "./neutron";
import { parseNodeSections } from "./node-data";

export interface NodeOutput {
  stdout: string;
  stderr: string;
}

export interface ReadNode {
  /** The node as read from this output, without timing (the caller adds durationMs). */
  node: Omit<NodeSnapshot, "durationMs">;
  /** Set when this node ran the Neutron query. */
  neutron?: NeutronState;
  /** False when the collect script did not run (sudo refused, not installed): keep old data. */
  ran: boolean;
}

/** The fields every NodeSnapshot starts with, whatever the attempt gave. */
export function nodeIdentity(node: InventoryNode, attemptedAt: string) {
  return {
    name: node.name,
    address: node.address,
    roles: node.roles,
    profile: node.profile,
    attemptedAt,
  };
}

/**
 * Pure: one node's collect output → its NodeSnapshot (and Neutron's view when it ran the
 * query). Used by the collector on live SSH output and by tests on captured fixtures.
 */
export function readNodeOutput(
  node: InventoryNode,
  access: NeutronAccess | undefined,
  output: NodeOutput,
  attemptedAt: string,
): ReadNode {
  const base = nodeIdentity(node, attemptedAt);
  const raw = splitSections(output.stdout);
  const neutron = access && neutronFromSection(access, raw.get("neutron"), attemptedAt);
  if (!raw.has("meta")) {
    const why = output.stderr.trim().split("\n")[0] || "the collect script printed nothing";
    const denied = /sudo|not allowed|password/i.test(why);
    return {
      node: {
        ...base,
        reach: denied ? "denied" : "partial",
        error: denied ? `sudo refused the collect script: ${why}` : why,
        data: null,
        dataCollectedAt: null,
      },
      neutron,
      ran: false,
    };
  }
  const { data, problems } = parseNodeSections(raw);
  return {
    node: {
      ...base,
      reach: problems.length ? "partial" : "reachable",
      error: problems.length ? problems.join("; ") : null,
      data,
      dataCollectedAt: attemptedAt,
    },
    neutron,
    ran: true,
  };
}
