import type { InventoryNode, NeutronAccess } from "@/lib/inventory";
import type { NeutronState, NodeSnapshot } from "@/lib/model/snapshot";
import { readSections } from "@/lib/probes/sections";
import { neutronFromSection } from "./neutron";
import { parseNodeSections, type SectionMemo } from "./node-data";

export interface NodeOutput {
  /** The node scripts' frames, as bytes (live) or text (captured fixtures, tests). */
  stdout: Buffer | string;
  stderr: string;
  /** Why the output was cut off before it ended (over the byte limit, not frames). */
  cutOff?: string | null;
  /** neutron-query's frames when read on their own channel (else looked for in `stdout`). */
  neutron?: Buffer;
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
    group: node.group ?? null,
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
  /** The node's last parses (the collector's): unchanged sections keep their value. */
  memo?: SectionMemo,
): ReadNode {
  const base = nodeIdentity(node, attemptedAt);
  const { sections: raw, problem: framing } = readSections(output.stdout);
  const neutronSection = output.neutron
    ? readSections(output.neutron).sections.get("neutron")
    : raw.get("neutron");
  const neutron = access && neutronFromSection(access, neutronSection, attemptedAt);
  // Output cut off or not in frames: said once, before what it cost (missing sections).
  const cut = output.cutOff ?? framing;
  if (!raw.has("meta")) {
    const said = output.stderr.trim().split("\n")[0];
    const why = output.cutOff ?? (said || framing || "the collect script printed nothing");
    const denied = !output.cutOff && !!said && /sudo|not allowed|password/i.test(said);
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
  const parsed = parseNodeSections(raw, memo);
  const { data } = parsed;
  const problems = cut ? [cut, ...parsed.problems] : parsed.problems;
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
