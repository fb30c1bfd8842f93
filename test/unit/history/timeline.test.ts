/** What the history pages draw from events, and the Timeline's range and filters from a URL. */
import { describe, expect, it } from "vitest";
import {
  parseDuration,
  parseTimelineQuery,
  RANGE_PRESETS,
  timelineParams,
} from "@/lib/history/range";
import {
  downsampleSeries,
  findingHistory,
  gatewaySpans,
  openFindingsSeries,
} from "@/lib/history/timeline";
import type { HistoryEvent, HistoryKind } from "@/lib/history/types";
import type { Severity } from "@/lib/diagnose/types";

let id = 0;
const ev = (
  at: number,
  kind: HistoryKind,
  subject: string,
  extra: Partial<HistoryEvent> = {},
): HistoryEvent => ({
  id: ++id,
  at,
  kind,
  subject,
  node: null,
  service: null,
  router: null,
  rule: null,
  severity: null,
  from: null,
  to: null,
  detail: null,
  ...extra,
});
const opened = (at: number, subject: string, severity: Severity) =>
  ev(at, "finding.opened", subject, { severity, to: severity });
const closed = (at: number, subject: string, severity: Severity) =>
  ev(at, "finding.closed", subject, { severity, from: severity });

describe("openFindingsSeries", () => {
  it("starts from what was open at the range's start, steps at each finding event, ends at the range's end", () => {
    const series = openFindingsSeries(
      [opened(50, "a", "warning")],
      [
        opened(100, "b", "critical"),
        ev(150, "unit.changed", "ctl1/nb-db"),
        ev(200, "finding.severity", "a", { severity: "critical" }),
        closed(300, "b", "critical"),
      ],
      0,
      400,
    );
    expect(series).toEqual([
      { at: 0, critical: 0, warning: 1, info: 0 },
      { at: 100, critical: 1, warning: 1, info: 0 },
      { at: 200, critical: 2, warning: 0, info: 0 },
      { at: 300, critical: 1, warning: 0, info: 0 },
      { at: 400, critical: 1, warning: 0, info: 0 },
    ]);
  });

  it("events at the same moment make one point", () => {
    const series = openFindingsSeries(
      [],
      [opened(10, "a", "info"), opened(10, "b", "info")],
      0,
      20,
    );
    expect(series.map((p) => [p.at, p.info])).toEqual([
      [0, 0],
      [10, 2],
      [20, 2],
    ]);
  });
});

describe("downsampleSeries", () => {
  const flapping = Array.from({ length: 2881 }, (_, i) => ({
    at: i * 30_000,
    critical: i % 2,
    warning: i === 1001 ? 3 : 0,
    info: 0,
  }));

  it("keeps a short series as it is", () => {
    expect(downsampleSeries(flapping.slice(0, 10), 20)).toEqual(flapping.slice(0, 10));
  });

  it("cuts a long one to at most max points, keeping both ends and every peak", () => {
    const out = downsampleSeries(flapping, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out[0]).toEqual(flapping[0]);
    expect(out.at(-1)).toEqual(flapping.at(-1));
    expect(out.every((p, i) => i === 0 || p.at > out[i - 1]!.at)).toBe(true);
    expect(Math.max(...out.map((p) => p.warning))).toBe(3);
    expect(out.slice(1, -1).every((p) => p.critical === 1)).toBe(true);
  });
});

describe("findingHistory", () => {
  it("counts openings and open time; a finding still open counts up to now", () => {
    const h = findingHistory(
      [
        opened(1000, "a", "critical"),
        closed(4000, "a", "critical"),
        opened(10_000, "a", "critical"),
      ],
      12_000,
    );
    expect(h).toEqual({
      firstOpenedAt: 1000,
      openBeforeHistory: false,
      lastOpenedAt: 10_000,
      openings: 2,
      openMs: 5000,
      openNow: true,
    });
  });

  it("a finding already open when history began opened before its first recorded opening", () => {
    const first = { ...opened(1000, "a", "warning"), detail: { alreadyOpen: true } };
    expect(findingHistory([first], 2000)).toMatchObject({
      firstOpenedAt: 1000,
      openBeforeHistory: true,
      openMs: 1000,
    });
  });

  it("a finding never recorded has no history", () => {
    expect(findingHistory([], 5)).toEqual({
      firstOpenedAt: null,
      openBeforeHistory: false,
      lastOpenedAt: null,
      openings: 0,
      openMs: 0,
      openNow: false,
    });
  });
});

describe("gatewaySpans", () => {
  const move = (at: number, from: string | null, to: string | null) =>
    ev(at, "gateway.moved", "r1", { router: "r1", from, to });
  it("splits the range at each move; before the first move, the chassis it moved from", () => {
    expect(gatewaySpans([move(100, "net1", null), move(160, null, "ctl1")], 0, 300)).toEqual([
      { chassis: "net1", from: 0, to: 100 },
      { chassis: null, from: 100, to: 160 },
      { chassis: "ctl1", from: 160, to: 300 },
    ]);
  });
  it("no move in range: one span of the chassis known at the start, or nothing when it is not known", () => {
    expect(gatewaySpans([], 0, 300, "net1")).toEqual([{ chassis: "net1", from: 0, to: 300 }]);
    expect(gatewaySpans([], 0, 300)).toEqual([]);
  });
});

describe("parseTimelineQuery", () => {
  const now = Date.parse("2026-12-05T03:30:00Z");
  const parse = (q: string) => parseTimelineQuery(new URLSearchParams(q), now);

  it("a preset ends now; no range is the last hour", () => {
    expect(parse("range=24h")).toEqual({
      preset: "24h",
      filter: { from: now - RANGE_PRESETS["24h"], to: now },
    });
    expect(parse("")).toMatchObject({ preset: "1h", filter: { from: now - 3_600_000, to: now } });
  });

  it("a picked range (a datetime-local value is UTC) with filters round-trips through its link", () => {
    const q = parse(
      "from=2026-12-05T03:00&to=2026-12-05T03:20&node=ctl1&rule=service&kind=finding.opened&kind=unit.changed",
    );
    expect(q).toEqual({
      preset: null,
      filter: {
        from: Date.parse("2026-12-05T03:00:00Z"),
        to: Date.parse("2026-12-05T03:20:00Z"),
        node: "ctl1",
        rule: "service",
        kinds: ["finding.opened", "unit.changed"],
      },
    });
    if ("error" in q) throw new Error(q.error);
    expect(parseTimelineQuery(timelineParams(q), now)).toEqual(q);
  });

  it("bad values are errors that name the parameter", () => {
    expect(parse("range=2y")).toEqual({ error: expect.stringMatching(/^range: one of 1h, 6h/) });
    expect(parse("from=yesterday")).toEqual({ error: expect.stringMatching(/^from: not a time/) });
    expect(parse("from=2026-12-05T04:00&to=2026-12-05T03:00")).toEqual({
      error: "to must be after from",
    });
    expect(parse("from=2026-01-01T00:00&to=2026-12-01T00:00")).toEqual({
      error: "a range is at most 30 days",
    });
    expect(parse("node=ctl1;rm")).toEqual({ error: expect.stringMatching(/^node: not a name/) });
    expect(parse("kind=finding.deleted")).toEqual({
      error: expect.stringMatching(/^kind: unknown/),
    });
  });
});

describe("parseDuration", () => {
  it("reads s, m, h, d up to 30 days", () => {
    expect(parseDuration("30m")).toBe(1_800_000);
    expect(parseDuration("2h")).toBe(7_200_000);
    expect(parseDuration("1d")).toBe(86_400_000);
    expect(parseDuration("0m")).toBeNull();
    expect(parseDuration("31d")).toBeNull();
    expect(parseDuration("30 minutes")).toBeNull();
  });
});
