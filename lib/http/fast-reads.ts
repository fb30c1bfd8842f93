/**
 * The polled snapshot views (snapshot-views.ts) answered as they arrive, in front of Next
 * (issue #18: 200 dashboards asking at once). Each view is already built once per snapshot
 * generation (snapshot-response.ts); what was left was per request: Next's pipeline (the
 * proxy, routing, the handler's Request/Response) and its compression, which gzips the same
 * body again for every viewer. Here a request costs a session lookup and a write of a body
 * gzipped once per generation.
 *
 * A view somebody asked for in the last minute is built (and gzipped, if that was asked) as
 * soon as each new snapshot lands, so the dashboards that poll it find it ready; a server
 * nobody watches builds nothing.
 *
 * Only a GET of one of those paths is taken, and it is answered as its route would answer it:
 * the same session check (401 without a live session; every role may read), the same view,
 * ETag and 304, the same security headers the proxy gives every response. Anything else
 * (other paths and methods, HEAD) goes on to Next unchanged.
 */
import type http from "node:http";
import { resolveSession } from "@/lib/auth/sessions";
import { readCookie, SESSION_COOKIE } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/roles";
import { currentSnapshot, getSnapshots } from "@/lib/collect";
import type { Snapshot } from "@/lib/model/snapshot";
import { getStore } from "@/lib/store";
import { acceptsGzip } from "./accept-encoding";
import { interceptRequests } from "./intercept";
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from "./security-headers";
import { builtView, gzippedTag, gzippedView, matches, VIEW_HEADERS } from "./snapshot-response";
import { isSnapshotViewPath, viewOf, type SnapshotViewPath } from "./snapshot-views";

type Headers = Record<string, string | number>;

function send(
  response: http.ServerResponse,
  status: number,
  headers: Headers,
  body?: string | Buffer,
) {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Security-Policy": contentSecurityPolicy(newNonce()),
    ...headers,
    ...(body === undefined ? {} : { "Content-Length": Buffer.byteLength(body) }),
  });
  response.end(body);
}

function sendError(response: http.ServerResponse, status: number, body: object) {
  send(
    response,
    status,
    { "Cache-Control": "no-store", "Content-Type": "application/json" },
    JSON.stringify(body),
  );
}

/** How long a view stays built ahead after its last ask. */
const AHEAD_FOR_MS = 60_000;

interface Asked {
  path: SnapshotViewPath;
  query: URLSearchParams;
  gzip: boolean;
  at: number;
}

/** Views asked for lately, by their key (and coding): what each new snapshot is built for. */
const lately = new Map<string, Asked>();
let following: Promise<unknown> | null = null;

function remember(key: string, asked: Asked) {
  lately.set(`${key}|${asked.gzip ? "gzip" : ""}`, asked);
  following ??= getSnapshots()
    .then((s) => s.onSnapshot((snapshot) => setImmediate(buildAhead, snapshot)))
    .catch(() => (following = null));
}

/** A new snapshot: build what was asked lately (a failure is logged; the next ask builds again). */
function buildAhead(snapshot: Snapshot) {
  const now = Date.now();
  for (const [id, asked] of lately) {
    if (now - asked.at > AHEAD_FOR_MS) {
      lately.delete(id);
      continue;
    }
    const { key, build } = viewOf(asked.path, snapshot, asked.query);
    const built = builtView(snapshot, key, build);
    (asked.gzip ? built.then(gzippedView) : built).catch((err) =>
      console.error(`ovnscope: building ${key} ahead:`, err),
    );
  }
}

/** Answers one GET of a snapshot view (the caller has checked the method and path). */
export async function answerViewRead(
  path: SnapshotViewPath,
  query: URLSearchParams,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const cookie = readCookie(request.headers.cookie ?? null, SESSION_COOKIE);
  const session = cookie ? await resolveSession(await getStore(), cookie) : null;
  if (!session) return sendError(response, 401, { error: "unauthenticated" });
  if (!hasRole(session.role, "viewer"))
    return sendError(response, 403, { error: "forbidden", need: "viewer" });

  const snapshot = await currentSnapshot();
  const { key, build } = viewOf(path, snapshot, query);
  const built = await builtView(snapshot, key, build);
  const gzip = acceptsGzip(request.headers["accept-encoding"]);
  remember(key, { path, query, gzip, at: Date.now() });
  const etag = gzip ? gzippedTag(built.etag) : built.etag;
  const headers: Headers = { ...VIEW_HEADERS, ETag: etag, Vary: "Accept-Encoding" };
  if (matches(request.headers["if-none-match"] ?? null, etag)) return send(response, 304, headers);
  if (!gzip) return send(response, 200, headers, built.body);
  const { body } = await gzippedView(built);
  send(response, 200, { ...headers, "Content-Encoding": "gzip" }, body);
}

/** The view path a request asks for, when it is one taken here. */
function fastReadOf(
  request: http.IncomingMessage,
): { path: SnapshotViewPath; query: URLSearchParams } | null {
  if (request.method !== "GET" || !request.url?.startsWith("/api/")) return null;
  let url: URL;
  try {
    url = new URL(request.url, "http://localhost");
  } catch {
    return null; // Next answers what cannot be parsed (this runs inside the server's emit)
  }
  return isSnapshotViewPath(url.pathname) ? { path: url.pathname, query: url.searchParams } : null;
}

/** At server start (instrumentation.ts): answer the polled views before Next sees them. */
export function installFastReads(): void {
  interceptRequests("fast-reads", (event, request, response) => {
    if (event !== "request" || !response) return false;
    const read = fastReadOf(request);
    if (!read) return false;
    answerViewRead(read.path, read.query, request, response).catch((err) => {
      console.error(`ovnscope: ${request.url}:`, err);
      if (!response.headersSent) sendError(response, 500, { error: "internal" });
      else response.destroy();
    });
    return true;
  });
}
