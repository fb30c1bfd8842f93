import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { loadInventoryFile } from "@/lib/inventory";
import type { RunRecord } from "@/lib/recovery/types";
import { apiFetch, apiSession, loginInBrowser, TEST_USERS } from "../support/auth";
import { screenshot } from "../support/browser";
import { eventually, labOk, nodeOut } from "../support/lab";
import { LAB_INVENTORY, startServer } from "../support/server";
import { labUiSuite } from "../support/lab-ui";
import { openFindingWhenShown, runFromPlan } from "../support/recovery-ui";

// Recovery through the real UI and API, against the lab: an operator recovers the seed
// incident with the button; a viewer sees the plan only; a server killed mid-run leaves the run
// interrupted (never running or succeeded) and the lock free to take.

const lab = labUiSuite({ OVNSCOPE_REFRESH_MS: "2000" });
let cloud: string;

beforeAll(() => {
  cloud = loadInventoryFile(LAB_INVENTORY).cloud.name;
});

async function newPage(): Promise<Page> {
  const context = await lab.browser.newContext({
    locale: "en-US",
    viewport: { width: 1400, height: 900 },
  });
  return context.newPage();
}

const ROOT = "northd-stops-dbs:ctl1";

describe("recovery in the browser", () => {
  it("incident: an operator opens the root finding, runs Recover OVN central and sees everything green", async () => {
    await labOk(["fault", "incident"]);
    const page = await newPage();
    await loginInBrowser(page, lab.server.url, TEST_USERS.operator);
    const t0 = Date.now();
    await openFindingWhenShown(page, lab.server.url, ROOT);
    await page.locator("[data-testid=runbook] a").click();
    await page.waitForURL(`${lab.server.url}/recovery/recover-ovn-central`);
    const plan = page.locator("[data-testid=plan]");
    await plan.waitFor();
    expect(await plan.getAttribute("data-noop")).toBe("false");
    expect(await page.locator("[data-step='start-nb@ctl1']").getAttribute("data-decision")).toBe(
      "run",
    );
    await screenshot(page, "recovery-plan-incident");
    // The button stays disabled until the cloud's name is typed.
    expect(await page.locator("[data-testid=run-form] button").isDisabled()).toBe(true);
    const { status, steps: statuses } = await runFromPlan(page, cloud);
    // The fresh topology under the result: nothing down any more.
    await page.locator("[data-testid=run-topology] [data-testid=topology][data-ready]").waitFor();
    // By id, so a failure names what was down (seen once in CI, never reproduced here).
    const down = await page
      .locator("[data-testid=run-topology] [data-topo-id][data-health=down]")
      .evaluateAll((es) => es.map((e) => e.getAttribute("data-topo-id")));
    if (down.length) await screenshot(page, "recovery-run-incident-down");
    expect(down).toEqual([]);
    await screenshot(page, "recovery-run-incident");
    expect(status, JSON.stringify(statuses)).toBe("succeeded");
    for (const [step, stepStatus] of statuses)
      expect(["succeeded", "skipped"], step!).toContain(stepStatus);
    console.log(`incident → green through the button: ${Date.now() - t0} ms`);
    // The cause is still reported after the run: the drop-in stops the DBs on the next restart.
    expect(
      await page
        .locator(`[data-testid=run-remaining] [data-finding='northd-stops-dbs:ctl1:hazard']`)
        .count(),
    ).toBeGreaterThan(0);
    await page.goto(lab.server.url + "/");
    await eventually(
      "overview green",
      async () => {
        await page.goto(lab.server.url + "/");
        const health = await page
          .locator("[data-testid=nodes-table] tbody tr")
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-health")));
        return health.every((h) => h === "ok");
      },
      30_000,
      1000,
    );
    await page.context().close();
  });

  it("a viewer sees the plan (all skips on a healthy lab) but no way to run it; the API refuses too", async () => {
    await labOk(["heal"]);
    const page = await newPage();
    await loginInBrowser(page, lab.server.url, TEST_USERS.viewer, "/recovery/recover-ovn-central");
    await eventually(
      "plan of skips",
      async () => {
        await page.goto(`${lab.server.url}/recovery/recover-ovn-central`);
        return (await page.locator("[data-testid=plan]").getAttribute("data-noop")) === "true";
      },
      60_000,
      2000,
    );
    expect(await page.locator("[data-testid=run-form]").count()).toBe(0);
    expect(await page.locator("[data-testid=viewer-note]").count()).toBe(1);
    await screenshot(page, "recovery-plan-viewer-healthy");
    const viewer = await apiSession(lab.server.url, TEST_USERS.viewer);
    const res = await apiFetch(lab.server.url, "/api/recovery/runs", viewer, {
      method: "POST",
      body: { runbook: "recover-ovn-central", confirm: cloud },
    });
    expect(res.status).toBe(403);
    const operator = await apiSession(lab.server.url, TEST_USERS.operator);
    const wrong = await apiFetch(lab.server.url, "/api/recovery/runs", operator, {
      method: "POST",
      body: { runbook: "recover-ovn-central", confirm: "not-the-cloud" },
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe("confirm-mismatch");
    const bad = await apiFetch(lab.server.url, "/api/recovery/runs", operator, {
      method: "POST",
      body: { runbook: "reconnect-chassis", node: "ctl1; reboot", confirm: cloud },
    });
    expect(bad.status).toBe(400);
    // 20 operators' requests at once through HTTP: exactly one run, the others told who holds it.
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        apiFetch(lab.server.url, "/api/recovery/runs", operator, {
          method: "POST",
          body: { runbook: "recover-ovn-central", confirm: cloud },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([202, ...Array(19).fill(409)]);
    const winner = ((await answers.find((a) => a.status === 202)!.json()) as { run: RunRecord })
      .run;
    await eventually(
      "the one run ends, all skips",
      async () => {
        const r = await apiFetch(lab.server.url, `/api/recovery/runs/${winner.id}`, operator);
        const now = ((await r.json()) as { run: RunRecord }).run;
        return now.status === "succeeded" && now.steps.every((s) => s.status === "skipped");
      },
      60_000,
      500,
    );
    await page.context().close();
  });

  it("a server killed mid-run: the run is interrupted after restart and the lock can be taken again", async () => {
    await labOk(["heal"]);
    await labOk(["fault", "neutron-down"]);
    const operator = await apiSession(lab.server.url, TEST_USERS.operator);
    // neutron-down gives a run whose neutron step waits ≥ 10 s for neutron-server to settle.
    await eventually(
      "plan acts",
      async () => {
        const res = await apiFetch(
          lab.server.url,
          "/api/recovery/plan?runbook=recover-ovn-central",
          operator,
        );
        return !((await res.json()) as { plan: { noop: boolean } }).plan.noop;
      },
      30_000,
      1000,
    );
    const res = await apiFetch(lab.server.url, "/api/recovery/runs", operator, {
      method: "POST",
      body: { runbook: "recover-ovn-central", confirm: cloud },
    });
    expect(res.status).toBe(202);
    const { run } = (await res.json()) as { run: RunRecord };
    await eventually(
      "a step under way",
      async () => {
        const r = await apiFetch(lab.server.url, `/api/recovery/runs/${run.id}`, operator);
        const now = ((await r.json()) as { run: RunRecord }).run;
        return now.steps.some((s) => s.status === "verifying");
      },
      60_000,
      200,
    );
    lab.server.process.kill("SIGKILL");
    await new Promise((r) => lab.server.process.once("exit", r));
    lab.server = await startServer(lab.env, { dataDir: lab.server.dataDir });
    const again = await apiSession(lab.server.url, TEST_USERS.operator);
    const after = await apiFetch(lab.server.url, `/api/recovery/runs/${run.id}`, again);
    const shown = ((await after.json()) as { run: RunRecord }).run;
    expect(shown.status).toBe("interrupted");
    expect(shown.steps.some((s) => s.status === "verifying" || s.status === "running")).toBe(false);
    const page = await newPage();
    await loginInBrowser(page, lab.server.url, TEST_USERS.operator, `/recovery/runs/${run.id}`);
    expect(await page.locator("[data-testid=run]").getAttribute("data-status")).toBe("interrupted");
    // No final read was made: no "nothing left" claim, and unreached steps say they are the plan.
    expect(await page.locator("[data-testid=run-remaining]").count()).toBe(0);
    expect(
      await page.locator("[data-testid=run-steps] tr[data-status=not-run]").first().innerText(),
    ).toMatch(/skip: already holds|will run|after earlier steps/);
    await screenshot(page, "recovery-run-interrupted");
    // The lock of the dead server is free: a new run starts at once and finishes the job.
    const next = await apiFetch(lab.server.url, "/api/recovery/runs", again, {
      method: "POST",
      body: { runbook: "recover-ovn-central", confirm: cloud },
    });
    expect(next.status).toBe(202);
    const second = ((await next.json()) as { run: RunRecord }).run;
    await eventually(
      "second run ends",
      async () => {
        const r = await apiFetch(lab.server.url, `/api/recovery/runs/${second.id}`, again);
        return ((await r.json()) as { run: RunRecord }).run.status !== "running";
      },
      180_000,
      1000,
    );
    const done = await apiFetch(lab.server.url, `/api/recovery/runs/${second.id}`, again);
    expect(((await done.json()) as { run: RunRecord }).run.status).toBe("succeeded");
    expect(await nodeOut("ctl1", "systemctl is-active neutron-server")).toBe("active");
    await page.context().close();
  });
});
