import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { HistoryEvent } from "@/lib/history/types";
import { apiFetch, apiSession, loginInBrowser, TEST_USERS, type ApiSession } from "../support/auth";
import { screenshot } from "../support/browser";
import { eventually, labOk } from "../support/lab";
import { labUiSuite } from "../support/lab-ui";

// The finding and router pages' history after a real fault and its heal: the server records
// gateway-bfd-down (the cr-lrp loses its chassis, the gateway's finding opens) and the heal (the
// port bound again, the finding closed); the pages then show it.

const lab = labUiSuite({ OVNSCOPE_REFRESH_MS: "2000" });
let page: Page;
let api: ApiSession;
let routerId: string;

const history = async (query: string): Promise<HistoryEvent[]> => {
  const res = await apiFetch(lab.server.url, `/api/history?range=1h&${query}`, api);
  if (!res.ok) throw new Error(`/api/history: HTTP ${res.status}`);
  return ((await res.json()) as { events: HistoryEvent[] }).events;
};

/** A background's colour is red (the down colour in both themes), whatever CSS form it takes. */
const isRedBackground = (p: Page, selector: string) =>
  p
    .locator(selector)
    .first()
    .evaluate((el) => {
      const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
      ctx.fillStyle = getComputedStyle(el).backgroundColor;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data as unknown as number[];
      return a! > 0 && r! > 150 && g! < 130 && b! < 130;
    });

beforeAll(async () => {
  const context = await lab.browser.newContext({
    locale: "en-US",
    viewport: { width: 1400, height: 900 },
  });
  page = await context.newPage();
  await loginInBrowser(page, lab.server.url);
  api = await apiSession(lab.server.url, TEST_USERS.viewer);
  const res = await apiFetch(lab.server.url, "/api/routers", api);
  const routers = (await res.json()) as { chains: { routerId: string; routerName: string }[] };
  routerId = routers.chains.find((c) => c.routerName === "router1")!.routerId;

  // The server's first snapshots are history's baseline: the gateway's chassis recorded.
  await eventually(
    "the router page shows its gateway's chassis from history",
    async () => {
      await page.goto(`${lab.server.url}/routers/${routerId}`);
      return (await page.locator("[data-testid=gateway-span][data-chassis]").count()) > 0;
    },
    60_000,
    2000,
  );
  await labOk(["fault", "gateway-bfd-down"]);
  await eventually(
    "the gateway unbound and its finding opened, recorded",
    async () => {
      const events = await history(`router=${routerId}`);
      return (
        events.some((e) => e.kind === "gateway.moved" && e.to === null) &&
        events.some((e) => e.kind === "finding.opened" && e.rule === "gateway")
      );
    },
    90_000,
    2000,
  );
  await labOk(["heal"]);
  await eventually(
    "the gateway bound again and its finding closed, recorded",
    async () => {
      const events = await history(`router=${routerId}`);
      const last = events.filter((e) => e.kind === "gateway.moved").at(-1);
      return (
        last?.to !== null &&
        last?.to !== undefined &&
        events.some((e) => e.kind === "finding.closed" && e.rule === "gateway")
      );
    },
    90_000,
    2000,
  );
}, 300_000);

describe("history on the finding and router pages, after gateway-bfd-down and its heal", () => {
  it("the gateway finding's page: gone now, its History block says it opened once, for how long, and links the timeline", async () => {
    const opened = (await history(`router=${routerId}&kind=finding.opened`)).find(
      (e) => e.rule === "gateway",
    )!;
    await page.goto(`${lab.server.url}/findings/${encodeURIComponent(opened.subject)}`);
    const block = page.getByTestId("finding-history");
    await block.waitFor();
    await expect(page.getByTestId("finding-gone").isVisible()).resolves.toBe(true);
    expect(await block.getByTestId("history-openings").getAttribute("data-openings")).toBe("1");
    expect(await block.locator("[data-flapping]").count()).toBe(0);
    expect(await block.getByTestId("history-first-opened").getAttribute("data-at")).toBe(
      String(opened.at),
    );
    expect(await block.getByTestId("history-open-since").getAttribute("data-open")).toBe("false");
    expect(await block.getByTestId("history-open-since").innerText()).toBe("not open now");
    expect(await block.getByTestId("history-open-total").innerText()).toMatch(
      /^\d+ (s|min)( \d+ s)?$/,
    );
    const href = await block.getByTestId("history-timeline-link").getAttribute("href");
    const q = new URLSearchParams(href!.split("?")[1]);
    expect(href).toMatch(/^\/timeline\?/);
    expect([q.get("range"), q.get("rule")]).toEqual(["1h", "gateway"]);
    await screenshot(page, "history-finding-gateway");
  });

  it("the router page: its gateway's chassis over 24 h, nobody in the down colour, a link to the timeline", async () => {
    await page.goto(`${lab.server.url}/routers/${routerId}`);
    const block = page.getByTestId("gateway-history");
    await block.getByTestId("gateway-span").first().waitFor();
    const chassis = await block
      .getByTestId("gateway-span")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-chassis")));
    // Before the fault a chassis, then nobody, then a chassis again (the heal rebinds it).
    const nobody = chassis.indexOf("");
    expect(nobody, chassis.join(",")).toBeGreaterThan(0);
    expect(chassis.at(-1)).toMatch(/^(ctl1|net1)$/);
    expect(await isRedBackground(page, "[data-testid=gateway-span][data-chassis='']")).toBe(true);
    expect(await isRedBackground(page, "[data-testid=gateway-span]:not([data-chassis=''])")).toBe(
      false,
    );
    // The server started minutes ago: the rest of the 24 h is said to be before history.
    expect(await block.getByTestId("gateway-span-unknown").innerText()).toBe("no history yet");
    // Labelled: each span's chassis name, and the listed spans below the bar.
    expect(await block.getByTestId("gateway-span").first().innerText()).toBe(chassis[0]);
    expect(await block.getByTestId("gateway-spans").innerText()).toContain("nobody");
    expect(await block.getByTestId("gateway-history-timeline-link").getAttribute("href")).toBe(
      `/timeline?router=${routerId}&range=24h`,
    );
    await block.scrollIntoViewIfNeeded();
    await screenshot(page, "history-router-gateway");
  });

  it("in Korean: the blocks' words, the chassis names as they are", async () => {
    const context = await lab.browser.newContext({
      locale: "ko-KR",
      viewport: { width: 1400, height: 900 },
    });
    const ko = await context.newPage();
    await loginInBrowser(ko, lab.server.url);
    await ko.goto(`${lab.server.url}/routers/${routerId}`);
    const block = ko.getByTestId("gateway-history");
    await block.getByTestId("gateway-span").first().waitFor();
    expect(await block.locator("h2").innerText()).toContain("게이트웨이 호스팅 섀시, 최근 24시간");
    expect(await block.getByTestId("gateway-spans").innerText()).toContain("없음");
    await block.scrollIntoViewIfNeeded();
    await screenshot(ko, "history-router-gateway-ko");
    await context.close();
  });
});
