/** What the Timeline shows for a query, read from the store (the page and /api/history share it). */
import type { RunRecord } from "@/lib/recovery/types";
import type { Store } from "@/lib/store/types";
import { HISTORY_QUERY_MAX } from "@/lib/store/sql-store";
import type { TimelineQuery } from "./range";
import { downsampleSeries, openFindingsSeries, type OpenCountPoint } from "./timeline";
import type { HistoryEvent } from "./types";

export interface TimelineModel {
  from: number;
  to: number;
  preset: TimelineQuery["preset"];
  filter: TimelineQuery["filter"];
  /** The range's newest events (at most LIST_MAX), oldest first. */
  events: HistoryEvent[];
  /** How many events the range and filters hold. */
  total: number;
  /** The list shows the newest LIST_MAX of more: the earlier ones are a range ending at the first shown. */
  truncated: boolean;
  /** Open findings by severity over the range (the node/service/router/rule filters apply). */
  series: OpenCountPoint[];
  /** Recovery runs going on during the range (their own records: /recovery/runs/<id>). */
  runs: TimelineRun[];
}

export type TimelineRun = Pick<
  RunRecord,
  "id" | "runbook" | "target" | "operator" | "status" | "startedAt" | "endedAt"
>;

/** Runs shown beside a range's events (a long range of many runs shows the first ones). */
const RUNS_MAX = 200;

/**
 * Events one answer lists. A page of more is unreadable and slow to draw (24 h of a gateway
 * flapping once a minute is 2,880 events); the chart still counts them all.
 */
export const LIST_MAX = 500;

/** The chart's points at most: about one per two pixels of a wide chart. */
export const SERIES_MAX_POINTS = 720;

const FINDING_KINDS = ["finding.opened", "finding.severity", "finding.closed"] as const;

export async function timelineModel(
  store: Store,
  cloud: string,
  q: TimelineQuery,
): Promise<TimelineModel> {
  const { from, to } = q.filter;
  const { node, service, router, rule } = q.filter;
  const elements = { node, service, router, rule };
  const [{ events }, total, openAtStart, findingEvents, runs] = await Promise.all([
    store.history.query(cloud, { ...q.filter, limit: q.filter.limit ?? LIST_MAX, newest: true }),
    store.history.count(cloud, q.filter),
    store.history.openAt(cloud, from, elements),
    // The chart counts findings whatever kinds the list shows.
    store.history.query(cloud, {
      ...elements,
      from,
      to,
      kinds: [...FINDING_KINDS],
      limit: HISTORY_QUERY_MAX,
    }),
    store.runs.during(cloud, from, to, RUNS_MAX),
  ]);
  return {
    from,
    to,
    preset: q.preset,
    filter: q.filter,
    events,
    total,
    truncated: total > events.length,
    series: downsampleSeries(
      openFindingsSeries(openAtStart, findingEvents.events, from, to),
      SERIES_MAX_POINTS,
    ),
    runs: runs.map(({ id, runbook, target, operator, status, startedAt, endedAt }) => ({
      id,
      runbook,
      target,
      operator,
      status,
      startedAt,
      endedAt,
    })),
  };
}
