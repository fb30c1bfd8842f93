/**
 * Route handlers see a Request, never the socket, and Next keeps any X-Forwarded-For a client
 * sends (it adds the socket's address only when the header is missing): on its own, a handler
 * cannot tell the peer from what the peer claims. So, once at server start (instrumentation),
 * each request is marked as it arrives, before Next reads it (lib/http/intercept.ts):
 * the socket's address in PEER_HEADER, forwarded headers dropped unless that address is a
 * trusted proxy (`markPeer`, lib/auth/request.ts). The stamp carries a random per-process
 * nonce, so a client's own PEER_HEADER (overwritten here anyway) is never believed.
 */
import { randomBytes } from "node:crypto";
import { interceptRequests } from "@/lib/http/intercept";
import {
  markPeer,
  parseTrustedProxies,
  setPeerNonce,
  TRUSTED_PROXIES_ENV,
  TrustedProxiesError,
  type TrustedProxies,
} from "./request";

export function installPeerMarking(trusted: TrustedProxies): void {
  const nonce = setPeerNonce(randomBytes(16).toString("base64url"));
  interceptRequests("peer-mark", (_event, request) => {
    markPeer(request.headers, request.socket?.remoteAddress, trusted, nonce);
    return false;
  });
}

/**
 * At server start (instrumentation.ts): reads OVNSCOPE_TRUSTED_PROXIES, installs the marking
 * and says whom forwarded headers are believed from; a bad entry stops the start with the entry
 * named, like a bad inventory: the server never starts half-configured.
 */
export function markPeersAtStart(env: Record<string, string | undefined> = process.env): void {
  try {
    const trusted = parseTrustedProxies(env[TRUSTED_PROXIES_ENV]);
    installPeerMarking(trusted);
    console.log(
      trusted.entries.length
        ? `ovnscope: forwarded headers (X-Forwarded-For, -Proto, -Host) believed from ${trusted.entries.join(", ")} only`
        : `ovnscope: forwarded headers believed from no one (${TRUSTED_PROXIES_ENV} is empty)`,
    );
  } catch (err) {
    console.error(err instanceof TrustedProxiesError ? `ovnscope: ${err.message}` : err);
    process.exit(1);
  }
}
