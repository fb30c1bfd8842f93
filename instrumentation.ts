/** Runs once when the server starts; the Node.js part validates the inventory. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./instrumentation-node");
  }
}
