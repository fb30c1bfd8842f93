/**
 * Route handlers see a Request, never the socket, and Next keeps any X-Forwarded-For a client
 * sends (it adds the socket's address only when the header is missing): on its own, a handler
 * cannot tell the peer from what the peer claims. So, once at server start (instrumentation),
 * node's HTTP servers are wrapped to mark each request as it arrives, before Next reads it:
 * the socket's address in PEER_HEADER, forwarded headers dropped unless that address is a
 * trusted proxy (`markPeer`, lib/auth/request.ts). The stamp carries a random per-process
 * nonce, so a client's own PEER_HEADER (overwritten here anyway) is never believed.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import {
  markPeer,
  parseTrustedProxies,
  setPeerNonce,
  TRUSTED_PROXIES_ENV,
  TrustedProxiesError,
  type TrustedProxies,
} from "./request";

const INSTALLED = Symbol.for("ovnscope.peerMark");
// Events whose first argument is the incoming request.
const REQUEST_EVENTS = new Set(["request", "checkContinue", "checkExpectation", "upgrade"]);

export function installPeerMarking(trusted: TrustedProxies): void {
  const nonce = setPeerNonce(randomBytes(16).toString("base64url"));
  for (const proto of [http.Server.prototype, https.Server.prototype] as Array<
    { emit: (event: string | symbol, ...args: unknown[]) => boolean } & { [INSTALLED]?: true }
  >) {
    if (proto[INSTALLED]) continue;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (typeof event === "string" && REQUEST_EVENTS.has(event)) {
        const req = args[0] as http.IncomingMessage;
        markPeer(req.headers, req.socket?.remoteAddress, trusted, nonce);
      }
      return emit.call(this, event, ...args);
    };
    proto[INSTALLED] = true;
  }
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
