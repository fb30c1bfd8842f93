/**
 * A view of a snapshot, served once per snapshot (issue #18): the JSON body of each view (its
 * `key`: route and parameters) is built and serialised once per snapshot generation however
 * many viewers ask, concurrent requests share that one build, and a browser that has the
 * current body already (If-None-Match) gets 304 with no body.
 *
 * Bodies live as long as their snapshot object (a WeakMap): a new generation drops the old
 * ones with it. The ETag names this server process too, so two instances behind one load
 * balancer never answer 304 for a body the other built.
 */
import { createHash, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Snapshot } from "@/lib/model/snapshot";

export interface Built {
  body: string;
  etag: string;
  /** The body gzipped, made on the first ask for it (gzippedView). */
  gzipped?: Promise<Buffer>;
}

const gzipAsync = promisify(gzip);

const PROCESS = randomUUID().slice(0, 8);
const bodies = new WeakMap<Snapshot, Map<string, Promise<Built>>>();

/** Browsers may keep the body, but must ask before using it again; shared caches never keep it. */
export const VIEW_HEADERS = {
  "Cache-Control": "private, no-cache",
  "Content-Type": "application/json",
} as const;

function etagOf(snapshot: Snapshot, key: string): string {
  const k = createHash("sha256").update(key).digest("base64url").slice(0, 12);
  return `"${PROCESS}-${snapshot.generation}-${k}"`;
}

/** The view's body for this snapshot: built on the first ask, shared by every later one. */
export function builtView(
  snapshot: Snapshot,
  key: string,
  build: (snapshot: Snapshot) => unknown,
): Promise<Built> {
  let views = bodies.get(snapshot);
  if (!views) bodies.set(snapshot, (views = new Map()));
  let built = views.get(key);
  if (!built) {
    built = (async () => ({
      body: JSON.stringify(await build(snapshot)),
      etag: etagOf(snapshot, key),
    }))();
    views.set(key, built);
    // A failed build is not kept: the next ask tries again.
    built.catch(() => views.delete(key));
  }
  return built;
}

/**
 * The body gzipped, once per built view however many viewers take it (zlib runs off the event
 * loop), and its own ETag: another representation of the same body.
 */
export async function gzippedView(built: Built): Promise<{ body: Buffer; etag: string }> {
  built.gzipped ??= gzipAsync(built.body);
  return { body: await built.gzipped, etag: gzippedTag(built.etag) };
}

/** The ETag of a body's gzipped representation. */
export function gzippedTag(etag: string): string {
  return etag.slice(0, -1) + '-gz"';
}

/** If-None-Match holds this ETag (a list, or "*"; weak validators compare by their opaque part). */
export function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/** 200 with the view's JSON, or 304 when the browser already has this generation's body. */
export async function snapshotView(
  request: Request,
  snapshot: Snapshot,
  key: string,
  build: (snapshot: Snapshot) => unknown,
): Promise<Response> {
  const { body, etag } = await builtView(snapshot, key, build);
  if (matches(request.headers.get("if-none-match"), etag))
    return new Response(null, { status: 304, headers: { ...VIEW_HEADERS, ETag: etag } });
  return new Response(body, { status: 200, headers: { ...VIEW_HEADERS, ETag: etag } });
}
