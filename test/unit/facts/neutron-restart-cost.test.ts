import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { restartCosts, restartEstimate } from "@/lib/facts/neutron-restart-cost";
import { parseJournal } from "@/lib/probes/journal";

// Real lines: ctl1's neutron-server over twelve minutes of heals and Recover OVN central runs
// (test/fixtures/neutron-restart/ctl1-restarts.cmd): six starts, four of them after a stop.
const lines = parseJournal(
  readFileSync("test/fixtures/neutron-restart/ctl1-restarts.jsonl", "utf8"),
);

describe("restartCosts: each whole restart a Neutron server's journal shows", () => {
  it("stop (Stopping → Stopped) and start (Starting → its API serving), in time order", () => {
    expect(
      restartCosts(lines).map((c) => [c.lines[0].time, c.stopMs, c.startMs, c.lines[3].pid]),
    ).toEqual([
      ["2026-12-06T19:35:09.129Z", 725, 4375, 8360],
      // Its stop timeout (15 s), and a start begun while its databases were down.
      ["2026-12-06T19:35:48.087Z", 15233, 34744, 10496],
      ["2026-12-06T19:36:50.262Z", 15056, 4573, 12693],
      ["2026-12-06T19:38:56.599Z", 567, 3988, 18912],
    ]);
  });

  it("a start with no stop before it since the start before (boot, a crash, the window's edge) is not a restart", () => {
    const starts = lines.filter((j) => /^Starting /.test(j.message)).map((j) => j.time);
    expect(starts).toContain("2026-12-06T19:32:09.678Z"); // the window's first start
    expect(starts).toContain("2026-12-06T19:41:35.450Z"); // no "Stopping" since 19:38:57
    const measured = restartCosts(lines).map((c) => c.lines[2].time);
    expect(measured).not.toContain("2026-12-06T19:32:09.678Z");
    expect(measured).not.toContain("2026-12-06T19:41:35.450Z");
  });

  it("a start still under way (no serving line yet) is left out; the ones before it count", () => {
    const cut = lines.filter((j) => j.time < "2026-12-06T19:39:00.000Z");
    expect(restartCosts(cut).map((c) => c.lines[0].time)).not.toContain("2026-12-06T19:38:56.599Z");
    expect(restartCosts(cut)).toHaveLength(3);
  });
});

describe("restartEstimate: what a restart can cost here", () => {
  it("the slowest stop and the typical start (the lower median: a start waiting on its databases does not count as the server's)", () => {
    const e = restartEstimate(lines)!;
    expect([e.stopMs, e.startMs, e.restarts.length]).toEqual([15233, 4375, 4]);
  });

  it("no whole restart: null (nothing to go by)", () => {
    expect(restartEstimate(lines.filter((j) => !/^Stopping /.test(j.message)))).toBeNull();
    expect(restartEstimate([])).toBeNull();
  });
});
