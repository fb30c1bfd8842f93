"use client";

import { useEffect } from "react";
import { useSWRConfig } from "swr";

const CHANNEL = "ovnscope-live";

/**
 * Re-reads every live view on the page as soon as a node reports a unit change (/api/live),
 * instead of at the next polling interval. Renders nothing; polling goes on regardless.
 *
 * One stream per browser, not per tab: a browser keeps at most six HTTP/1.1 connections per
 * host, and a NOC's many tabs each holding one would starve every other request. The tab
 * holding the Web Lock opens the EventSource and passes its events to the other tabs on a
 * BroadcastChannel; when that tab closes, the lock (and the stream) moves to another.
 */
export function LiveUpdates() {
  const { mutate } = useSWRConfig();
  useEffect(() => {
    const revalidateAll = () => void mutate(() => true);
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = revalidateAll;
    const abort = new AbortController();
    let source: EventSource | null = null;
    const lead = () =>
      new Promise<void>((release) => {
        source = new EventSource("/api/live");
        source.addEventListener("snapshot", () => {
          revalidateAll();
          channel.postMessage("snapshot");
        });
        abort.signal.addEventListener("abort", () => release());
      });
    if (navigator.locks)
      navigator.locks.request(CHANNEL, { signal: abort.signal }, lead).catch(() => undefined);
    else void lead(); // no Web Locks: this tab keeps its own stream
    return () => {
      abort.abort();
      source?.close();
      channel.close();
    };
  }, [mutate]);
  return null;
}
