/**
 * Pure: history events → what the Timeline, finding and router pages draw. Events are in time
 * order (the store returns them oldest first).
 */
import type { Severity } from "@/lib/diagnose/types";
import type { HistoryEvent } from "./types";

export interface OpenCountPoint {
  at: number;
  critical: number;
  warning: number;
  info: number;
}

/**
 * Open findings by severity over [from, to], as a step series: a point at `from` (what was open
 * then), one at every finding event, one at `to`.
 */
export function openFindingsSeries(
  openAtStart: HistoryEvent[],
  events: HistoryEvent[],
  from: number,
  to: number,
): OpenCountPoint[] {
  const open = new Map<string, Severity>();
  for (const e of openAtStart) if (e.severity) open.set(e.subject, e.severity);
  const point = (at: number): OpenCountPoint => {
    const p = { at, critical: 0, warning: 0, info: 0 };
    for (const s of open.values()) p[s]++;
    return p;
  };
  const points = [point(from)];
  for (const e of events) {
    if (e.at < from || e.at > to) continue;
    if (e.kind === "finding.opened" || e.kind === "finding.severity")
      open.set(e.subject, e.severity!);
    else if (e.kind === "finding.closed") open.delete(e.subject);
    else continue;
    const p = point(e.at);
    if (points.at(-1)!.at === e.at) points[points.length - 1] = p;
    else points.push(p);
  }
  points.push(point(to));
  return points;
}

/**
 * At most `max` points, for a chart a few hundred pixels wide: the range is cut into `max - 2`
 * equal buckets and each bucket's points become one, at its first point's time, with the
 * highest count of each severity seen in it (a finding open for a moment still shows). The
 * first and last points (the range's ends) are kept as they are.
 */
export function downsampleSeries(points: OpenCountPoint[], max: number): OpenCountPoint[] {
  if (points.length <= max || points.length < 3) return points;
  const first = points[0]!;
  const last = points.at(-1)!;
  const buckets = Math.max(1, max - 2);
  const width = (last.at - first.at) / buckets || 1;
  const out: OpenCountPoint[] = [first];
  let current: OpenCountPoint | null = null;
  let bucketOf = -1;
  for (const p of points.slice(1, -1)) {
    const b = Math.min(buckets - 1, Math.floor((p.at - first.at) / width));
    if (b !== bucketOf) {
      if (current) out.push(current);
      current = { ...p };
      bucketOf = b;
    } else {
      current!.critical = Math.max(current!.critical, p.critical);
      current!.warning = Math.max(current!.warning, p.warning);
      current!.info = Math.max(current!.info, p.info);
    }
  }
  if (current) out.push(current);
  out.push(last);
  return out;
}

export interface FindingHistory {
  /** The first opening history holds (it may be older: history keeps OVNSCOPE_HISTORY_DAYS). */
  firstOpenedAt: number | null;
  /** It was already open when history began recording: it opened before firstOpenedAt. */
  openBeforeHistory: boolean;
  lastOpenedAt: number | null;
  /** How many times it opened; more than one is a flapping finding. */
  openings: number;
  /** Its open time in total, up to `now` when it is still open. */
  openMs: number;
  openNow: boolean;
}

/** One finding's own events (oldest first) → when it opened, how often, for how long. */
export function findingHistory(events: HistoryEvent[], now: number): FindingHistory {
  const h: FindingHistory = {
    firstOpenedAt: null,
    openBeforeHistory: false,
    lastOpenedAt: null,
    openings: 0,
    openMs: 0,
    openNow: false,
  };
  let openedAt: number | null = null;
  for (const e of events) {
    if (e.kind === "finding.opened") {
      if (h.firstOpenedAt === null) h.openBeforeHistory = e.detail?.alreadyOpen === true;
      h.firstOpenedAt ??= e.at;
      h.lastOpenedAt = e.at;
      h.openings++;
      openedAt = e.at;
    } else if (e.kind === "finding.closed" && openedAt !== null) {
      h.openMs += e.at - openedAt;
      openedAt = null;
    }
  }
  if (openedAt !== null) {
    h.openMs += Math.max(0, now - openedAt);
    h.openNow = true;
  }
  return h;
}

export interface ChassisSpan {
  /** null: nobody hosted the gateway. */
  chassis: string | null;
  from: number;
  to: number;
}

/**
 * A router's gateway hosting over [from, to] from its gateway.moved events: `atStart` is the
 * chassis before the first event in range (the first event's `from` when not known otherwise).
 */
export function gatewaySpans(
  events: HistoryEvent[],
  from: number,
  to: number,
  atStart?: string | null,
): ChassisSpan[] {
  const moves = events.filter((e) => e.kind === "gateway.moved" && e.at >= from && e.at <= to);
  if (moves.length === 0) return atStart === undefined ? [] : [{ chassis: atStart, from, to }];
  const spans: ChassisSpan[] = [];
  let chassis = atStart === undefined ? moves[0]!.from : atStart;
  let since = from;
  for (const m of moves) {
    if (m.at > since) spans.push({ chassis, from: since, to: m.at });
    chassis = m.to;
    since = m.at;
  }
  spans.push({ chassis, from: since, to });
  return spans;
}
