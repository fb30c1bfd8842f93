/**
 * Operators, roles and sessions against the built app (`next start`) with a fresh data
 * directory and seeded accounts. Its inventory points only at a closed loopback port, so
 * nothing here depends on the lab or sends traffic off this machine.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_PATHS } from "@/lib/auth/paths";
import { USER_POLICY } from "@/lib/auth/throttle";
import {
  apiFetch,
  apiLogin,
  apiSession,
  loginInBrowser,
  TEST_USERS,
  type ApiSession,
  type TestUser,
} from "../support/auth";
import { launchBrowser, screenshot } from "../support/browser";
import { appRoutes } from "../support/routes";
import { freePort, startServer, type RunningServer } from "../support/server";

const victim: TestUser = {
  name: "throttle-victim",
  role: "viewer",
  password: "pw-victim-Zq81-long",
};
// Every password this file types, right or wrong: none may show in the log or the audit.
const typed = new Set<string>([...Object.values(TEST_USERS), victim].map((u) => u.password));
const type = (password: string) => (typed.add(password), password);

let server: RunningServer;
let browser: Browser;
let admin: ApiSession;
let viewer: ApiSession;
let inventoryDir: string;

async function loopbackInventory(): Promise<string> {
  const closedPort = await freePort(); // nothing listens there: every node is "unreachable"
  inventoryDir = mkdtempSync(path.join(tmpdir(), "inv-auth-"));
  const file = path.join(inventoryDir, "inventory.yaml");
  const key = (c: string) => `"SHA256:${c.repeat(43)}"`;
  writeFileSync(
    file,
    `cloud: {name: authtest}
defaults: {user: ovnscope, keyFile: /nonexistent/id_ed25519, port: ${closedPort}}
nodes:
  - {name: ctl1, address: 127.0.0.1, roles: [controller, network], hostKey: ${key("A")}}
  - {name: cmp1, address: 127.0.0.1, roles: [compute], hostKey: ${key("C")}}
`,
  );
  return file;
}

beforeAll(async () => {
  const inventory = await loopbackInventory();
  [server, browser] = await Promise.all([
    startServer(
      { OVNSCOPE_INVENTORY: inventory },
      { users: [...Object.values(TEST_USERS), victim] },
    ),
    launchBrowser(),
  ]);
  [admin, viewer] = await Promise.all([
    apiSession(server.url, TEST_USERS.admin),
    apiSession(server.url, TEST_USERS.viewer),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (inventoryDir) rmSync(inventoryDir, { recursive: true, force: true });
});

const routes = appRoutes();
const isPublic = (p: string) => PUBLIC_PATHS.includes(p);
const locationOf = (res: Response) => new URL(res.headers.get("location") ?? "", server.url);

describe("every route checks the session on the server (walked from app/)", () => {
  it("finds the pages and route handlers on disk", () => {
    const pages = routes.filter((r) => r.kind === "page").map((r) => r.path);
    const apis = routes.filter((r) => r.kind === "api");
    for (const p of ["/", "/topology", "/routers", "/login", "/users", "/audit"])
      expect(pages).toContain(p);
    expect(apis.length).toBeGreaterThanOrEqual(13);
    for (const r of apis) expect(r.methods.length, r.file).toBeGreaterThan(0);
  });

  it.each([
    ["no session cookie (the proxy turns it away)", undefined],
    [
      "a forged session cookie (the page or handler itself turns it away)",
      "ovnscope-session=forged0000000000000000000000000000000000000",
    ],
  ])(
    "anonymous with %s: pages redirect to /login?next=…, API calls get 401 JSON",
    async (_label, cookie) => {
      const headers: Record<string, string> = cookie ? { cookie } : {};
      let checked = 0;
      for (const route of routes) {
        if (isPublic(route.path)) continue;
        if (route.kind === "page") {
          const res = await fetch(server.url + route.path, { redirect: "manual", headers });
          expect([302, 303, 307], `${route.path} → ${res.status}`).toContain(res.status);
          const to = locationOf(res);
          expect(to.pathname, route.path).toBe("/login");
          expect(to.searchParams.get("next"), route.path).toBe(route.path);
          checked++;
        } else
          for (const method of route.methods) {
            const res = await fetch(server.url + route.path, {
              method,
              redirect: "manual",
              headers: { ...headers, origin: server.url, "content-type": "application/json" },
              body: method === "GET" || method === "HEAD" ? undefined : "{}",
            });
            expect(res.status, `${method} ${route.path}`).toBe(401);
            expect(await res.json(), `${method} ${route.path}`).toEqual({
              error: "unauthenticated",
            });
            checked++;
          }
      }
      expect(checked).toBeGreaterThanOrEqual(20);
    },
  );

  it("serves only the login page and its API without a session", async () => {
    expect(PUBLIC_PATHS).toEqual(["/login", "/api/auth/login"]);
    const page = await fetch(server.url + "/login");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-testid="login-form"');
    const token = await fetch(server.url + "/api/auth/login");
    expect(token.status).toBe(200);
    expect((await token.json()).csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token.headers.get("set-cookie")).toMatch(
      /^ovnscope-login-csrf=.+; Path=\/api\/auth\/login; HttpOnly; SameSite=Strict/,
    );
  });

  it("a viewer reads every page and GET route but Users and Audit, and is refused every state-changing route", async () => {
    const adminOnly = new Set(["/users", "/api/users"]);
    const operatorUp = new Set(["/audit", "/api/audit"]);
    for (const route of routes) {
      if (isPublic(route.path)) continue;
      for (const method of route.methods) {
        if (route.path === "/api/auth/logout") continue; // a viewer may sign out
        const res = await apiFetch(server.url, route.path, viewer, {
          method,
          body:
            method === "GET"
              ? undefined
              : { name: "mallory", role: "admin", password: "x".repeat(20) },
        });
        const what = `${method} ${route.path} → ${res.status}`;
        if (method !== "GET" || adminOnly.has(route.path) || operatorUp.has(route.path)) {
          expect(res.status, what).toBe(403);
          if (route.kind === "api") expect((await res.json()).error, what).toBe("forbidden");
        } else expect([200, 400, 404], what).toContain(res.status);
      }
    }
    const users = await (await apiFetch(server.url, "/api/users", admin)).json();
    expect(users.users.map((u: { name: string }) => u.name)).not.toContain("mallory");
    const denied = await (
      await apiFetch(server.url, "/api/audit?actor=test-viewer&event=request.denied", admin)
    ).json();
    expect(denied.entries.length).toBeGreaterThanOrEqual(3);
    expect(denied.entries[0]).toMatchObject({ outcome: "denied", detail: { reason: "forbidden" } });
  });

  it("an operator sees the audit log but not the users", async () => {
    const operator = await apiSession(server.url, TEST_USERS.operator);
    expect((await apiFetch(server.url, "/api/audit", operator)).status).toBe(200);
    expect((await apiFetch(server.url, "/audit", operator)).status).toBe(200);
    expect((await apiFetch(server.url, "/api/users", operator)).status).toBe(403);
    expect((await apiFetch(server.url, "/users", operator)).status).toBe(403);
  });
});

describe("the polled views, answered in front of Next (lib/http/fast-reads.ts)", () => {
  const get = (path: string, headers: Record<string, string>) =>
    fetch(server.url + path, { headers, redirect: "manual" });

  it("check the session in the store: none, an unknown one and an ended one get 401, with the security headers", async () => {
    const { session: ended } = await apiLogin(
      server.url,
      TEST_USERS.viewer.name,
      TEST_USERS.viewer.password,
    );
    expect((await apiFetch(server.url, "/api/overview", ended)).status).toBe(200);
    expect((await apiFetch(server.url, "/api/auth/logout", ended, { method: "POST" })).ok).toBe(
      true,
    );
    for (const cookie of [undefined, "ovnscope-session=" + "A".repeat(43), ended!.cookie]) {
      for (const path of ["/api/snapshot", "/api/overview", "/api/topology?expand=x"]) {
        const res = await get(path, cookie ? { cookie } : {});
        const what = `${path} with ${cookie ? cookie.slice(0, 24) : "no cookie"}`;
        expect(res.status, what).toBe(401);
        expect(await res.json(), what).toEqual({ error: "unauthenticated" });
        expect(res.headers.get("cache-control"), what).toBe("no-store");
        expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
        expect(res.headers.get("x-frame-options"), what).toBe("DENY");
        expect(res.headers.get("content-security-policy"), what).toContain("default-src 'self'");
      }
    }
  });

  it("send one gzipped body per generation to a browser, the same JSON as uncoded, and 304 for the representation it has", async () => {
    const { cookie } = viewer;
    // Both codings of one generation (a refresh may land between the two asks: ask again).
    let zipped!: Response;
    let plain!: Response;
    for (let i = 0; i < 5; i++) {
      zipped = await get("/api/overview", { cookie, "accept-encoding": "gzip, deflate, br" });
      plain = await get("/api/overview", { cookie, "accept-encoding": "identity" });
      if (zipped.headers.get("etag") === plain.headers.get("etag")!.replace(/"$/, '-gz"')) break;
    }
    const zippedTag = zipped.headers.get("etag")!;
    const plainTag = plain.headers.get("etag")!;
    expect(zippedTag).toBe(plainTag.replace(/"$/, '-gz"'));
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(zipped.headers.get("vary")).toBe("Accept-Encoding");
    expect(zipped.headers.get("cache-control")).toBe("private, no-cache");
    expect(zipped.headers.get("x-content-type-options")).toBe("nosniff");
    const body = await zipped.json(); // fetch decodes it
    expect(body).toEqual(await plain.json());
    expect(body.nodes.length).toBeGreaterThan(0);

    const again = await get("/api/overview", {
      cookie,
      "accept-encoding": "gzip",
      "if-none-match": zippedTag,
    });
    expect([304, 200]).toContain(again.status); // 200 only if a new generation landed
    if (again.status === 304) expect(await again.text()).toBe("");
    // The uncoded body's tag does not vouch for the gzipped one.
    const other = await get("/api/overview", {
      cookie,
      "accept-encoding": "gzip",
      "if-none-match": plainTag,
    });
    expect(other.status).toBe(200);
  });

  it("leave every other method and path to Next", async () => {
    const head = await fetch(server.url + "/api/overview", {
      method: "HEAD",
      headers: { cookie: viewer.cookie },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).not.toMatch(/-gz"$/);
    const post = await apiFetch(server.url, "/api/overview", viewer, { method: "POST", body: {} });
    expect(post.status).toBe(405);
  });
});

describe("cross-site requests", () => {
  const mallory = { name: "mallory", role: "admin", password: "mallory-password-1" };

  it("refuses a state-changing request from another origin, without Origin, or without the session's token", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(server.url + "/api/users", {
        method: "POST",
        headers: { cookie: admin.cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify(mallory),
      });
    const cases: [string, Record<string, string>, string][] = [
      [
        "another origin",
        { origin: "http://evil.example", "x-ovnscope-csrf": admin.csrf },
        "cross-origin",
      ],
      [
        "another port",
        { origin: "http://127.0.0.1:1", "x-ovnscope-csrf": admin.csrf },
        "cross-origin",
      ],
      ["no Origin", { "x-ovnscope-csrf": admin.csrf }, "cross-origin"],
      ["no token", { origin: server.url }, "csrf"],
      ["a wrong token", { origin: server.url, "x-ovnscope-csrf": "x".repeat(43) }, "csrf"],
      ["another session's token", { origin: server.url, "x-ovnscope-csrf": viewer.csrf }, "csrf"],
    ];
    for (const [what, headers, error] of cases) {
      const res = await post(headers);
      expect(res.status, what).toBe(403);
      expect((await res.json()).error, what).toBe(error);
    }
    // Login itself: same origin and its own double-submit token.
    const crossLogin = await fetch(server.url + "/api/auth/login", {
      method: "POST",
      headers: { origin: "http://evil.example", "content-type": "application/json" },
      body: JSON.stringify({
        username: TEST_USERS.admin.name,
        password: TEST_USERS.admin.password,
      }),
    });
    expect(crossLogin.status).toBe(403);
    const tokenless = await fetch(server.url + "/api/auth/login", {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/json" },
      body: JSON.stringify({
        username: TEST_USERS.admin.name,
        password: TEST_USERS.admin.password,
      }),
    });
    expect(tokenless.status).toBe(403);
    const users = await (await apiFetch(server.url, "/api/users", admin)).json();
    expect(users.users.map((u: { name: string }) => u.name)).not.toContain("mallory");
  });

  it("a signed-in admin's browser submitting a form from another site's page is refused", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await loginInBrowser(page, server.url, TEST_USERS.admin);
    // Another origin on this machine (another port: same site, so even SameSite cookies go).
    const evilPort = await freePort();
    const evil: Server = createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<form id=f method=post action="${server.url}/api/users" enctype="text/plain">
        <input name='{"name":"mallory","role":"admin","password":"mallory-password-1","x":"' value='"}'>
        </form><script>document.getElementById("f").submit()</script>`);
    });
    await new Promise<void>((r) => evil.listen(evilPort, "127.0.0.1", r));
    try {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${server.url}/api/users`),
        page.goto(`http://127.0.0.1:${evilPort}/`),
      ]);
      expect(response.status()).toBe(403);
      expect(await response.json()).toEqual({ error: "cross-origin" });
    } finally {
      evil.close();
      await context.close();
    }
    const users = await (await apiFetch(server.url, "/api/users", admin)).json();
    expect(users.users.map((u: { name: string }) => u.name)).not.toContain("mallory");
  });
});

describe("in the browser", () => {
  it("logs in, sees the overview with user and role in the header, logs out, and the session is gone", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(server.url + "/topology");
    expect(new URL(page.url()).pathname).toBe("/login");
    await screenshot(page, "login");
    // A wrong password first: an error, no session.
    await page.locator("input[name=username]").fill(TEST_USERS.operator.name);
    await page.locator("input[name=password]").fill(type("not the password"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("login-error").textContent()).resolves.toContain(
      "Wrong user name or password",
    );
    await loginInBrowser(page, server.url, TEST_USERS.operator, "/");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Overview");
    await expect(page.getByTestId("signed-in-user").textContent()).resolves.toBe(
      TEST_USERS.operator.name,
    );
    expect(await page.locator("header [data-role]").getAttribute("data-role")).toBe("operator");
    expect(
      await page.getByRole("navigation", { name: "main" }).getByRole("link").allTextContents(),
    ).toEqual(["Overview", "Topology", "Clusters", "Timeline", "Routers", "Recovery", "Audit"]);
    const cookie = (await context.cookies()).find((c) => c.name === "ovnscope-session")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", secure: false, path: "/" });
    await screenshot(page, "overview-signed-in");

    await Promise.all([page.waitForURL(server.url + "/login"), page.getByTestId("logout").click()]);
    // The server forgot the session: the old cookie value no longer opens anything.
    const old = await fetch(server.url + "/api/status", {
      headers: { cookie: `ovnscope-session=${cookie.value}` },
    });
    expect(old.status).toBe(401);
    await page.goto(server.url + "/");
    expect(new URL(page.url()).pathname).toBe("/login");
    await context.close();
  });

  it("an admin manages users on the Users page; the audit page filters and exports what happened", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    page.on("dialog", (d) => void d.accept());
    await loginInBrowser(page, server.url, TEST_USERS.admin, "/users");
    expect(
      await page.getByRole("navigation", { name: "main" }).getByRole("link").allTextContents(),
    ).toEqual([
      "Overview",
      "Topology",
      "Clusters",
      "Timeline",
      "Routers",
      "Recovery",
      "Audit",
      "Users",
    ]);
    const row = (name: string) => page.locator(`[data-testid=users-table] tr[data-user="${name}"]`);

    const form = page.getByTestId("add-user");
    await form.locator("input[name=name]").fill("carol");
    await form.locator("select[name=role]").selectOption("viewer");
    await form.locator("input[name=password]").fill(type("carol-first-password"));
    await form.getByRole("button", { name: "Add" }).click();
    await row("carol").waitFor();
    expect(await row("carol").locator("[data-role]").getAttribute("data-role")).toBe("viewer");

    await row("carol").getByTestId("role-select").selectOption("operator");
    await page.waitForFunction(() =>
      document.querySelector('tr[data-user="carol"] [data-role="operator"]'),
    );
    await row("carol").getByRole("button", { name: "Reset password" }).click();
    await row("carol").locator("input[name=password]").fill(type("carol-second-password"));
    await row("carol").getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("users-notice").textContent()).resolves.toContain(
      "Password of carol reset",
    );
    expect((await apiLogin(server.url, "carol", "carol-second-password")).res.status).toBe(200);

    // The last admin cannot be demoted.
    await row(TEST_USERS.admin.name).getByTestId("role-select").selectOption("viewer");
    await expect(page.getByTestId("users-notice").textContent()).resolves.toContain("last admin");
    await screenshot(page, "users");

    await row("carol").getByTestId("remove-user").click();
    await row("carol").waitFor({ state: "detached" });

    await page.goto(`${server.url}/audit?actor=${TEST_USERS.admin.name}&event=user`);
    const events = await page
      .locator("[data-testid=audit-table] tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute("data-actor"), tr.getAttribute("data-event")]),
      );
    expect(events).toEqual([
      [TEST_USERS.admin.name, "user.remove"],
      [TEST_USERS.admin.name, "user.passwd"],
      [TEST_USERS.admin.name, "user.role"],
      [TEST_USERS.admin.name, "user.add"],
    ]);
    expect(await page.getByTestId("audit-export").getAttribute("href")).toBe(
      `/api/audit?actor=${TEST_USERS.admin.name}&event=user&format=json`,
    );
    await screenshot(page, "audit");
    await page.goto(`${server.url}/audit?from=2000-01-01T00:00&to=2000-01-02T00:00`);
    await expect(page.locator("main").textContent()).resolves.toContain("No audit entries match");
    await context.close();
  });

  it("a viewer opening an admin page gets the 403 page, in Korean for a Korean browser", async () => {
    const context = await browser.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    await loginInBrowser(page, server.url, TEST_USERS.viewer, "/");
    const res = await page.goto(server.url + "/users");
    expect(res?.status()).toBe(403);
    await expect(page.getByTestId("forbidden").textContent()).resolves.toContain("허용되지 않음");
    await screenshot(page, "forbidden-ko");
    await context.close();
  });
});

describe("throttling and secrecy", () => {
  it("throttles 20 wrong passwords: 5 are checked, 15 refused with Retry-After, then even the right one", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const { res } = await apiLogin(server.url, victim.name, type(`wrong-password-${i}`));
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((await res.json()).error).toBe("throttled");
      }
    }
    expect(statuses.slice(0, USER_POLICY.freeFailures)).toEqual(Array(5).fill(401));
    expect(statuses.slice(USER_POLICY.freeFailures)).toEqual(Array(15).fill(429));
    expect((await apiLogin(server.url, victim.name, victim.password)).res.status).toBe(429);
    const audit = await (
      await apiFetch(server.url, `/api/audit?actor=${victim.name}&event=login`, admin)
    ).json();
    const counts = audit.entries.reduce(
      (acc: Record<string, number>, e: { event: string }) => ({
        ...acc,
        [e.event]: (acc[e.event] ?? 0) + 1,
      }),
      {},
    );
    expect(counts).toEqual({ "login.failed": 5, "login.throttled": 16 });
  });

  it("30 wrong passwords sent in parallel for one name: 5 are checked, 25 refused", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        apiLogin(server.url, "parallel-nobody", type(`parallel-wrong-${i}`)),
      ),
    );
    const statuses = results.map((r) => r.res.status).sort();
    expect(statuses).toEqual([
      ...Array(USER_POLICY.freeFailures).fill(401),
      ...Array(30 - USER_POLICY.freeFailures).fill(429),
    ]);
  });

  it("no password ever shows in the server's log, the audit export or the database file in clear", async () => {
    // A password change through the API, for the record.
    const changed = await apiFetch(server.url, `/api/users/${TEST_USERS.operator.name}`, admin, {
      method: "PATCH",
      body: { password: type("operator-new-password-77") },
    });
    expect(changed.status).toBe(200);
    const exported = await apiFetch(server.url, "/api/audit?format=json&limit=5000", admin);
    expect(exported.headers.get("content-disposition")).toMatch(
      /^attachment; filename="ovnscope-audit-.*\.json"$/,
    );
    const body = await exported.text();
    expect(JSON.parse(body).entries.length).toBeGreaterThan(40);
    const log = server.output();
    expect(log).toContain("ovnscope: store sqlite");
    const db = readdirSync(server.dataDir)
      .map((f) => readFileSync(path.join(server.dataDir, f)).toString("latin1"))
      .join("\n");
    expect(typed.size).toBeGreaterThan(25);
    for (const password of typed) {
      expect(log, "server log").not.toContain(password);
      expect(body, "audit export").not.toContain(password);
      expect(db, "database files").not.toContain(password);
    }
  });

  it("throttles one address trying many user names, whatever X-Forwarded-For it claims (run last: it locks 127.0.0.1 out)", async () => {
    // No OVNSCOPE_TRUSTED_PROXIES: a direct client's forwarded headers are not believed, so
    // a new X-Forwarded-For per attempt does not make a new address.
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push(
        (
          await apiLogin(server.url, `nobody-${i}`, type(`spray-${i}`), {
            "x-forwarded-for": `203.0.113.${i}`,
          })
        ).res.status,
      );
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBeLessThanOrEqual(20);
    const right = await apiLogin(server.url, TEST_USERS.viewer.name, TEST_USERS.viewer.password);
    expect(right.res.status).toBe(429);
    // The address is the socket's, as the server marked it: not a claimed one, not "unknown".
    const audit = await (
      await apiFetch(server.url, "/api/audit?event=login&limit=5000", admin)
    ).json();
    const ips = new Set(audit.entries.map((e: { ip: string | null }) => e.ip));
    expect([...ips]).toEqual(["127.0.0.1"]);
    expect(server.output()).toContain("forwarded headers believed from no one");
  });
});

describe("start-up configuration", () => {
  it("a bad OVNSCOPE_TRUSTED_PROXIES stops the server at start, naming the entry", async () => {
    const outcome = await startServer(
      {
        OVNSCOPE_INVENTORY: path.join(inventoryDir, "inventory.yaml"),
        OVNSCOPE_TRUSTED_PROXIES: "127.0.0.1, proxy.example",
      },
      { users: [] },
    ).then(
      async (started) => (await started.stop(), "it started"),
      (err: Error) => err.message,
    );
    expect(outcome).toMatch(
      /server exited \(1\)[\s\S]*OVNSCOPE_TRUSTED_PROXIES: "proxy\.example" is not an IP address/,
    );
  });
});
