import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { TopologyModel } from "@/lib/views/topology";
import { apiFetch, apiSession, loginInBrowser, TEST_USERS } from "../support/auth";
import { screenshot } from "../support/browser";
import { labUiSuite } from "../support/lab-ui";

// Issue #18 on the lab (3 nodes, a small cloud): nothing is grouped, so the topology is drawn as
// before; the find box selects and centres a node; `?expand=` on /api/topology is ignored
// (no group to expand). The grouping itself at 2,000 nodes: topology-groups.test.ts.

const lab = labUiSuite({ OVNSCOPE_REFRESH_MS: "2000" });
let page: Page;

beforeAll(async () => {
  const context = await lab.browser.newContext({
    locale: "en-US",
    viewport: { width: 1400, height: 900 },
  });
  page = await context.newPage();
  await loginInBrowser(page, lab.server.url);
}, 180_000);

describe("topology find box on the lab", () => {
  it("draws every node on its own, no group, and finds cmp1: selected, centred, its panel open", async () => {
    await page.goto(lab.server.url + "/topology");
    await page.locator("[data-testid=topology][data-ready]").waitFor();
    await page.locator('[data-topo-id="node:cmp1"]').waitFor();
    expect(await page.getByTestId("topo-group").count()).toBe(0);
    // ?expand= in the address asks for nothing here: drawn the same, and dropped from it.
    await page.goto(lab.server.url + "/topology?expand=cmp");
    await page.locator('[data-topo-id="node:cmp1"]').waitFor();
    expect(await page.getByTestId("topo-group").count()).toBe(0);
    await expect.poll(() => new URL(page.url()).search).toBe("");
    await screenshot(page, "topology-healthy-with-find");
    await page.getByTestId("topology-find").fill("cmp1");
    await page.getByTestId("topology-find").press("Enter");
    const panel = page.getByTestId("side-panel");
    await panel.waitFor();
    expect(await panel.locator("h2").textContent()).toBe("cmp1");
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const view = document.querySelector(".react-flow")!.getBoundingClientRect();
            const card = document.querySelector('[data-topo-id="node:cmp1"]')!;
            const r = card.getBoundingClientRect();
            const [cx, cy] = [r.x + r.width / 2, r.y + r.height / 2];
            return (
              Math.abs(cx - (view.x + view.width / 2)) < 30 &&
              Math.abs(cy - (view.y + view.height / 2)) < 30
            );
          }),
        { timeout: 10_000 },
      )
      .toBe(true);
    await screenshot(page, "topology-find-cmp1");
    await page.getByTestId("topology-find").fill("cmp9");
    await page.getByTestId("topology-find").press("Enter");
    expect(await page.getByTestId("topology-find-none").textContent()).toBe("No node named cmp9");
  });

  it("/api/topology?expand= on a small cloud: ignored, the same model", async () => {
    const session = await apiSession(lab.server.url, TEST_USERS.viewer);
    const plain = (await (
      await apiFetch(lab.server.url, "/api/topology", session)
    ).json()) as TopologyModel;
    for (const asked of ["cmp", "cmp,../x,<b>", "x".repeat(500)]) {
      const res = await apiFetch(
        lab.server.url,
        `/api/topology?expand=${encodeURIComponent(asked)}`,
        session,
      );
      expect(res.status).toBe(200);
      const m = (await res.json()) as TopologyModel;
      expect(m.expanded).toEqual([]);
      expect(m.nodes.map((n) => n.id)).toEqual(plain.nodes.map((n) => n.id));
    }
  });
});
