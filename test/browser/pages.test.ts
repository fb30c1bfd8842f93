import { beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { loadInventoryFile } from "@/lib/inventory";
import { apiFetch, apiSession, loginInBrowser, TEST_USERS } from "../support/auth";
import { screenshot } from "../support/browser";
import { eventually, labInventoryPath, labOk, nodeOut } from "../support/lab";
import { labUiSuite } from "../support/lab-ui";

// The pages against the real lab: healthy first, then real faults injected on the nodes.

const lab = labUiSuite({ OVNSCOPE_REFRESH_MS: "2000" });
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  context = await lab.browser.newContext({
    locale: "en-US",
    viewport: { width: 1400, height: 900 },
  });
  page = await context.newPage();
  await loginInBrowser(page, lab.server.url);
});

/** Reloads `path` until `check` holds (the server refreshes every 2 s). */
async function until(
  path: string,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
) {
  await eventually(
    what,
    async () => {
      await page.goto(lab.server.url + path);
      return check();
    },
    timeoutMs,
    1500,
  );
}

/**
 * What in the topology's drawing is painted red: each element's colours (text, background,
 * borders, outline, ring/shadow, SVG stroke and fill), painted on a canvas and read back as
 * RGB, whatever CSS form they have (Tailwind's rings and tints are oklab colour mixes). Red is
 * the critical colour in both themes (#f85149 dark, #cf222e light); amber and green are not.
 */
async function redIn(selector: string): Promise<string[]> {
  return page.locator(selector).evaluate((root) => {
    const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    const isRed = (css: string) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "#000";
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data as unknown as number[];
      return a! > 0 && r! > 170 && g! < 120 && b! < 120;
    };
    const colours = /(?:rgba?|oklab|oklch|lab|lch|color)\([^)]*\)/g;
    const found: string[] = [];
    for (const el of [root, ...root.querySelectorAll("*")]) {
      const st = getComputedStyle(el);
      const painted = [
        st.color,
        st.backgroundColor,
        st.borderTopColor,
        st.borderRightColor,
        st.borderBottomColor,
        st.borderLeftColor,
        st.outlineStyle === "none" ? "transparent" : st.outlineColor,
        ...(st.boxShadow.match(colours) ?? []),
        st.stroke,
        st.fill,
      ];
      const red = painted.filter((c) => c && c !== "none" && isRed(c));
      if (red.length) {
        const id = el.closest("[data-topo-id]")?.getAttribute("data-topo-id") ?? el.tagName;
        found.push(`${id}: ${red.join(", ")}`);
      }
    }
    return found;
  });
}

describe("pages on a healthy lab", () => {
  it("overview: every node ok, no critical finding, gateway ACTIVE and bound", async () => {
    await page.goto(lab.server.url + "/");
    const rows = page.locator("[data-testid=nodes-table] tbody tr");
    expect(
      await rows.evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute("data-node"), tr.getAttribute("data-health")]),
      ),
    ).toEqual([
      ["ctl1", "ok"],
      ["net1", "ok"],
      ["cmp1", "ok"],
    ]);
    expect(await page.locator("[data-testid=findings] [data-severity=critical]").count()).toBe(0);
    await expect(
      page.locator("[data-router=router1] [data-testid=gateway-status]").textContent(),
    ).resolves.toContain("ACTIVE");
    await screenshot(page, "overview-healthy");
  });

  it("node page: units with properties, NB/SB endpoints listened on, processes, journal", async () => {
    await page.goto(lab.server.url + "/nodes/ctl1");
    expect(
      await page.locator('[data-unit="ovn-ovsdb-server-nb.service"]').getAttribute("data-active"),
    ).toBe("active");
    await page.locator('[data-unit="ovn-northd.service"] summary').click();
    await expect(page.locator('[data-unit="ovn-northd.service"]').textContent()).resolves.toContain(
      "ExecStop",
    );
    const endpoints = await page.locator("[data-testid=endpoints] tbody tr").allTextContents();
    expect(
      endpoints.some(
        (r) => r.includes("tcp:10.250.0.11:6641") && r.includes("listening: ovsdb-server"),
      ),
    ).toBe(true);
    expect(
      endpoints.some(
        (r) => r.includes("tcp:10.250.0.11:6642") && r.includes("listening: ovsdb-server"),
      ),
    ).toBe(true);
    expect(await page.locator("[data-testid=processes] tbody tr").count()).toBeGreaterThanOrEqual(
      5,
    );
    expect(await page.locator("[data-testid=journal] tbody tr").count()).toBeGreaterThan(0);
    await screenshot(page, "node-ctl1-healthy");
  });

  it("topology: every element present, none down, laid out", async () => {
    await page.goto(lab.server.url + "/topology");
    await page.locator("[data-testid=topology][data-ready]").waitFor();
    const ids = await page
      .locator("[data-topo-id]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-topo-id")));
    for (const id of [
      "node:ctl1",
      "node:net1",
      "node:cmp1",
      "service:ctl1:nb-db",
      "service:ctl1:sb-db",
      "service:ctl1:northd",
      "service:ctl1:neutron-server",
      "physnet:physnet1",
    ])
      expect(ids).toContain(id);
    expect(ids.some((id) => id?.startsWith("router:"))).toBe(true);
    expect(await page.locator("[data-topo-id][data-health=down]").count()).toBe(0);
    await page.locator('[data-topo-id="node:net1"]').click();
    await expect(page.getByTestId("side-panel").textContent()).resolves.toContain(
      "ovn-bridge-mappings",
    );
    await screenshot(page, "topology-healthy-panel");
  });

  it("topology looks calm on a healthy lab: no red ring, count or line; the northd hazard amber; a legend", async () => {
    await page.goto(lab.server.url + "/topology");
    await page.locator("[data-testid=topology][data-ready]").waitFor();
    await page.locator("[data-topo-id]").first().waitFor();
    // Stock Debian units: the northd hazard is a warning, drawn amber, its count says so.
    const northd = page.locator('[data-topo-id="service:ctl1:northd"]');
    expect(await northd.getAttribute("data-ring")).toBe("warning");
    expect(await northd.getByTestId("topo-findings").getAttribute("aria-label")).toMatch(/warning/);
    expect(await page.locator("[data-topo-id][data-severity=critical]").count()).toBe(0);
    expect(await page.locator("[data-topo-id][data-ring=critical]").count()).toBe(0);
    // Info findings, if any, draw no ring.
    expect(await page.locator("[data-topo-id][data-severity=info][data-ring]").count()).toBe(0);
    expect(await redIn("[data-testid=topology]")).toEqual([]);
    const legend = page.getByTestId("topology-legend");
    expect(
      await legend
        .locator("[data-legend]")
        .evaluateAll((els) => els.map((e) => [e.getAttribute("data-legend"), e.textContent])),
    ).toEqual([
      ["critical", "✕1critical"],
      ["warning", "!1warning"],
      ["info", "i1info(no ring)"],
    ]);
    await screenshot(page, "topology-healthy");
    // The legend in the light theme too (then back: the other tests' screenshots are dark).
    await page.getByTestId("theme-switch").selectOption("light");
    await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
    expect(await redIn("[data-testid=topology]")).toEqual([]);
    await screenshot(page, "topology-healthy-light");
    await page.getByTestId("theme-switch").selectOption("dark");
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
  });
});

describe("hydration", () => {
  // The server renders in UTC at one moment, the browser hydrates in its own time zone a
  // moment later: text made from either clock ("3 s ago", a run's start time) differed, and
  // React threw error #418 and rendered the page again from scratch.
  it("the pages hydrate without a mismatch in a browser far from the server's time zone", async () => {
    const seoul = await lab.browser.newContext({
      locale: "ko-KR",
      timezoneId: "Asia/Seoul",
      viewport: { width: 1400, height: 900 },
    });
    const p = await seoul.newPage();
    const errors: string[] = [];
    p.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    p.on("pageerror", (e) => errors.push(String(e)));
    await loginInBrowser(p, lab.server.url, TEST_USERS.operator);
    // A run to show in /recovery's table and on its own page (a plan of skips: done at once).
    const operator = await apiSession(lab.server.url, TEST_USERS.operator);
    const started = await apiFetch(lab.server.url, "/api/recovery/runs", operator, {
      method: "POST",
      body: {
        runbook: "recover-ovn-central",
        confirm: loadInventoryFile(labInventoryPath()).cloud.name,
      },
    });
    expect(started.status).toBe(202);
    const run = ((await started.json()) as { run: { id: string } }).run.id;
    for (const path of [
      "/",
      "/routers",
      "/timeline",
      "/nodes/ctl1",
      "/recovery",
      `/recovery/runs/${run}`,
    ]) {
      await p.goto(lab.server.url + path);
      await p.waitForTimeout(1500); // hydration and a tick of the clock
      expect(
        errors.filter((e) => /#418|#423|hydrat/i.test(e)),
        path,
      ).toEqual([]);
    }
    await seoul.close();
  });
});

describe("pages after real faults", () => {
  it("nb-down: NB down on ctl1, ctl1 highlighted, the edges to NB down", async () => {
    await labOk(["fault", "nb-down"]);
    await until("/topology", "NB shown down", async () => {
      await page.locator("[data-testid=topology][data-ready]").waitFor();
      return (
        (await page.locator('[data-topo-id="service:ctl1:nb-db"]').getAttribute("data-health")) ===
        "down"
      );
    });
    // A critical finding still draws red: ring and count on ctl1 and NB; northd's hazard amber.
    for (const id of ["node:ctl1", "service:ctl1:nb-db"]) {
      const card = page.locator(`[data-topo-id="${id}"]`);
      expect(await card.getAttribute("data-ring"), id).toBe("critical");
      expect(await card.getByTestId("topo-findings").getAttribute("data-severity"), id).toBe(
        "critical",
      );
      expect((await redIn(`[data-topo-id="${id}"]`)).length, id).toBeGreaterThan(0);
    }
    expect(
      await page.locator('[data-topo-id="service:ctl1:northd"]').getAttribute("data-ring"),
    ).toBe("warning");
    for (const client of ["service:ctl1:neutron-server", "service:ctl1:northd"]) {
      const edge = page.getByTestId(`rf__edge-${client}->service:ctl1:nb-db`);
      expect(await edge.getAttribute("class"), client).toContain("health-down");
    }
    await screenshot(page, "topology-nb-down");
    await page.goto(lab.server.url + "/");
    expect(
      await page
        .locator('[data-node="ctl1"] [data-service="nb-db"] [data-health]')
        .getAttribute("data-health"),
    ).toBe("down");
    await labOk(["heal"]);
  });

  it("node-unreachable: cmp1 and its services marked unreachable/stale, never ok; a failed refresh keeps the view", async () => {
    await labOk(["fault", "node-unreachable"]);
    await until("/topology", "cmp1 unreachable", async () => {
      await page.locator("[data-testid=topology][data-ready]").waitFor();
      return (
        (await page.locator('[data-topo-id="node:cmp1"]').getAttribute("data-health")) ===
        "unreachable"
      );
    });
    // What cmp1 runs is shown with its last known state, marked as such: never as healthy.
    const cmp1Services = await page
      .locator('[data-topo-id="node:cmp1"] [data-service] [data-health]')
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-health")));
    expect(cmp1Services.length).toBeGreaterThan(0);
    for (const h of cmp1Services) expect(["stale", "unknown"]).toContain(h);
    expect(await page.locator('[data-topo-id="node:ctl1"]').getAttribute("data-health")).toBe("ok");
    // The server stops answering: the page keeps what it shows and says the refresh failed.
    const before = await page.locator("[data-topo-id]").count();
    await page.route("**/api/**", (route) => route.abort("connectionrefused"));
    await page.getByTestId("freshness").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("freshness").textContent()).toMatch(/failed/i);
    expect(await page.locator("[data-topo-id]").count()).toBe(before);
    expect(await page.locator('[data-topo-id="node:cmp1"]').getAttribute("data-health")).toBe(
      "unreachable",
    );
    await screenshot(page, "topology-node-unreachable-refresh-failed");
    await page.unroute("**/api/**");
    await page.getByTestId("freshness").waitFor({ state: "detached", timeout: 15_000 });
    await labOk(["heal"]);
  });

  it("neutron-down: /routers names the node Neutron could not be read through", async () => {
    await labOk(["fault", "neutron-down"]);
    await until(
      "/routers",
      "Neutron unreadable",
      async () => (await page.getByTestId("neutron-note").count()) === 1,
      90_000,
    );
    expect(await page.getByTestId("neutron-note").textContent()).toMatch(
      /^Neutron API not readable through ctl1: \S/,
    );
    await labOk(["heal"]);
  });

  it("bridge-mapping-missing: the drill-down marks the bridge-mapping link first broken and explains it", async () => {
    await labOk(["fault", "bridge-mapping-missing"]);
    await until(
      "/routers",
      "a broken gateway",
      async () => (await page.locator("[data-router=router1]").count()) === 1,
    );
    await page.locator("[data-router=router1]").click();
    await page.getByTestId("router-page").waitFor();
    const routerUrl = page.url().replace(lab.server.url, "");
    await until(
      routerUrl,
      "bridge-mapping first broken",
      async () =>
        (await page.getByTestId("router-page").getAttribute("data-first-broken")) ===
        "bridge-mapping",
    );
    expect(await page.locator('[data-link="bridge-mapping"]').getAttribute("data-status")).toBe(
      "broken",
    );
    await expect(page.getByTestId("first-broken-explanation").textContent()).resolves.toContain(
      "physnet1",
    );
    // No candidate can take the gateway over: every one lacks the mapping for physnet1. Which
    // chassis are candidates is Neutron's choice (it drops a chassis whose Chassis row went away
    // in an earlier restart and adds it back only while it still maps physnet1): the rows are
    // NB's Gateway_Chassis of the port, each of them broken.
    const rowsNow = async () =>
      (
        await page
          .locator("[data-testid=gateway-candidates] tbody tr")
          .evaluateAll((trs) =>
            trs.map(
              (tr) => `${tr.getAttribute("data-candidate")} ${tr.getAttribute("data-status")}`,
            ),
          )
      ).sort();
    const portId = (await page.getByTestId("gateway-port-link").getAttribute("href"))!.split(
      "/",
    )[2];
    const nbCandidates = (
      await nodeOut(
        "ctl1",
        "ovn-nbctl --timeout=5 --format=csv --data=bare --no-headings --columns=name,chassis_name list Gateway_Chassis",
      )
    )
      .split("\n")
      .map((line) => line.split(","))
      .filter(([name]) => name?.startsWith(`lrp-${portId}_`))
      .map(([, chassis]) => chassis!)
      .sort();
    expect(nbCandidates.length).toBeGreaterThan(0);
    const expected = nbCandidates.map((c) => `${c} broken`);
    // The fault takes the mapping off one gateway node after the other: the first read that
    // shows the first broken link can still have the other node's mapping.
    await until(
      routerUrl,
      "every candidate broken",
      async () => JSON.stringify(await rowsNow()) === JSON.stringify(expected),
    );
    expect(await rowsNow()).toEqual(expected);
    await expect(page.locator("[data-testid=gateway-candidates]").textContent()).resolves.toContain(
      "not mapped",
    );
    await screenshot(page, "router-bridge-mapping-missing");
    // The port's pasteable links open this drill-down at the link they name.
    const portHref = (await page.getByTestId("gateway-port-link").getAttribute("href"))!;
    expect(portHref).toMatch(/^\/ports\/[0-9a-f-]{36}$/);
    const routerPath = routerUrl.split("#")[0];
    await page.goto(lab.server.url + portHref);
    expect(page.url()).toBe(`${lab.server.url}${routerPath}#link-neutron-port`);
    await page.goto(lab.server.url + portHref.replace("/ports/", "/ports/cr-lrp-"));
    expect(page.url()).toBe(`${lab.server.url}${routerPath}#link-cr-lrp-binding`);
    expect((await page.goto(lab.server.url + "/ports/not-a-port"))?.status()).toBe(404);
    await labOk(["heal"]);
  });
  it("incident: the root finding on the overview, its evidence names the drop-in and the DB units", async () => {
    await labOk(["fault", "incident"]);
    await until(
      "/",
      "the incident's root finding",
      async () => (await page.locator('[data-finding="northd-stops-dbs:ctl1"]').count()) === 1,
    );
    const root = page.locator('[data-finding="northd-stops-dbs:ctl1"]');
    expect(await root.getAttribute("data-severity")).toBe("critical");
    // It is the first finding and carries the consequences instead of repeating them.
    expect(
      await page.locator("[data-testid=findings] > li").first().getAttribute("data-finding"),
    ).toBe("northd-stops-dbs:ctl1");
    expect(
      await page.locator('[data-testid=findings] [data-finding="service:ctl1:nb-db"]').count(),
    ).toBe(0);
    await screenshot(page, "overview-incident");
    await root.getByRole("link").click();
    await page.getByTestId("finding-page").waitFor();
    const evidence = await page.locator("[data-testid=evidence] tbody tr").allTextContents();
    expect(
      evidence.some((e) => e.includes("/etc/systemd/system/ovn-northd.service.d/incident.conf")),
    ).toBe(true);
    expect(evidence.some((e) => e.includes("ovn-ovsdb-server-nb.service: inactive"))).toBe(true);
    expect(await page.getByTestId("runbook").getAttribute("data-runbook")).toBe(
      "recover-ovn-central",
    );
    expect(await page.locator("[data-symptom]").count()).toBeGreaterThanOrEqual(4);
    await screenshot(page, "finding-incident");
    await labOk(["heal"]);
  });
});
