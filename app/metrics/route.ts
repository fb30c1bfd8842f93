import { jsonError, withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { diagnosisOf } from "@/lib/diagnose";
import { createMetricsRegistry, type MetricsRegistry } from "@/lib/metrics/registry";
import { bearerOf, metricsToken, tokenMatches } from "@/lib/metrics/token";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/** Runs counted per scrape: the store lists at most this many, newest first. */
const RUNS = 500;

/** Where one scrape's time went (ms), for its Server-Timing header. */
interface Timing {
  snapshot: number;
  diagnose: number;
  store: number;
}
/** The scrape being started: its loader takes it before its first await (see serve). */
let starting: Timing | null = null;

const holder = globalThis as typeof globalThis & { __ovnscopeMetrics?: MetricsRegistry };
function metrics(): MetricsRegistry {
  holder.__ovnscopeMetrics ??= createMetricsRegistry(async () => {
    const timing = starting ?? { snapshot: 0, diagnose: 0, store: 0 };
    let t = performance.now();
    const snapshot = await currentSnapshot();
    timing.snapshot = performance.now() - t;
    // Shared with the pages' views of the same generation (diagnosed once per snapshot).
    t = performance.now();
    const found = diagnosisOf(snapshot);
    timing.diagnose = performance.now() - t;
    t = performance.now();
    const runs = await (await getStore()).runs.list(snapshot.cloud, RUNS);
    timing.store = performance.now() - t;
    return { snapshot, findings: found, runs, now: Date.now() };
  });
  return holder.__ovnscopeMetrics;
}

const ms = (n: number) => n.toFixed(1);

/**
 * The scrape, with where its time went as Server-Timing: waiting for the snapshot (a refresh
 * when it was older than the refresh interval), diagnosing it (first scrape of a snapshot),
 * reading the runs, and in all (bench/metrics/http.ts reads it).
 */
async function serve(): Promise<Response> {
  const m = metrics();
  const timing: Timing = { snapshot: 0, diagnose: 0, store: 0 };
  const t0 = performance.now();
  starting = timing;
  const scraped = m.scrape(); // calls the loader at once, which takes `timing`
  starting = null;
  const body = await scraped;
  const all = performance.now() - t0;
  return new Response(body, {
    headers: {
      "Content-Type": m.contentType,
      "Cache-Control": "no-store",
      "Server-Timing": [
        `snapshot;dur=${ms(timing.snapshot)}`,
        `diagnose;dur=${ms(timing.diagnose)}`,
        `store;dur=${ms(timing.store)}`,
        `scrape;dur=${ms(all)}`,
      ].join(", "),
    },
  });
}

const withSession = withRole("viewer", serve);

/**
 * The Prometheus exposition of the current snapshot (lib/metrics/series.ts). A scraper sends
 * `Authorization: Bearer <OVNSCOPE_METRICS_TOKEN>`; a signed-in viewer's session works too.
 * A bearer token that is not the configured one (or none configured) gets 401, as does a
 * request with neither.
 */
export async function GET(request: Request, context: unknown): Promise<Response> {
  const bearer = bearerOf(request.headers.get("authorization"));
  if (bearer !== null)
    return tokenMatches(bearer, metricsToken()) ? serve() : jsonError(401, "unauthenticated");
  return withSession(request, context);
}
