/**
 * The finding and router pages' history blocks, read from a store that holds what history's own
 * change detection made of the lab's captures (healthy → gateway-bfd-style unbinding → healthy).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDuration } from "@/components/history/duration";
import { diagnose } from "@/lib/diagnose";
import { changesSince, observe } from "@/lib/history/changes";
import { findingHistoryModel, gatewayHistoryModel, presetHolding } from "@/lib/history/pages";
import { EMPTY_HISTORY_STATE, type HistoryState } from "@/lib/history/types";
import { translator } from "@/lib/i18n/catalogue";
import { openStore, type Store } from "@/lib/store";
import { snapshotFromFixtures } from "../../support/fixtures";

const MIN = 60_000;
const DAY = 86_400_000;
const NOW = Date.parse("2026-12-05T12:00:00Z");
const CLOUD = "lab";
const BRIDGE = "bridge-mapping-missing";

let store: Store;
let state: HistoryState = EMPTY_HISTORY_STATE;
/** Records what changes from the last recorded state to the capture `name` seen at `at`. */
async function see(name: string, at: number, gateways?: Record<string, string>) {
  const s = snapshotFromFixtures(name);
  const o = { ...observe(s, diagnose(s)), at };
  if (gateways && o.gateways)
    for (const [router, chassis] of Object.entries(gateways)) o.gateways[router]!.chassis = chassis;
  const c = changesSince(state, o);
  if (c.changed) await store.history.record(CLOUD, c.events, c.state, at);
  state = c.state;
}

let router: string;
let gatewayFinding: string;

beforeAll(async () => {
  store = await openStore({ kind: "sqlite", file: ":memory:" });
  const healthy = snapshotFromFixtures("healthy");
  router = Object.keys(observe(healthy, diagnose(healthy)).gateways!)[0]!;
  gatewayFinding = `gateway:${router}`;
  // Two days ago: a baseline. Then the gateway's finding flaps twice; its port moves from net1
  // to nobody while it is open and comes back on ctl1 (the captures carry net1: the moves are
  // set on the observation, the way SB would say them).
  await see("healthy", NOW - 2 * DAY);
  await see(BRIDGE, NOW - 30 * 60 * MIN, { [router]: "" });
  await see("healthy", NOW - 29 * 60 * MIN, { [router]: "ctl1" });
  await see(BRIDGE, NOW - 90 * MIN, { [router]: "ctl1" });
  await see("healthy", NOW - 80 * MIN, { [router]: "ctl1" });
  await see(BRIDGE, NOW - 10 * MIN, { [router]: "" });
});

afterAll(async () => {
  await store?.close();
});

describe("a finding's history block", () => {
  it("first opened, openings (flapping), total open time up to now, open since", async () => {
    const h = await findingHistoryModel(store, CLOUD, gatewayFinding, 30 * DAY, NOW);
    expect(h).toMatchObject({
      firstOpenedAt: NOW - 30 * 60 * MIN,
      lastOpenedAt: NOW - 10 * MIN,
      openings: 3,
      openMs: 60 * MIN + 10 * MIN + 10 * MIN,
      openNow: true,
      retentionMs: 30 * DAY,
      at: NOW,
      truncated: false,
    });
    // The Timeline over the shortest preset that holds the first opening, on its rule and node.
    const q = new URLSearchParams(h.timeline);
    expect(q.get("range")).toBe("7d");
    expect(q.get("rule")).toBe("gateway");
    expect([...q.keys()].filter((k) => !["range", "rule", "node"].includes(k))).toEqual([]);
  });

  it("as far as history goes back: a shorter retention sees fewer openings", async () => {
    const h = await findingHistoryModel(store, CLOUD, gatewayFinding, 2 * 60 * MIN, NOW);
    expect(h).toMatchObject({ firstOpenedAt: NOW - 90 * MIN, openings: 2 });
    expect(new URLSearchParams(h.timeline).get("range")).toBe("6h");
  });

  it("a finding history never saw: no openings", async () => {
    const h = await findingHistoryModel(store, CLOUD, "gateway:nope", 30 * DAY, NOW);
    expect(h).toMatchObject({ firstOpenedAt: null, openings: 0, openMs: 0, openNow: false });
    expect(new URLSearchParams(h.timeline).get("rule")).toBe("gateway");
  });

  it("presets: the shortest that reaches back far enough, else the longest", () => {
    expect([0, 59 * MIN, 61 * MIN, DAY, 3 * DAY, 31 * DAY].map(presetHolding)).toEqual([
      "1h",
      "1h",
      "6h",
      "24h",
      "7d",
      "30d",
    ]);
  });
});

describe("a router's gateway history block", () => {
  it("the last 24 h as spans: the chassis recorded before, nobody, the chassis it came back on", async () => {
    const g = await gatewayHistoryModel(store, CLOUD, router, NOW);
    expect(g).toMatchObject({ routerId: router, from: NOW - DAY, to: NOW });
    expect(g.spans).toEqual([
      { chassis: "ctl1", from: NOW - DAY, to: NOW - 10 * MIN },
      { chassis: null, from: NOW - 10 * MIN, to: NOW },
    ]);
  });

  it("over a range with every move: net1, nobody for a minute, ctl1, nobody", async () => {
    const g = await gatewayHistoryModel(store, CLOUD, router, NOW, 2 * DAY);
    expect(g.spans.map((s) => [s.chassis, (s.to - s.from) / MIN])).toEqual([
      ["net1", 2 * 24 * 60 - 30 * 60],
      [null, 60],
      ["ctl1", 29 * 60 - 10],
      [null, 10],
    ]);
  });

  it("nothing is drawn before history begins (its oldest event, the first sight's findings)", async () => {
    const g = await gatewayHistoryModel(store, CLOUD, router, NOW, 3 * DAY);
    expect(g).toMatchObject({ from: NOW - 3 * DAY, begin: NOW - 2 * DAY });
    expect(g.spans[0]).toEqual({ chassis: "net1", from: NOW - 2 * DAY, to: NOW - 30 * 60 * MIN });
    expect((await gatewayHistoryModel(store, CLOUD, router, NOW)).begin).toBe(NOW - DAY);
  });

  it("no move in range: the recorded chassis held all along; an unknown router: nothing", async () => {
    const g = await gatewayHistoryModel(store, CLOUD, router, NOW - 5 * 60 * MIN, 60 * MIN);
    // The state is what the last snapshot showed (nobody); with no move in the range it is all
    // history knows for it.
    expect(g.spans).toEqual([{ chassis: null, from: NOW - 6 * 60 * MIN, to: NOW - 5 * 60 * MIN }]);
    expect((await gatewayHistoryModel(store, CLOUD, "nope", NOW)).spans).toEqual([]);
  });
});

describe("durations on the pages", () => {
  it.each(["en", "ko"] as const)("%s: the two largest units", (lang) => {
    const t = translator(lang);
    const d = (n: number, k: "d" | "h" | "m" | "s") => t(`history.dur.${k}`, { n });
    expect(formatDuration(t, 0)).toBe(d(0, "s"));
    expect(formatDuration(t, 42_000)).toBe(d(42, "s"));
    expect(formatDuration(t, 2 * MIN)).toBe(d(2, "m"));
    expect(formatDuration(t, 127_000)).toBe(`${d(2, "m")} ${d(7, "s")}`);
    expect(formatDuration(t, 3 * 60 * MIN + 12 * MIN + 5000)).toBe(`${d(3, "h")} ${d(12, "m")}`);
    expect(formatDuration(t, 2 * DAY + 5000)).toBe(d(2, "d"));
  });
});
