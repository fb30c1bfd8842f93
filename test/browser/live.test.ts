import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { loginInBrowser } from "../support/auth";
import { labOk } from "../support/lab";
import { labUiSuite } from "../support/lab-ui";

// Pages polling only once a minute: whatever shows within seconds came through the live push
// (a unit change on a node → collect --watch → a refresh → /api/live → the page re-reads).
const REFRESH_MS = 60_000;

const lab = labUiSuite({ OVNSCOPE_REFRESH_MS: String(REFRESH_MS) });
let page: Page;

beforeAll(async () => {
  page = await (await lab.browser.newContext({ locale: "en-US" })).newPage();
  await loginInBrowser(page, lab.server.url);
});

const critical = (p: Page) => p.locator("[data-testid=findings] [data-severity=critical]").count();

describe("live updates", () => {
  it("a stopped NB database shows on open overviews long before their next poll, in every tab", async () => {
    await page.goto(lab.server.url + "/");
    const second = await page.context().newPage(); // another tab: it gets the news by broadcast
    await second.goto(lab.server.url + "/");
    expect(await critical(page)).toBe(0);
    // Let the watch start on every node (the first page's /api/live opened it).
    await page.waitForTimeout(3000);
    const t0 = Date.now();
    await labOk(["fault", "nb-down"]);
    for (const p of [page, second])
      await p
        .locator("[data-testid=findings] [data-severity=critical]")
        .first()
        .waitFor({ timeout: 20_000 });
    const ms = Date.now() - t0;
    console.log(
      `nb-down → critical finding on both tabs: ${ms} ms (polling every ${REFRESH_MS} ms)`,
    );
    expect(ms, "well before the next poll").toBeLessThan(REFRESH_MS / 2);
    await second.close();
  }, 120_000);
});
