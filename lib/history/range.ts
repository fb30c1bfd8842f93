/**
 * The Timeline's range and filters from query parameters, as a deep link carries them; pure.
 * `range=1h|6h|24h|7d|30d` is a range ending now; `from`/`to` (ISO, or a datetime-local value
 * read as UTC) pick one. Bad values are errors, said as such: the page shows them instead of
 * quietly showing another range.
 */
import { parseTime } from "@/lib/audit/filter";
import { HISTORY_KINDS, type HistoryFilter, type HistoryKind } from "./types";

export const RANGE_PRESETS = {
  "1h": 3_600_000,
  "6h": 21_600_000,
  "24h": 86_400_000,
  "7d": 604_800_000,
  "30d": 2_592_000_000,
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const DEFAULT_RANGE: RangePreset = "1h";
/** The longest range one request may ask for (the retention's default). */
export const MAX_RANGE_MS = RANGE_PRESETS["30d"];

const ELEMENT = /^[A-Za-z0-9_.:/-]{1,128}$/;

export interface TimelineQuery {
  filter: HistoryFilter;
  /** The preset the range came from, or null for a picked range. */
  preset: RangePreset | null;
}

/** `5m`, `30m`, `2h`, `1d` → ms (check --since); null when it is not one of those. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,5})(s|m|h|d)$/.exec(text.trim());
  if (!m) return null;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
  const ms = Number(m[1]) * unit;
  return ms > 0 && ms <= MAX_RANGE_MS ? ms : null;
}

export function parseTimelineQuery(
  params: URLSearchParams,
  now: number,
): TimelineQuery | { error: string } {
  let from: number;
  let to: number;
  let preset: RangePreset | null = null;
  const fromText = params.get("from");
  const toText = params.get("to");
  if (fromText || toText) {
    const f = parseTime(fromText);
    const t = toText ? parseTime(toText) : now;
    if (f === undefined) return { error: `from: not a time: ${JSON.stringify(fromText ?? "")}` };
    if (t === undefined) return { error: `to: not a time: ${JSON.stringify(toText)}` };
    if (t <= f) return { error: "to must be after from" };
    if (t - f > MAX_RANGE_MS) return { error: "a range is at most 30 days" };
    [from, to] = [f, t];
  } else {
    const name = params.get("range") ?? DEFAULT_RANGE;
    if (!(name in RANGE_PRESETS))
      return {
        error: `range: one of ${Object.keys(RANGE_PRESETS).join(", ")}, not ${JSON.stringify(name)}`,
      };
    preset = name as RangePreset;
    [from, to] = [now - RANGE_PRESETS[preset], now];
  }
  const filter: HistoryFilter = { from, to };
  for (const key of ["node", "service", "router", "rule"] as const) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (!ELEMENT.test(value)) return { error: `${key}: not a name: ${JSON.stringify(value)}` };
    filter[key] = value;
  }
  const kinds = params.getAll("kind").filter(Boolean);
  for (const kind of kinds)
    if (!HISTORY_KINDS.includes(kind as HistoryKind))
      return { error: `kind: unknown: ${JSON.stringify(kind)}` };
  if (kinds.length) filter.kinds = kinds as HistoryKind[];
  return { filter, preset };
}

/** The query parameters of a range and filters (links keep what the page shows). */
export function timelineParams(q: TimelineQuery): URLSearchParams {
  const out = new URLSearchParams();
  if (q.preset) out.set("range", q.preset);
  else {
    out.set("from", new Date(q.filter.from).toISOString());
    out.set("to", new Date(q.filter.to).toISOString());
  }
  for (const key of ["node", "service", "router", "rule"] as const) {
    const value = q.filter[key];
    if (value) out.set(key, value);
  }
  for (const kind of q.filter.kinds ?? []) out.append("kind", kind);
  return out;
}
