import { getInventory, InventoryError } from "@/lib/inventory";

// A bad inventory stops the server here, with a message that names the file, the field and
// the problem: the server never starts half-configured.
try {
  const inventory = getInventory();
  console.log(
    `ovnscope: inventory ${inventory.source}: cloud "${inventory.cloud.name}", ${inventory.nodes.length} nodes`,
  );
} catch (err) {
  console.error(err instanceof InventoryError ? `ovnscope: ${err.message}` : err);
  process.exit(1);
}
