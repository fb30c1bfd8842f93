/**
 * The Timeline against the real lab (issue #19): a fault injected on a node appears as its
 * finding opened, healing it as the finding closed, both while the page stays open (it keeps
 * itself fresh); the chart of open findings is drawn; a deep link with a picked range and
 * filters shows the same events again; a bad link says what is wrong. Screenshots in English
 * and Korean. No CSP violation on the way.
 */
import type { BrowserContext, Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loginInBrowser } from "../support/auth";
import { screenshot } from "../support/browser";
import { labOk } from "../support/lab";
import { labUiSuite } from "../support/lab-ui";

const lab = labUiSuite({ OVNSCOPE_REFRESH_MS: "2000" });
/** The seed's nb-down: NB's ovsdb-server stopped on ctl1, the root finding. */
const FINDING = "service:ctl1:nb-db";
let context: BrowserContext;
let page: Page;
let faultAt: number;
let healedAt: number;
/** How long the fault is kept once the page shows it. */
const HOLD_MS = 20_000;

beforeAll(async () => {
  context = await lab.browser.newContext({
    locale: "en-US",
    viewport: { width: 1400, height: 900 },
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  page = await context.newPage();
  await loginInBrowser(page, lab.server.url);
});

const row = (kind: string, subject: string): Locator =>
  page.locator(`[data-testid=timeline-list] tr[data-kind="${kind}"][data-subject="${subject}"]`);

const cspViolations = () =>
  page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);

/** The page's time fields are read as UTC (lib/history/range): a datetime-local value. */
const field = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe("timeline on the lab", () => {
  it("shows nb-down's finding opened, then closed after healing, live; the chart drawn", async () => {
    await page.goto(lab.server.url + "/timeline?range=1h");
    await page.getByTestId("timeline").waitFor();
    expect(await page.locator('[data-testid=preset-1h][aria-current="page"]').count()).toBe(1);
    faultAt = Date.now();
    await labOk(["fault", "nb-down"]);
    // No reload: the page polls /api/history at the refresh interval.
    await row("finding.opened", FINDING).waitFor({ timeout: 90_000 });
    const opened = row("finding.opened", FINDING);
    expect(await opened.getByTestId("event-finding").getAttribute("href")).toBe(
      `/findings/${encodeURIComponent(FINDING)}`,
    );
    // A refresh that caught the unit mid-stop ("deactivating") opens the finding as a warning;
    // it then turns critical once the unit is inactive, as a severity change of its own.
    if ((await opened.locator("[data-health]").getAttribute("data-health")) === "degraded") {
      expect(await opened.getByTestId("event-change").textContent()).toBe("—→warning");
      await row("finding.severity", FINDING)
        .filter({ has: page.getByTestId("event-change").getByText("warning→critical") })
        .waitFor({ timeout: 30_000 });
    } else {
      expect(await opened.locator("[data-health]").getAttribute("data-health")).toBe("down");
      expect(await opened.getByTestId("event-change").textContent()).toBe("—→critical");
    }
    // The unit's own change beside it, in systemd's words, linked to its node.
    const unit = row("unit.changed", "ctl1/nb-db");
    await unit.first().waitFor({ timeout: 30_000 });
    expect(await unit.first().locator("a").getAttribute("href")).toBe("/nodes/ctl1");
    // Down long enough to be a block on the chart, not a hairline.
    await page.waitForTimeout(HOLD_MS);
    await screenshot(page, "timeline-nb-down");

    await labOk(["heal"]);
    await row("finding.closed", FINDING).waitFor({ timeout: 120_000 });
    healedAt = Date.now();
    expect(await row("finding.closed", FINDING).getByTestId("event-change").textContent()).toBe(
      "critical→closed",
    );
    // Oldest first: the opening above the closing.
    const kinds = await page
      .locator(`[data-testid=timeline-list] tr[data-subject="${FINDING}"]`)
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-kind")));
    expect(kinds.indexOf("finding.opened")).toBeLessThan(kinds.lastIndexOf("finding.closed"));

    // The chart: three stacked step areas, the critical one rising and falling again.
    const chart = page.getByTestId("open-findings-chart");
    await chart.locator(".recharts-area-area").first().waitFor();
    expect(await chart.locator(".recharts-area").count()).toBe(3);
    const critical = chart.locator(".severity-critical .recharts-area-area");
    expect(await critical.getAttribute("d")).toMatch(/^M[\d.]+,[\d.]+/);
    expect(await critical.getAttribute("fill")).toBe("var(--down)");
    expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThanOrEqual(4);
    expect(await chart.getAttribute("aria-label")).toMatch(/at most [1-9]\d* critical/);
    expect(await cspViolations()).toEqual([]);
    await screenshot(page, "timeline-nb-down-healed");
  });

  it("a deep link with a picked range and filters shows the same events again", async () => {
    // A tight range around the fault (whole minutes: the fields have no seconds).
    const from = faultAt - 60_000;
    const to = healedAt + 60_000;
    const params = new URLSearchParams({ from: field(from), to: field(to), node: "ctl1" });
    params.append("kind", "finding.opened");
    params.append("kind", "finding.closed");
    await page.goto(`${lab.server.url}/timeline?${params}`);
    await page.getByTestId("timeline").waitFor();
    const shown = await page
      .locator("[data-testid=timeline-list] tr[data-kind]")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-kind")));
    expect(new Set(shown)).toEqual(new Set(["finding.opened", "finding.closed"]));
    expect(await row("finding.opened", FINDING).count()).toBe(1);
    expect(await row("finding.closed", FINDING).count()).toBe(1);
    // The form says what the link asked for; no preset is current.
    const form = page.getByTestId("timeline-filter");
    expect(await form.locator("input[name=from]").inputValue()).toBe(field(from));
    expect(await form.locator("input[name=to]").inputValue()).toBe(field(to));
    expect(await form.getByTestId("filter-node").inputValue()).toBe("ctl1");
    expect(await form.locator('input[name=kind][value="finding.closed"]').isChecked()).toBe(true);
    expect(await form.locator('input[name=kind][value="unit.changed"]').isChecked()).toBe(false);
    expect(await page.locator("[aria-current=page][data-testid^=preset-]").count()).toBe(0);
    // The chart counts findings whatever kinds the list shows, drawn here too.
    await page.getByTestId("open-findings-chart").locator(".recharts-area-area").first().waitFor();
    expect(await cspViolations()).toEqual([]);
    await screenshot(page, "timeline-deep-link");

    // The same link submitted through the form keeps the view.
    await Promise.all([
      page.waitForURL(/\/timeline\?/),
      form.getByRole("button", { name: "Show" }).click(),
    ]);
    await page.getByTestId("timeline").waitFor();
    expect(await row("finding.closed", FINDING).count()).toBe(1);
  });

  it("the chart library is loaded by this page only", async () => {
    const p = await context.newPage();
    const charted: string[] = [];
    p.on("response", async (res) => {
      if (!res.url().endsWith(".js")) return;
      if ((await res.text().catch(() => "")).includes("recharts-area")) charted.push(res.url());
    });
    await p.goto(lab.server.url + "/");
    await p.waitForLoadState("networkidle");
    expect(charted).toEqual([]);
    await p.goto(lab.server.url + "/timeline");
    await p.getByTestId("open-findings-chart").locator(".recharts-area-area").first().waitFor();
    expect(charted.length).toBeGreaterThan(0);
    await p.close();
  });

  it("a bad parameter is said, not replaced by another range", async () => {
    await page.goto(lab.server.url + "/timeline?range=2h");
    expect(await page.getByTestId("timeline-error").textContent()).toContain(
      'range: one of 1h, 6h, 24h, 7d, 30d, not "2h"',
    );
    expect(await page.getByTestId("timeline").count()).toBe(0);
    await page.goto(lab.server.url + "/timeline?range=1h&kind=nonsense");
    expect(await page.getByTestId("timeline-error").textContent()).toContain("kind: unknown");
  });

  it("in Korean: the same fault and recovery", async () => {
    const from = faultAt - 60_000;
    await page.goto(`${lab.server.url}/timeline?from=${field(from)}`);
    await page.getByTestId("locale-switch").selectOption("ko");
    await page.waitForFunction(() => document.documentElement.lang === "ko");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("타임라인");
    expect(await row("finding.closed", FINDING).getByTestId("event-change").textContent()).toBe(
      "심각→해소",
    );
    await page.getByTestId("open-findings-chart").locator(".recharts-area-area").first().waitFor();
    await screenshot(page, "timeline-nb-down-healed-ko");
    await page.getByTestId("locale-switch").selectOption("en");
    await page.waitForFunction(() => document.documentElement.lang === "en");
  });
});
