import "server-only";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { getInventory } from "@/lib/inventory";
import { rawInventorySchema } from "@/lib/inventory/schema";
import { expandedKeys, hostGroups } from "@/lib/views/topology";
import type { Snapshot } from "@/lib/model/snapshot";

let cached: { source: string; groups: Map<string, string> } | undefined;

/**
 * Each node's `group` (zone, aggregate) as the inventory file names it, for the topology's
 * grouping. The loaded inventory (lib/inventory/load.ts) does not carry the field to the
 * snapshot yet, so it is read here from the same file, validated by the same schema, once per
 * process. A file that no longer reads: no groups (name prefixes then).
 */
export function inventoryGroupOf(): (name: string) => string | undefined {
  const source = getInventory().source;
  if (cached?.source !== source) {
    const groups = new Map<string, string>();
    try {
      const raw = rawInventorySchema.parse(parse(readFileSync(source, "utf8")));
      for (const n of raw.nodes) if (n.group) groups.set(n.name, n.group);
    } catch {
      // Validated at start; changed since: fall back to name prefixes.
    }
    cached = { source, groups };
  }
  const { groups } = cached;
  return (name) => groups.get(name);
}

/** `?expand=a,b` for this snapshot: the known group keys asked for, sorted. */
export function expandParam(snapshot: Snapshot, asked: string | null | undefined): string[] {
  return expandedKeys(asked, hostGroups(snapshot, inventoryGroupOf()));
}
