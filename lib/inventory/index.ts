import { loadInventoryFile } from "./load";
import type { Inventory } from "./types";

export { InventoryError, loadInventoryFile, parseInventory } from "./load";
export type { Inventory, InventoryNode, NeutronAccess, PublicNode } from "./types";

/** Where the server reads its inventory: OVNSCOPE_INVENTORY, else ./inventory.yaml. */
export function inventoryPath(): string {
  return process.env.OVNSCOPE_INVENTORY || "inventory.yaml";
}

let cached: Inventory | undefined;

/** The server's inventory, loaded once (validated at start by instrumentation.ts). */
export function getInventory(): Inventory {
  cached ??= loadInventoryFile(inventoryPath());
  return cached;
}
