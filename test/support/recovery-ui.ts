/**
 * Browser steps the recovery tests share: a finding's page once the finding is there, and a
 * run started from the plan page (the cloud's name typed) and followed until it ends.
 */
import type { Page } from "playwright-core";
import { eventually } from "./lab";

/** Opens /findings/<id>, again and again, until the finding is on it (the fault has shown). */
export async function openFindingWhenShown(
  page: Page,
  base: string,
  id: string,
  timeoutMs = 60_000,
): Promise<void> {
  await eventually(
    `finding ${id} on its page`,
    async () => {
      await page.goto(`${base}/findings/${encodeURIComponent(id)}`);
      return (await page.locator("[data-testid=finding-title]").count()) > 0;
    },
    timeoutMs,
    1500,
  );
}

/**
 * On a runbook's plan page: types the cloud's name, runs it, and waits on the run's page until
 * it ends. Its status and each step's [key, status].
 */
export async function runFromPlan(
  page: Page,
  cloud: string,
): Promise<{ status: string | null; steps: [string | null, string | null][] }> {
  await page.locator("input[name=confirm]").fill(cloud);
  await page.locator("[data-testid=run-form] button").click();
  await page.waitForURL(/\/recovery\/runs\/[0-9a-f-]{36}$/);
  const run = page.locator("[data-testid=run]");
  await eventually(
    "run ends",
    async () => (await run.getAttribute("data-status")) !== "running",
    240_000,
    500,
  );
  const steps = await page
    .locator("[data-testid=run-steps] tbody tr")
    .evaluateAll((trs) =>
      trs.map((tr): [string | null, string | null] => [
        tr.getAttribute("data-step"),
        tr.getAttribute("data-status"),
      ]),
    );
  return { status: await run.getAttribute("data-status"), steps };
}
