import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { TopoNode } from "@/lib/views/topology";
import { serveBenchPage, type BenchPage } from "../../bench/topology/serve";
import { launchBrowser, screenshot } from "../support/browser";

// Issue #18, the topology at 2,000 nodes, in Debian's headless Chromium: the real TopologyView
// with the app's CSS on the topology bench's page (bench/topology/serve.ts: 2,000 nodes and
// 500 routers, compute hosts in eight zones of 250 grouped by the app's foldGroups, the layout
// from the app's server code, `/api/topology?expand=` answered as the app's route answers it).
// No Next server and no lab: what is drawn, expanded and found is the view's and the grouping's.

let bench: BenchPage;
let browser: Browser;
let page: Page;

const groupCard = (key: string) => page.locator(`[data-testid=topo-group][data-group="${key}"]`);
const membersOf = (key: string): string[] =>
  bench.model.nodes.find((n: TopoNode) => n.id === `group:${key}`)!.members!.members;

/** The card's box lies wholly inside the drawing area. */
async function inView(id: string): Promise<boolean> {
  return page.evaluate((id) => {
    const view = document.querySelector(".react-flow")!.getBoundingClientRect();
    const card = document.querySelector(`[data-topo-id="${id}"]`)?.getBoundingClientRect();
    return (
      !!card &&
      card.left >= view.left &&
      card.right <= view.right &&
      card.top >= view.top &&
      card.bottom <= view.bottom
    );
  }, id);
}

beforeAll(async () => {
  bench = await serveBenchPage(2000, 500);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(bench.url);
  await page.locator("[data-testid=topology][data-ready] .react-flow__node").first().waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  bench?.close();
});

describe("topology at 2,000 nodes", () => {
  it("draws the compute hosts as eight zone cards with counts by health; unwell hosts on their own", async () => {
    await groupCard("az1-cmp").waitFor();
    expect(await page.getByTestId("topo-group").count()).toBe(8);
    // Counts in colour, icon and word: each a health badge with its state in words.
    const counts = groupCard("az1-cmp").locator("[data-count]");
    const words = await counts.allTextContents();
    expect(words.some((w) => /\d+ ok/.test(w))).toBe(true);
    expect(words.some((w) => /\d+ down/.test(w))).toBe(true);
    expect(await counts.locator("[data-health]").count()).toBe(words.length);
    // A down host of az1 is a card of its own (synthetic: every 97th host is down; drawn once
    // it is in view).
    const down = bench.model.nodes.find((n) => n.group === "az1-cmp" && n.health === "down")!;
    expect(down.kind).toBe("host");
    // 2,000 hosts, a few hundred cards.
    expect(bench.model.nodes.length).toBeLessThan(800);
    await screenshot(page, "topology-2000-grouped");
    // A group's name is found too: its card in the middle of the view, at a readable zoom.
    await page.getByTestId("topology-find").fill("az1-cmp");
    await page.getByTestId("topology-find").press("Enter");
    await expect.poll(() => inView("group:az1-cmp"), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("side-panel").waitFor();
    await screenshot(page, "topology-2000-group-card");
    await page.getByTestId("side-panel").getByRole("button").click();
  });

  it("a click on a zone draws its hosts around the first of them; its button folds them back", async () => {
    const first = `node:${membersOf("az2-cmp")[0]}`;
    // Brought into view by its name first (only what is in view is in the page).
    await page.getByTestId("topology-find").fill("az2-cmp");
    await page.getByTestId("topology-find").press("Enter");
    await expect.poll(() => inView("group:az2-cmp"), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("side-panel").getByRole("button").click();
    await groupCard("az2-cmp").click();
    await page.locator('[data-testid=topology-expanded] [data-collapse="az2-cmp"]').waitFor();
    await groupCard("az2-cmp").waitFor({ state: "detached" });
    await page.locator(`[data-topo-id="${first}"]`).waitFor();
    await expect.poll(() => inView(first), { timeout: 10_000 }).toBe(true);
    await screenshot(page, "topology-2000-expanded");
    // The address keeps it (a reload or a link draws the same).
    expect(new URL(page.url()).searchParams.get("expand")).toBe("az2-cmp");
    await page.locator('[data-collapse="az2-cmp"]').click();
    await page.getByTestId("topology-expanded").waitFor({ state: "detached" });
    await groupCard("az2-cmp").waitFor();
    expect(new URL(page.url()).searchParams.has("expand")).toBe(false);
  });

  it("the find box expands a host's zone, selects it and centres it", async () => {
    const name = membersOf("az5-cmp")[100]!;
    await page.getByTestId("topology-find").fill(name);
    await page.getByTestId("topology-find").press("Enter");
    await page.locator('[data-collapse="az5-cmp"]').waitFor();
    const panel = page.getByTestId("side-panel");
    await panel.waitFor();
    expect(await panel.locator("h2").textContent()).toBe(name);
    await expect.poll(() => inView(`node:${name}`), { timeout: 10_000 }).toBe(true);
    expect(
      await page.locator(`[data-topo-id="node:${name}"]`).evaluate((e) => e.className),
    ).toContain("outline-accent");
    await screenshot(page, "topology-2000-find");
    // A drawn card is found as well, and an unknown name is said to be unknown.
    await page.getByTestId("topology-find").fill("ctl2");
    await page.getByTestId("topology-find").press("Enter");
    await expect.poll(() => panel.locator("h2").textContent()).toBe("ctl2");
    await page.getByTestId("topology-find").fill("no-such-node");
    await page.getByTestId("topology-find").press("Enter");
    expect(await page.getByTestId("topology-find-none").textContent()).toContain("no-such-node");
  });
});
