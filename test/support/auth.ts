/**
 * Signing in from tests: the accounts every test server is seeded with (random passwords per
 * test run), a browser login through the real form, and API sessions for fetch().
 */
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import type { Role } from "@/lib/auth/roles";

export interface TestUser {
  name: string;
  role: Role;
  password: string;
}

const password = () => `pw-${randomBytes(12).toString("base64url")}`;

/** One account per role; startServer() creates them through the CLI. */
export const TEST_USERS: Record<Role, TestUser> = {
  viewer: { name: "test-viewer", role: "viewer", password: password() },
  operator: { name: "test-operator", role: "operator", password: password() },
  admin: { name: "test-admin", role: "admin", password: password() },
};

/** Signs in through the login page and waits for the page it leads to. */
export async function loginInBrowser(
  page: Page,
  baseUrl: string,
  user: TestUser = TEST_USERS.viewer,
  next = "/",
): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.locator("input[name=username]").fill(user.name);
  await page.locator("input[name=password]").fill(user.password);
  await Promise.all([
    page.waitForURL(baseUrl + next, { timeout: 30_000 }),
    page.getByRole("button", { name: /sign in|로그인/i }).click(),
  ]);
}

export interface ApiSession {
  cookie: string;
  csrf: string;
  origin: string;
}

/** The Set-Cookie pairs of a response as one Cookie header value. */
export function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

/** Login as the browser's script does it: get a login CSRF token, then post. */
export async function apiLogin(
  baseUrl: string,
  username: string,
  pass: string,
  extraHeaders: Record<string, string> = {},
): Promise<{ res: Response; session: ApiSession | null }> {
  const pre = await fetch(`${baseUrl}/api/auth/login`, { headers: extraHeaders });
  const { csrf } = (await pre.json()) as { csrf: string };
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: {
      ...extraHeaders,
      origin: baseUrl,
      cookie: cookiesOf(pre),
      "content-type": "application/json",
      "x-ovnscope-csrf": csrf,
    },
    body: JSON.stringify({ username, password: pass }),
  });
  if (!res.ok) return { res, session: null };
  const body = (await res.clone().json()) as { csrf: string };
  return { res, session: { cookie: cookiesOf(res), csrf: body.csrf, origin: baseUrl } };
}

export async function apiSession(baseUrl: string, user: TestUser): Promise<ApiSession> {
  const { res, session } = await apiLogin(baseUrl, user.name, user.password);
  if (!session) throw new Error(`login as ${user.name} failed: HTTP ${res.status}`);
  return session;
}

/** A request with the session's cookie; state-changing ones also carry Origin and the token. */
export function apiFetch(
  baseUrl: string,
  path: string,
  session: ApiSession | null,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const method = init.method ?? "GET";
  const headers: Record<string, string> = {};
  if (session) headers.cookie = session.cookie;
  if (method !== "GET" && session) {
    headers.origin = session.origin;
    headers["x-ovnscope-csrf"] = session.csrf;
  }
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return fetch(baseUrl + path, {
    method,
    redirect: "manual",
    headers: { ...headers, ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
