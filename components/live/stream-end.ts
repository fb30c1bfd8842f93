"use client";

import { END_EVENT } from "@/lib/http/event-stream";

/** Why the stream ended, from its END_EVENT (lib/http/session-stream.ts). */
export function endReason(event: Event): string {
  try {
    const { reason } = JSON.parse((event as MessageEvent<string>).data) as { reason?: unknown };
    return typeof reason === "string" ? reason : "ended";
  } catch {
    return "ended";
  }
}

/**
 * Leaves a page whose session ended: as a full load, so no signed-in page stays in the
 * client's router cache. Without the role any more, the same page again (the server answers
 * 403); else the login page, back here after signing in.
 */
export function leaveEndedSession(reason: string): void {
  if (reason === "forbidden") window.location.reload();
  else
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(
      `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
    );
}

/**
 * Ends `source` for good on the server's END_EVENT — EventSource would otherwise reconnect
 * and be refused, again and again — and leaves the page (or calls `onEnd` instead).
 */
export function closeOnSessionEnd(
  source: EventSource,
  onEnd: (reason: string) => void = leaveEndedSession,
): void {
  source.addEventListener(END_EVENT, (event) => {
    source.close();
    onEnd(endReason(event));
  });
}
