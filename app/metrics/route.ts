import { jsonError, withRole } from "@/lib/auth/server";
import { getCollector } from "@/lib/collect";
import { diagnose, type Finding } from "@/lib/diagnose";
import { createMetricsRegistry, type MetricsRegistry } from "@/lib/metrics/registry";
import { bearerOf, metricsToken, tokenMatches } from "@/lib/metrics/token";
import type { Snapshot } from "@/lib/model/snapshot";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/** Runs counted per scrape: the store lists at most this many, newest first. */
const RUNS = 500;

/** Findings per snapshot: a scrape of the same generation does not diagnose it again. */
const findings = new WeakMap<Snapshot, Finding[]>();

const holder = globalThis as typeof globalThis & { __ovnscopeMetrics?: MetricsRegistry };
function metrics(): MetricsRegistry {
  holder.__ovnscopeMetrics ??= createMetricsRegistry(async () => {
    const snapshot = await getCollector().snapshot();
    let found = findings.get(snapshot);
    if (!found) findings.set(snapshot, (found = diagnose(snapshot)));
    const runs = await (await getStore()).runs.list(snapshot.cloud, RUNS);
    return { snapshot, findings: found, runs, now: Date.now() };
  });
  return holder.__ovnscopeMetrics;
}

async function serve(): Promise<Response> {
  const m = metrics();
  return new Response(await m.scrape(), {
    headers: { "Content-Type": m.contentType, "Cache-Control": "no-store" },
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
