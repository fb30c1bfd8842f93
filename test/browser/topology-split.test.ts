import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { loginInBrowser } from "../support/auth";
import { screenshot } from "../support/browser";
import { eventually, labOk } from "../support/lab";
import { labUiSuite } from "../support/lab-ui";

// Issue #21.2 in the browser: ctl1 runs Neutron's split layout (neutron-api under uWSGI beside
// neutron-rpc-server; `lab neutron-layout split`). The topology draws both as ctl1's services,
// each healthy, with their edges to NB and SB; no neutron-server taken for a stray.

const lab = labUiSuite({ OVNSCOPE_REFRESH_MS: "2000" });
let page: Page;

beforeAll(async () => {
  await labOk(["neutron-layout", "split"]);
  const context = await lab.browser.newContext({
    locale: "en-US",
    viewport: { width: 1400, height: 900 },
  });
  page = await context.newPage();
  await loginInBrowser(page, lab.server.url);
}, 600_000);

afterAll(async () => {
  await labOk(["neutron-layout", "monolithic"]);
}, 600_000);

describe("topology of Neutron's split layout", () => {
  it("draws neutron-api and neutron-rpc-server as ctl1's healthy services with their database edges", async () => {
    const health = (id: string) =>
      page.locator(`[data-topo-id="${id}"]`).getAttribute("data-health", { timeout: 2000 });
    await eventually(
      "both Neutron services drawn ok",
      async () => {
        await page.goto(lab.server.url + "/topology");
        await page.locator("[data-testid=topology][data-ready]").waitFor();
        return (
          (await health("service:ctl1:neutron-server").catch(() => null)) === "ok" &&
          (await health("service:ctl1:neutron-rpc").catch(() => null)) === "ok"
        );
      },
      120_000,
      2000,
    );
    expect(await page.locator('[data-topo-id="service:ctl1:neutron-rpc"]').textContent()).toContain(
      "neutron-rpc",
    );
    expect(await page.locator("body").textContent()).not.toContain("outside systemd");
    await screenshot(page, "topology-neutron-split");
    // The node page names the units that carry them.
    await page.goto(lab.server.url + "/nodes/ctl1");
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("neutron-api.service");
    expect(text).toContain("neutron-rpc-server.service");
    expect(text).not.toContain("outside systemd");
    await screenshot(page, "node-ctl1-neutron-split");
  }, 180_000);
});
