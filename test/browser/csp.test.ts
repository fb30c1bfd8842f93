/**
 * Content-Security-Policy and the other security headers (issue #15 §7), against the built app
 * and the real lab: every response carries them, every page's scripts carry the request's
 * nonce, and every page — the topology (React Flow), a recovery run followed live
 * (EventSource) — renders in Chromium without one CSP violation, while a script or style
 * injected without the nonce is refused and another site cannot frame the app.
 */
import { createServer, type Server } from "node:http";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadInventoryFile } from "@/lib/inventory";
import type { RunRecord } from "@/lib/recovery/types";
import { apiFetch, apiSession, loginInBrowser, TEST_USERS, type ApiSession } from "../support/auth";
import { screenshot } from "../support/browser";
import { eventually, labOk } from "../support/lab";
import { labUiSuite } from "../support/lab-ui";
import { appRoutes } from "../support/routes";
import { freePort, LAB_INVENTORY } from "../support/server";

const lab = labUiSuite({ OVNSCOPE_REFRESH_MS: "2000" });
let admin: ApiSession;
let context: BrowserContext;
let page: Page;
/** CSP violations the console reported since the last take(), with the page they were on. */
let problems: string[] = [];

beforeAll(async () => {
  admin = await apiSession(lab.server.url, TEST_USERS.admin);
  context = await lab.browser.newContext({
    locale: "en-US",
    viewport: { width: 1400, height: 900 },
  });
  // Runs in every document before its own scripts (through the DevTools protocol, which CSP
  // does not govern); the event is what the browser fires for each blocked load or execution.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(
        `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`,
      );
    });
  });
  page = await context.newPage();
  watch(page);
  await loginInBrowser(page, lab.server.url, TEST_USERS.admin);
});

function watch(p: Page) {
  p.on("console", (m) => {
    if (m.type() === "error" && /content security policy|refused to/i.test(m.text()))
      problems.push(`${p.url()}: console: ${m.text()}`);
  });
  // Not the policy's doing (a blocked script shows as a violation above): said, not failed on.
  p.on("pageerror", (e) => console.warn(`${p.url()}: page error: ${e.message}`));
}

/** The violations the page's document recorded, and the console's; then clears them. */
async function take(p: Page): Promise<string[]> {
  const inPage = await p
    .evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])
    .catch(() => [] as string[]);
  const all = [...problems, ...inPage.map((v) => `${p.url()}: ${v}`)];
  problems = [];
  await p.evaluate(() => ((window as unknown as { __csp?: string[] }).__csp = [])).catch(() => 0);
  return all;
}

const SCRIPT_TAG = /<script\b[^>]*>/g;

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

describe("headers", () => {
  it("every page gets a strict CSP with a fresh nonce that all of its scripts carry", async () => {
    const nonces = new Set<string>();
    for (const path of ["/", "/topology", "/login", "/nodes/ctl1"]) {
      const res = await apiFetch(lab.server.url, path, path === "/login" ? null : admin);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy");
      expect(csp, path).toBeTruthy();
      const d = directives(csp!);
      const script = d.get("script-src") ?? [];
      const nonce = script.find((v) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(v));
      expect(nonce, `${path}: ${csp}`).toBeTruthy();
      expect(script).toContain("'strict-dynamic'");
      expect(script, "no inline or eval'd script without the nonce").not.toContain(
        "'unsafe-inline'",
      );
      expect(script).not.toContain("'unsafe-eval'");
      expect(d.get("default-src")).toEqual(["'self'"]);
      expect(d.get("object-src")).toEqual(["'none'"]);
      expect(d.get("base-uri")).toEqual(["'none'"]);
      expect(d.get("form-action")).toEqual(["'self'"]);
      expect(d.get("frame-ancestors")).toEqual(["'none'"]);
      expect(d.get("style-src"), "<style> and stylesheets: own or the nonce").toEqual([
        "'self'",
        nonce,
      ]);
      expect(d.get("style-src-attr"), "no style attribute in markup").toEqual(["'none'"]);
      expect(csp, "no 'unsafe-…' anywhere").not.toMatch(/unsafe-/);
      // Plain http on loopback must keep working: no upgrade to an https nothing serves.
      expect(d.has("upgrade-insecure-requests")).toBe(false);
      nonces.add(nonce!);
      const html = await res.text();
      const tags = html.match(SCRIPT_TAG) ?? [];
      expect(tags.length, path).toBeGreaterThan(0);
      const raw = nonce!.slice("'nonce-".length, -1);
      for (const tag of tags) expect(tag, path).toContain(`nonce="${raw}"`);
    }
    expect(nonces.size, "one nonce per response").toBe(4);
  });

  it("every kind of response says nosniff, same-origin referrers, no framing", async () => {
    const html = await (await apiFetch(lab.server.url, "/", admin)).text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    const responses: [string, Response][] = [
      ["page", await apiFetch(lab.server.url, "/", admin)],
      ["login page", await apiFetch(lab.server.url, "/login", null)],
      ["API", await apiFetch(lab.server.url, "/api/status", admin)],
      ["API 401 from the proxy", await apiFetch(lab.server.url, "/api/snapshot", null)],
      ["redirect to /login from the proxy", await apiFetch(lab.server.url, "/topology", null)],
      ["static asset", await apiFetch(lab.server.url, asset!, null)],
      ["404 page", await apiFetch(lab.server.url, "/no-such-page", admin)],
    ];
    for (const [what, res] of responses) {
      expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), what).toBe("same-origin");
      expect(res.headers.get("x-frame-options"), what).toBe("DENY");
    }
  });
});

describe("in Chromium", () => {
  it("every page renders without a CSP violation (walked from the app's own links)", async () => {
    // Each page kind of app/ once or twice, found by following the links the pages show.
    const pagePatterns = appRoutes()
      .filter((r) => r.kind === "page")
      .map((r) => ({
        file: r.file,
        re: new RegExp(
          "^" +
            r.file
              .replace(/^app/, "")
              .replace(/\/page\.tsx$/, "")
              .replace(/\[\w+\]/g, "[^/]+") +
            "/?$",
        ),
      }));
    // One run to show: a plan of skips on the healthy lab, finished at once.
    const started = await apiFetch(lab.server.url, "/api/recovery/runs", admin, {
      method: "POST",
      body: {
        runbook: "recover-ovn-central",
        confirm: loadInventoryFile(LAB_INVENTORY).cloud.name,
      },
    });
    expect(started.status).toBe(202);
    const queue = [
      "/",
      "/topology",
      "/clusters",
      "/timeline",
      "/routers",
      "/recovery",
      "/audit",
      "/users",
    ];
    queue.push(`/recovery/runs/${((await started.json()) as { run: RunRecord }).run.id}`);
    const seen = new Map<string, number>();
    const visited: string[] = [];
    while (queue.length) {
      const path = queue.shift()!;
      const kind = pagePatterns.find((p) => p.re.test(path))?.file;
      if (!kind || (seen.get(kind) ?? 0) >= 2 || visited.includes(path)) continue;
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      visited.push(path);
      const res = await page.goto(lab.server.url + path);
      expect(res?.status(), path).toBe(200);
      if (path === "/topology")
        await page.locator("[data-testid=topology][data-ready]").waitFor({ timeout: 30_000 });
      await page.waitForTimeout(800); // hydration, the first polls, the live stream opening
      expect(await take(page), path).toEqual([]);
      // Hydrated: React took the page over (a blocked bundle would leave it static).
      expect(
        await page.evaluate(() =>
          Object.keys(document.querySelector("main") ?? {}).some((k) => k.startsWith("__react")),
        ),
        `${path} hydrated`,
      ).toBe(true);
      for (const href of await page
        .locator("main a[href^='/']")
        .evaluateAll((as) => as.map((a) => a.getAttribute("href")!)))
        if (!href.startsWith("/api/")) queue.push(href.split("#")[0]!.split("?")[0]!);
    }
    console.log(`walked without a violation: ${visited.join(" ")}`);
    const missed = pagePatterns
      .map((p) => p.file)
      .filter((f) => !seen.has(f) && f !== "app/login/page.tsx");
    expect(missed, "page kinds no link led to").toEqual([]);
    // The login page, signed out.
    const anon = await lab.browser.newContext();
    const login = await anon.newPage();
    watch(login);
    await login.goto(lab.server.url + "/login");
    await login.locator("input[name=username]").waitFor();
    expect(await take(login)).toEqual([]);
    await anon.close();
    // The topology styled under the policy (Tailwind's stylesheet, React Flow's inline styles).
    await page.goto(lab.server.url + "/topology");
    await page.locator("[data-testid=topology][data-ready]").waitFor({ timeout: 30_000 });
    await page.locator('[data-topo-id="node:net1"]').click(); // its facts in the side panel
    await page.getByTestId("side-panel").waitFor();
    await screenshot(page, "csp-topology");
    const box = await page.locator(".react-flow__node").first().boundingBox();
    expect(box && box.width > 40 && box.height > 20, "React Flow nodes laid out").toBe(true);
    expect(await take(page)).toEqual([]);
  }, 240_000);

  it("markup injected into a page (as by an XSS) runs no script and applies no style", async () => {
    // The server's own answer, with the policy it sent, and an attacker's markup added to it.
    const p = await context.newPage();
    const seen: string[] = [];
    p.on("console", (m) => seen.push(m.text()));
    await p.route(lab.server.url + "/", async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(
        "<body",
        `<body><script>window.__ran = 1</script>` +
          `<img src="data:," onerror="window.__ran = 2">` +
          `<style>body { outline: 7px solid rgb(1, 2, 3) }</style>` +
          `<p id="injected" style="color: rgb(4, 5, 6)">x</p><span`,
      );
      await route.fulfill({ response: res, body: html });
    });
    await p.goto(lab.server.url + "/");
    await p.waitForTimeout(500);
    const result = await p.evaluate(() => ({
      ran: (window as unknown as { __ran?: number }).__ran ?? 0,
      outline: getComputedStyle(document.body).outlineColor,
      violations: (window as unknown as { __csp?: string[] }).__csp ?? [],
    }));
    await p.close();
    expect(result.ran, "no injected script or handler ran").toBe(0);
    expect(result.outline, "the injected <style> was not applied").not.toBe("rgb(1, 2, 3)");
    const all = [...result.violations, ...seen].join("\n");
    expect(all).toMatch(/script-src-elem blocked inline/);
    expect(all).toMatch(/script-src-attr blocked inline/);
    expect(all).toMatch(/style-src-elem blocked inline/);
    // (React then drops the stray <p> when it hydrates <body>: the report is what shows it.)
    expect(all).toMatch(/style-src-attr blocked inline/);
  });

  it("another site cannot frame the app", async () => {
    const evilPort = await freePort();
    const evil: Server = createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<iframe id=f src="${lab.server.url}/login" width=800 height=600></iframe>`);
    });
    await new Promise<void>((r) => evil.listen(evilPort, "127.0.0.1", r));
    const other = await lab.browser.newContext();
    try {
      const p = await other.newPage();
      await p.goto(`http://127.0.0.1:${evilPort}/`);
      await p.waitForTimeout(1500);
      const framed = p.frames().filter((f) => f !== p.mainFrame());
      expect(framed.length).toBe(1);
      expect(await framed[0]!.locator("[data-testid=login-form]").count()).toBe(0);
    } finally {
      await other.close();
      evil.close();
    }
  });

  it("a run followed live (EventSource) on its page: no violation while it streams to its end", async () => {
    await labOk(["fault", "neutron-down"]);
    const operator = await apiSession(lab.server.url, TEST_USERS.operator);
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
    const started = await apiFetch(lab.server.url, "/api/recovery/runs", operator, {
      method: "POST",
      body: {
        runbook: "recover-ovn-central",
        confirm: loadInventoryFile(LAB_INVENTORY).cloud.name,
      },
    });
    expect(started.status).toBe(202);
    const { run } = (await started.json()) as { run: RunRecord };
    const streams: string[] = [];
    page.on(
      "request",
      (r) => r.url().endsWith(`/api/recovery/runs/${run.id}/events`) && streams.push(r.url()),
    );
    await page.goto(`${lab.server.url}/recovery/runs/${run.id}`);
    const view = page.locator("[data-testid=run]");
    expect(await view.getAttribute("data-status")).toBe("running");
    // The page is only ever loaded once: whatever changes on it came through the stream.
    await eventually(
      "the run ends on the page",
      async () => (await view.getAttribute("data-status")) !== "running",
      180_000,
      500,
    );
    expect(streams.length, "the page followed the run's event stream").toBeGreaterThan(0);
    console.log(`run ${run.id} ended on its page: ${await view.getAttribute("data-status")}`);
    await screenshot(page, "csp-recovery-run");
    expect(await take(page)).toEqual([]);
    await labOk(["heal"]);
  }, 300_000);
});
