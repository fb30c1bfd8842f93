/** Runs once when the server starts; the Node.js part validates the inventory and opens the store. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { openStoreAtStart } = await import("./instrumentation-node");
    await openStoreAtStart();
  }
}
