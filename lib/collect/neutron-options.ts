import type { InventoryNode } from "@/lib/inventory";
import type { NeutronOptions, NodeData, SectionStatus } from "@/lib/model/snapshot";
import { parseNeutronOptions } from "@/lib/probes/neutron-options";
import { splitSections } from "@/lib/probes/sections";
import { neutronOptionsCommand, type NodeCommand } from "@/lib/ssh/command";
import { isSshError, type ExecResult, type SshError } from "@/lib/ssh/pool";
import { readSection } from "./node-data";
import { neutronServices } from "@/lib/profiles";

/** A node whose Neutron server is meant to run here (its settings are worth checking). */
export function runsNeutronServer(data: NodeData, profile: string): boolean {
  const units = neutronServices(profile).flatMap((s) => s.units);
  return data.units.some(
    (u) =>
      units.includes(u.id) &&
      u.loadState === "loaded" &&
      (u.activeState !== "inactive" ||
        !["disabled", "masked", "masked-runtime"].includes(u.unitFileState)),
  );
}

export interface OptionsEntry {
  value: NeutronOptions | null;
  status: SectionStatus;
  at: string;
  /** The installed Neutron it was read for (collect's meta "neutron"). */
  signature: string;
  generation: number;
}

/**
 * Pure: is the option list due on this node? Once per node that runs a Neutron server, again
 * when its installed Neutron changes, and after a failed read every `retryEvery` refreshes.
 */
export function neutronOptionsDue(
  data: NodeData,
  profile: string,
  previous: OptionsEntry | undefined,
  generation: number,
  retryEvery: number,
): boolean {
  if (!runsNeutronServer(data, profile)) return false;
  if (!previous) return true;
  if (previous.signature !== (data.meta?.neutron ?? "")) return true;
  return previous.status.state === "failed" && generation - previous.generation >= retryEvery;
}

/**
 * neutron-options takes ~3 s on an idle node (it imports Neutron) and several times that on a
 * busy one, more than a node read may take: it gets its own bound. It runs once per node.
 */
export const NEUTRON_OPTIONS_TIMEOUT_MS = 30_000;

/**
 * neutron-options is slow, so its answer is kept per node and attached to every later refresh
 * with the time it was read.
 */
export class NeutronOptionsCache {
  private readonly entries = new Map<string, OptionsEntry>();

  constructor(
    private readonly exec: (
      node: InventoryNode,
      c: NodeCommand,
      timeoutMs: number,
    ) => Promise<ExecResult | SshError>,
    private readonly retryEvery = 60,
  ) {}

  async attach(node: InventoryNode, data: NodeData, at: string, generation: number) {
    let entry = this.entries.get(node.name);
    if (neutronOptionsDue(data, node.profile, entry, generation, this.retryEvery)) {
      const out = await this.exec(node, neutronOptionsCommand(), NEUTRON_OPTIONS_TIMEOUT_MS);
      const read = isSshError(out)
        ? {
            value: null,
            status: { state: "failed" as const, rc: null, message: out.message },
          }
        : readSection(
            splitSections(out.out).get("neutron-options"),
            "neutron-options",
            parseNeutronOptions,
            null,
          );
      entry = {
        value: read.value,
        status: read.status,
        at,
        signature: data.meta?.neutron ?? "",
        generation,
      };
      this.entries.set(node.name, entry);
    }
    if (!entry || !runsNeutronServer(data, node.profile)) return;
    data.neutronOptions = entry.value;
    data.neutronOptionsCollectedAt = entry.value ? entry.at : null;
    data.sections["neutron-options"] = entry.status;
  }
}
