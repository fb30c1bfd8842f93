"use client";

import { useEffect } from "react";
import { useSWRConfig } from "swr";
import { closeOnSessionEnd, leaveEndedSession } from "./stream-end";

const CHANNEL = "ovnscope-live";

/**
 * Re-reads every live view on the page as soon as a node reports a unit change (/api/live),
 * instead of at the next polling interval. Renders nothing; polling goes on regardless.
 *
 * One stream per browser, not per tab: a browser keeps at most six HTTP/1.1 connections per
 * host, and a NOC's many tabs each holding one would starve every other request. The tab
 * holding the Web Lock opens the EventSource and passes its events to the other tabs on a
 * BroadcastChannel; when that tab closes, the lock (and the stream) moves to another.
 *
 * When the server ends the stream because the session ended (signed out, expired, user
 * removed: `end` with the reason), every tab leaves for the login page, and nobody reopens it.
 */
export function LiveUpdates() {
  const { mutate } = useSWRConfig();
  useEffect(() => {
    const revalidateAll = () => void mutate(() => true);
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (e: MessageEvent<unknown>) => {
      const m = e.data as { end?: string } | string;
      if (typeof m === "object" && m?.end) leaveEndedSession(m.end);
      else revalidateAll();
    };
    const abort = new AbortController();
    let source: EventSource | null = null;
    const lead = () =>
      new Promise<void>((release) => {
        source = new EventSource("/api/live");
        source.addEventListener("snapshot", () => {
          revalidateAll();
          channel.postMessage("snapshot");
        });
        closeOnSessionEnd(source, (reason) => {
          channel.postMessage({ end: reason });
          leaveEndedSession(reason);
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
