import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { loadInventoryFile } from "@/lib/inventory";
import { loginInBrowser, TEST_USERS } from "../support/auth";
import { launchBrowser, screenshot } from "../support/browser";
import { startServer, testInventory, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
const inventory = loadInventoryFile(testInventory());

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("app shell", () => {
  it("shows the cloud, the navigation, the last-updated area and the inventory's nodes", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await loginInBrowser(page, server.url, TEST_USERS.viewer);
    await expect(page.getByTestId("signed-in-user").textContent()).resolves.toBe(
      TEST_USERS.viewer.name,
    );
    await expect(page.getByTestId("cloud-name").textContent()).resolves.toContain(
      inventory.cloud.name,
    );
    expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
    expect(
      await page.getByRole("navigation", { name: "main" }).getByRole("link").allTextContents(),
    ).toEqual(["Overview", "Topology", "Clusters", "Timeline", "Routers", "Recovery"]);
    await expect(page.getByTestId("last-updated").textContent()).resolves.toMatch(/Last updated/);
    const rows = page.locator("[data-testid=nodes-table] tbody tr");
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-node")))).toEqual(
      inventory.nodes.map((n) => n.name),
    );
    await screenshot(page, "shell-dark-en");
    await context.close();
  });

  it("speaks Korean to a Korean browser, and the switches change language and theme", async () => {
    const context = await browser.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    await loginInBrowser(page, server.url, TEST_USERS.viewer);
    expect(await page.locator("html").getAttribute("lang")).toBe("ko");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("개요");

    await page.getByTestId("theme-switch").selectOption("light");
    await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
    await screenshot(page, "shell-light-ko");

    await page.getByTestId("locale-switch").selectOption("en");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Overview");
    // The choice is remembered for the next visit.
    await page.reload();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("html").getAttribute("data-theme")).toBe("light");
    await context.close();
  });
});
