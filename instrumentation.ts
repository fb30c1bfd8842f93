/**
 * Runs once when the server starts; the Node.js part validates the inventory and the trusted
 * proxies, marks every request with its socket's peer (lib/auth/peer-mark.ts), answers the
 * polled snapshot views in front of Next (lib/http/fast-reads.ts), opens the store and starts
 * recording history.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { openStoreAtStart, startCollectionAtStart, startHistoryAtStart } =
      await import("./instrumentation-node");
    const { markPeersAtStart } = await import("./lib/auth/peer-mark");
    markPeersAtStart();
    const { installFastReads } = await import("./lib/http/fast-reads");
    installFastReads();
    await openStoreAtStart();
    await startCollectionAtStart();
    await startHistoryAtStart();
  }
}
