import { describe, expect, it } from "vitest";
import { timeTicks } from "@/components/timeline/ticks";

const at = (iso: string) => Date.parse(iso);

describe("timeline time ticks", () => {
  it("an hour: every 10 minutes on the round minute", () => {
    const ticks = timeTicks(at("2026-12-05T03:03:20Z"), at("2026-12-05T04:03:20Z"), 0);
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      "03:10",
      "03:20",
      "03:30",
      "03:40",
      "03:50",
      "04:00",
    ]);
  });

  it("a day in Seoul: every 3 hours on the reader's local hour", () => {
    const nine = 9 * 3_600_000;
    const ticks = timeTicks(at("2026-12-04T12:30:00Z"), at("2026-12-05T12:30:00Z"), nine);
    expect(ticks).toHaveLength(8);
    for (const t of ticks) expect(((t + nine) / 3_600_000) % 3).toBe(0);
  });

  it("three minutes: every 30 seconds", () => {
    const ticks = timeTicks(at("2026-12-05T03:00:05Z"), at("2026-12-05T03:03:05Z"), 0);
    expect(ticks.map((t) => new Date(t).toISOString().slice(14, 19))).toEqual([
      "00:30",
      "01:00",
      "01:30",
      "02:00",
      "02:30",
      "03:00",
    ]);
  });

  it("30 days: at most 8 ticks, a day or more apart", () => {
    const ticks = timeTicks(0, 30 * 86_400_000, 0);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks[1]! - ticks[0]!).toBeGreaterThanOrEqual(86_400_000);
  });
});
