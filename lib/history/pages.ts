/**
 * What the finding and router pages show of history, read from the store on the server (their
 * pages hand it to the client components; the store never reaches the browser).
 */
import { getInventory } from "@/lib/inventory";
import { getStore } from "@/lib/store";
import type { Store } from "@/lib/store/types";
import { HISTORY_QUERY_MAX } from "@/lib/store/sql-store";
import { historyConfigFromEnv } from "./config";
import { RANGE_PRESETS, timelineParams, type RangePreset } from "./range";
import { findingHistory, gatewaySpans, type ChassisSpan, type FindingHistory } from "./timeline";

export interface FindingHistoryModel extends FindingHistory {
  /** How far back history was asked (the retention). */
  retentionMs: number;
  at: number;
  truncated: boolean;
  /** /timeline's query for this finding's rule (and node) over a range that holds its openings. */
  timeline: string;
}

/** A finding's openings over the retention: first opened, how often, how long in all. */
export async function findingHistoryModel(
  store: Store,
  cloud: string,
  id: string,
  retentionMs: number,
  now: number,
): Promise<FindingHistoryModel> {
  const { events, truncated } = await store.history.query(cloud, {
    from: now - retentionMs,
    to: now,
    subject: id,
    kinds: ["finding.opened", "finding.severity", "finding.closed"],
    limit: HISTORY_QUERY_MAX,
  });
  const h = findingHistory(events, now);
  const rule = events[0]?.rule ?? id.split(":")[0]!;
  const node = events.find((e) => e.node)?.node ?? undefined;
  return {
    ...h,
    retentionMs,
    at: now,
    truncated,
    timeline: timelineParams({
      filter: { from: 0, to: 0, rule, ...(node ? { node } : {}) },
      preset: presetHolding(now - (h.firstOpenedAt ?? now)),
    }).toString(),
  };
}

/** The shortest range preset that reaches `ms` back (the longest when none does). */
export function presetHolding(ms: number): RangePreset {
  const presets = Object.entries(RANGE_PRESETS) as [RangePreset, number][];
  return (presets.find(([, span]) => span >= ms) ?? presets.at(-1)!)[0];
}

export interface GatewayHistoryModel {
  routerId: string;
  from: number;
  to: number;
  /** Where history begins in the range (its oldest event, when after `from`): nothing is known before. */
  begin: number;
  /** From `begin`, oldest first; empty when history has nothing on this router's gateway. */
  spans: ChassisSpan[];
}

export const GATEWAY_HISTORY_MS = RANGE_PRESETS["24h"];

/**
 * The chassis hosting a router's gateway over [now - rangeMs, now]. With no move in the range the
 * recorded state (what the last snapshot showed) held all along, as far as history knows.
 */
export async function gatewayHistoryModel(
  store: Store,
  cloud: string,
  routerId: string,
  now: number,
  rangeMs: number = GATEWAY_HISTORY_MS,
): Promise<GatewayHistoryModel> {
  const from = now - rangeMs;
  const [{ events }, state, oldest] = await Promise.all([
    store.history.query(cloud, {
      from,
      to: now,
      router: routerId,
      kinds: ["gateway.moved"],
      limit: HISTORY_QUERY_MAX,
    }),
    store.history.state(cloud),
    // The cloud's first sight records its open findings; a cloud seen with none has no oldest
    // event, and the recorded chassis is then drawn over the whole range.
    store.history.query(cloud, { from: 0, to: now, limit: 1 }),
  ]);
  const begin = Math.min(now, Math.max(from, oldest.events[0]?.at ?? from));
  const recorded = state?.gateways[routerId];
  const atStart = events.length || recorded === undefined ? undefined : recorded || null;
  return { routerId, from, to: now, begin, spans: gatewaySpans(events, begin, now, atStart) };
}

/** A page's history block: what it read, or why there is nothing to show. */
export type HistoryBlock<T> =
  { state: "ok"; model: T } | { state: "off" } | { state: "error"; error: string };

/**
 * Reads a block for a page from the server's store, unless history is off. A store that cannot
 * be read costs the block, never the page (the snapshot's view still renders).
 */
export async function historyBlock<T>(
  read: (store: Store, cloud: string, retentionMs: number, now: number) => Promise<T>,
): Promise<HistoryBlock<T>> {
  try {
    const config = historyConfigFromEnv();
    if (!config.enabled) return { state: "off" };
    return {
      state: "ok",
      model: await read(
        await getStore(),
        getInventory().cloud.name,
        config.retentionMs,
        Date.now(),
      ),
    };
  } catch (err) {
    return { state: "error", error: err instanceof Error ? err.message : String(err) };
  }
}
