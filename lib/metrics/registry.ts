/**
 * The prom-client registry behind GET /metrics: one Gauge per family of series.ts, each filled
 * by its collect() at scrape time from one load of the inputs per scrape (the snapshot is read
 * and diagnosed once, however many families read it). The I/O (collector, store) is the
 * caller's: `load` is given in, so this layer imports nothing above lib/facts and lib/diagnose.
 */
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { Finding } from "@/lib/diagnose";
import type { Snapshot } from "@/lib/model/snapshot";
import {
  dataAges,
  FAMILIES,
  recoveryRunSeries,
  snapshotSeries,
  type FamilyKey,
  type RunSummary,
  type Series,
} from "./series";

/** What one scrape reads: the current snapshot (its findings if already made) and the runs. */
export interface ScrapeInputs {
  snapshot: Snapshot;
  findings?: Finding[];
  runs: RunSummary[];
  /** Scrape time (epoch ms). */
  now: number;
}

export interface MetricsRegistry {
  registry: Registry;
  /** One scrape: loads the inputs once and renders every family (text exposition format). */
  scrape(): Promise<string>;
  contentType: string;
}

/**
 * Builds the series of one scrape. What depends on the snapshot alone is built once per
 * snapshot (`cache`, kept as long as the snapshot is): a second scrape of the same generation
 * (a second Prometheus of an HA pair, a faster scrape interval) only ages the data and counts
 * the runs again.
 */
export function seriesOf(inputs: ScrapeInputs, cache?: WeakMap<Snapshot, Series>): Series {
  let base = cache?.get(inputs.snapshot);
  if (!base) {
    base = snapshotSeries(inputs.snapshot, inputs.now, inputs.findings);
    cache?.set(inputs.snapshot, base);
  }
  return {
    ...base,
    nodeDataAge: dataAges(inputs.snapshot, inputs.now),
    recoveryRuns: recoveryRunSeries(inputs.runs),
  };
}

export function createMetricsRegistry(
  load: () => Promise<ScrapeInputs>,
  options: { processMetrics?: boolean } = {},
): MetricsRegistry {
  const registry = new Registry();
  const bySnapshot = new WeakMap<Snapshot, Series>();
  // The series of the scrape being rendered. registry.metrics() calls every collect() before
  // its first await, so each scrape's families read its own series, whatever else overlaps.
  let current: Series | null = null;
  for (const key of Object.keys(FAMILIES) as FamilyKey[]) {
    const spec = FAMILIES[key];
    new Gauge({
      name: spec.name,
      help: spec.help,
      labelNames: spec.labelNames,
      registers: [registry],
      collect() {
        if (!current) return;
        const samples = current[key];
        this.reset();
        for (const s of samples) this.set(s.labels, s.value);
      },
    });
  }
  // The exporter's own process (process_*, nodejs_*), as prom-client's clients conventionally add.
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  return {
    registry,
    contentType: registry.contentType,
    async scrape() {
      const series = seriesOf(await load(), bySnapshot); // a failed load fails the scrape
      current = series;
      try {
        return registry.metrics();
      } finally {
        current = null;
      }
    },
  };
}
