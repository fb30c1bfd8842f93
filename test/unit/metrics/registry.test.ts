/** The prom-client registry around the series: exposition text, one load per scrape, tokens. */
import { describe, expect, it } from "vitest";
import { createMetricsRegistry, type ScrapeInputs } from "@/lib/metrics/registry";
import { gatewayChains } from "@/lib/metrics/series";
import { bearerOf, metricsToken, MIN_TOKEN_LENGTH, tokenMatches } from "@/lib/metrics/token";
import { snapshotFromFixtures } from "../../support/fixtures";

const inputs = (state: string): ScrapeInputs => {
  const snapshot = snapshotFromFixtures(state);
  return { snapshot, runs: [], now: Date.parse(snapshot.finishedAt) };
};

/** `name{labels} value` lines of the exposition (comments left out). */
const lines = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#"));

describe("metrics registry", () => {
  it("renders the text exposition format with HELP and TYPE for every family", async () => {
    let loads = 0;
    const m = createMetricsRegistry(async () => (loads++, inputs("healthy")), {
      processMetrics: false,
    });
    const text = await m.scrape();
    expect(loads).toBe(1);
    expect(m.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain("# TYPE ovn_northd_status gauge");
    expect(lines(text)).toContain('ovn_northd_status{node="ctl1"} 1');
    const [chain] = gatewayChains(snapshotFromFixtures("healthy"));
    expect(lines(text)).toContain(
      `ovnscope_router_gateway_up{router="${chain!.routerId}",chassis="${chain!.boundChassis}"} 1`,
    );
    expect(lines(text)).toContain('ovnscope_node_reachable{node="cmp1"} 1');
  });

  it("each scrape reads its own inputs, also when scrapes overlap", async () => {
    const queue = ["healthy", "gateway-bfd-down"];
    const m = createMetricsRegistry(
      async () => {
        const state = queue.shift()!;
        await new Promise((r) => setTimeout(r, state === "healthy" ? 30 : 0));
        return inputs(state);
      },
      { processMetrics: false },
    );
    const [a, b] = await Promise.all([m.scrape(), m.scrape()]);
    const gw = (t: string) => lines(t).find((l) => l.startsWith("ovnscope_router_gateway_up"));
    expect(gw(a)).toMatch(/chassis="(ctl1|net1)"} 1$/);
    expect(gw(b)).toMatch(/chassis=""} 0$/);
  });

  it("builds a snapshot's series once; later scrapes of it only age the data and recount runs", async () => {
    const base = inputs("healthy");
    let now = base.now;
    let runs: ScrapeInputs["runs"] = [];
    const m = createMetricsRegistry(async () => ({ ...base, now, runs }), {
      processMetrics: false,
    });
    const first = lines(await m.scrape());
    // The same snapshot object again, 30 s later, with a run recorded meanwhile.
    base.snapshot.nodes[0]!.durationMs = 123_000; // not read again: built once per snapshot
    now += 30_000;
    runs = [{ runbook: "rebind-gateways", status: "succeeded" }];
    const second = lines(await m.scrape());
    const age = (ls: string[]) =>
      Number(
        ls.find((l) => l.startsWith('ovnscope_node_data_age_seconds{node="ctl1"}'))!.split(" ")[1],
      );
    expect(age(second) - age(first)).toBeCloseTo(30, 3);
    expect(second).toContain(
      'ovnscope_recovery_runs{runbook="rebind-gateways",outcome="succeeded"} 1',
    );
    const duration = (ls: string[]) =>
      ls.find((l) => l.startsWith('ovnscope_node_collection_duration_seconds{node="ctl1"}'));
    expect(duration(second)).toBe(duration(first));
    // A new snapshot (the next generation) is built afresh by the same registry.
    Object.assign(base, inputs("gateway-bfd-down"));
    expect(
      lines(await m.scrape()).some((l) => /^ovnscope_router_gateway_up\{.*\} 0$/.test(l)),
    ).toBe(true);
  });

  it("a failed load fails the scrape (no empty success), and the next scrape works", async () => {
    let fail = true;
    const m = createMetricsRegistry(
      async () => {
        if (fail) throw new Error("collector down");
        return inputs("healthy");
      },
      { processMetrics: false },
    );
    await expect(m.scrape()).rejects.toThrow("collector down");
    fail = false;
    expect(lines(await m.scrape()).length).toBeGreaterThan(50);
  });

  it("adds the process's own metrics unless told not to", async () => {
    const m = createMetricsRegistry(async () => inputs("healthy"));
    expect(await m.scrape()).toContain("process_cpu_user_seconds_total");
  });
});

describe("metrics token", () => {
  it("reads OVNSCOPE_METRICS_TOKEN; unset, blank or short is none", () => {
    const good = "t".repeat(MIN_TOKEN_LENGTH);
    expect(metricsToken({ OVNSCOPE_METRICS_TOKEN: good })).toBe(good);
    expect(metricsToken({})).toBeNull();
    expect(metricsToken({ OVNSCOPE_METRICS_TOKEN: "   " })).toBeNull();
    expect(metricsToken({ OVNSCOPE_METRICS_TOKEN: "short" })).toBeNull();
  });

  it("takes the token of a Bearer header only", () => {
    expect(bearerOf("Bearer abc.DEF-123")).toBe("abc.DEF-123");
    expect(bearerOf("bearer abc")).toBe("abc");
    expect(bearerOf("Basic dXNlcjpwYXNz")).toBeNull();
    expect(bearerOf("Bearer")).toBeNull();
    expect(bearerOf(null)).toBeNull();
  });

  it("matches only the configured token; nothing matches when none is configured", () => {
    const token = "s3cret-token-for-scrapes";
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token + "x", token)).toBe(false);
    expect(tokenMatches(token.slice(0, -1), token)).toBe(false);
    expect(tokenMatches("", token)).toBe(false);
    expect(tokenMatches(token, null)).toBe(false);
    expect(tokenMatches(null, token)).toBe(false);
  });
});
