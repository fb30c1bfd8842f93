import type { Inventory } from "@/lib/inventory";
import { expectedServices, type Service } from "@/lib/profiles";
import type { StepTarget } from "./types";

/** The inventory's nodes whose roles call for `service` (per their profile), in inventory order. */
export function nodesRunning(inventory: Inventory, service: Service): StepTarget[] {
  return inventory.nodes
    .filter((n) => expectedServices(n.profile, n.roles).some((s) => s.service === service))
    .map((n) => ({ node: n.name }));
}
