/**
 * Server-Sent Events streams end with the session they were opened with (issue #15 §7): an
 * open /api/live or a run's event stream re-checks its session in the store on every event
 * and every few seconds, and when the session was signed out, expired, or its user removed,
 * sends `event: end` with the reason and closes. Against the built app and the real lab (a
 * run that stays running long enough needs real nodes); pages poll only once a minute here,
 * so whatever reacts within seconds came through the stream.
 */
import { spawn } from "node:child_process";
import Database from "better-sqlite3";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadInventoryFile } from "@/lib/inventory";
import type { RunRecord } from "@/lib/recovery/types";
import {
  apiFetch,
  apiSession,
  loginInBrowser,
  TEST_USERS,
  type ApiSession,
  type TestUser,
} from "../support/auth";
import { eventually, labOk } from "../support/lab";
import { labUiSuite } from "../support/lab-ui";
import { LAB_INVENTORY } from "../support/server";

const REFRESH_MS = 60_000;
/** The server re-checks an open stream's session this often (lib/http/session-stream.ts). */
const RECHECK_MS = 5000;
/** Time for the check's store read, the last write and the close to reach us. */
const SLACK_MS = 2500;

const lab = labUiSuite({ OVNSCOPE_REFRESH_MS: String(REFRESH_MS) });
let admin: ApiSession;
let cloud: string;

beforeAll(async () => {
  cloud = loadInventoryFile(LAB_INVENTORY).cloud.name;
  admin = await apiSession(lab.server.url, TEST_USERS.admin);
});

interface SseEvent {
  event: string;
  data: unknown;
  at: number;
}

interface OpenStream {
  events: SseEvent[];
  /** Resolves with the time the server closed the stream. */
  closed: Promise<number>;
  abort: () => void;
}

/** Opens an SSE stream with a session cookie, as EventSource would, and records its events. */
async function openStream(url: string, session: ApiSession): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { cookie: session.cookie, accept: "text/event-stream" },
    signal: abort.signal,
  });
  expect(res.status, url).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events: SseEvent[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const closed = (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return Date.now();
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: data ? JSON.parse(data) : null, at: Date.now() });
        }
      }
    } catch {
      return Number.POSITIVE_INFINITY; // aborted by us: never closed by the server
    }
  })();
  return { events, closed, abort: () => abort.abort() };
}

/** How long after `t0` the server closed the stream, or Infinity if not within `ms`. */
async function closedWithin(stream: OpenStream, t0: number, ms: number): Promise<number> {
  const timeout = new Promise<number>((r) => setTimeout(() => r(Number.POSITIVE_INFINITY), ms));
  const at = await Promise.race([stream.closed, timeout]);
  stream.abort();
  return at - t0;
}

const endOf = (stream: OpenStream) => stream.events.filter((e) => e.event === "end");

let serial = 0;
/** A fresh viewer made by the admin through the API, and a session of it. */
async function freshUser(role: TestUser["role"] = "viewer"): Promise<[TestUser, ApiSession]> {
  const user: TestUser = {
    name: `streamer-${++serial}`,
    role,
    password: `pw-stream-${serial}-xyzw`,
  };
  const res = await apiFetch(lab.server.url, "/api/users", admin, { method: "POST", body: user });
  expect(res.status, await res.clone().text()).toBe(201);
  return [user, await apiSession(lab.server.url, user)];
}

/** `ovnscope user …` on the server's own store, as an operator at the server's shell. */
function cli(...args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve("bin/ovnscope.mjs"), ...args], {
      env: { ...process.env, OVNSCOPE_DATA_DIR: lab.server.dataDir },
      stdio: "ignore",
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 128));
  });
}

describe("/api/live ends with its session", () => {
  const cases: [string, (user: TestUser, session: ApiSession) => Promise<void>, string][] = [
    [
      "signed out",
      async (_user, session) => {
        const res = await apiFetch(lab.server.url, "/api/auth/logout", session, { method: "POST" });
        expect(res.status).toBe(200);
      },
      "signed-out",
    ],
    [
      "its password reset by an admin (every session of the user ends)",
      async (user) => {
        const res = await apiFetch(lab.server.url, `/api/users/${user.name}`, admin, {
          method: "PATCH",
          body: { password: "a-new-password-for-the-stream" },
        });
        expect(res.status).toBe(200);
      },
      "signed-out",
    ],
    [
      "its user removed by an admin on the Users API",
      async (user) => {
        const res = await apiFetch(lab.server.url, `/api/users/${user.name}`, admin, {
          method: "DELETE",
        });
        expect(res.status).toBe(200);
      },
      "user-removed",
    ],
    [
      "its user removed with the CLI on the server",
      async (user) => expect(await cli("user", "remove", user.name)).toBe(0),
      "user-removed",
    ],
    [
      "expired (12 h after sign-in)",
      async (user) => {
        // The store's own clock fields, as after a 12 h shift: nothing else to wait for.
        const db = new Database(path.join(lab.server.dataDir, "ovnscope.db"));
        try {
          const old = Date.now() - 13 * 3600_000;
          db.prepare("UPDATE sessions SET created_at = ? WHERE username = ?").run(old, user.name);
        } finally {
          db.close();
        }
      },
      "expired",
    ],
  ];

  it.each(cases)(
    "%s: the stream says why and closes within the re-check interval",
    async (_what, end, reason) => {
      const [user, session] = await freshUser();
      const stream = await openStream(`${lab.server.url}/api/live`, session);
      await new Promise((r) => setTimeout(r, 500)); // open and idle: no event due
      const t0 = Date.now();
      await end(user, session);
      const ms = await closedWithin(stream, t0, RECHECK_MS + SLACK_MS + 5000);
      console.log(`/api/live after "${reason}": closed in ${ms} ms`);
      expect(ms, "closed by the server").toBeLessThanOrEqual(RECHECK_MS + SLACK_MS);
      expect(endOf(stream).map((e) => e.data)).toEqual([{ reason }]);
      expect(stream.events.at(-1)?.event).toBe("end");
      // And a new stream is refused outright.
      expect((await apiFetch(lab.server.url, "/api/live", session)).status).toBe(401);
    },
    30_000,
  );

  it("a session that goes on keeps its stream open past several re-checks", async () => {
    const [, session] = await freshUser();
    const stream = await openStream(`${lab.server.url}/api/live`, session);
    const ms = await closedWithin(stream, Date.now(), RECHECK_MS * 3);
    expect(ms).toBe(Number.POSITIVE_INFINITY);
    expect(endOf(stream)).toEqual([]);
  });
});

describe("in the browser", () => {
  it("open overviews in two tabs go to /login when their user is removed, long before their next poll", async () => {
    const [user] = await freshUser();
    const context = await lab.browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await loginInBrowser(page, lab.server.url, user, "/");
    const second = await context.newPage(); // gets the news from the first tab by broadcast
    await second.goto(lab.server.url + "/topology");
    await page.waitForTimeout(1000); // the leading tab's EventSource is open
    const t0 = Date.now();
    const res = await apiFetch(lab.server.url, `/api/users/${user.name}`, admin, {
      method: "DELETE",
    });
    expect(res.status).toBe(200);
    for (const [p, from] of [
      [page, "/"],
      [second, "/topology"],
    ] as const) {
      await p.waitForURL((u) => u.pathname === "/login", { timeout: RECHECK_MS + 10_000 });
      expect(new URL(p.url()).searchParams.get("next")).toBe(from);
    }
    const ms = Date.now() - t0;
    console.log(`user removed → both tabs on /login in ${ms} ms (polling every ${REFRESH_MS} ms)`);
    expect(ms).toBeLessThan(REFRESH_MS / 4);
    await context.close();
  }, 60_000);
});

describe("a run's event stream", () => {
  it("ends when its viewer signs out while the run goes on", async () => {
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
    const started = await apiFetch(lab.server.url, "/api/recovery/runs", operator, {
      method: "POST",
      body: { runbook: "recover-ovn-central", confirm: cloud },
    });
    expect(started.status).toBe(202);
    const { run } = (await started.json()) as { run: RunRecord };
    const [, watcher] = await freshUser();
    const stream = await openStream(
      `${lab.server.url}/api/recovery/runs/${run.id}/events`,
      watcher,
    );
    try {
      await eventually(
        "a step under way",
        async () =>
          stream.events.some(
            (e) =>
              e.event === "run" &&
              (e.data as RunRecord).steps.some((s) => s.status === "verifying"),
          ),
        60_000,
        200,
      );
      const t0 = Date.now();
      expect(
        (await apiFetch(lab.server.url, "/api/auth/logout", watcher, { method: "POST" })).status,
      ).toBe(200);
      const ms = await closedWithin(stream, t0, RECHECK_MS + SLACK_MS + 5000);
      console.log(`run events after sign-out: closed in ${ms} ms`);
      expect(ms, "closed by the server").toBeLessThanOrEqual(RECHECK_MS + SLACK_MS);
      expect(endOf(stream).map((e) => e.data)).toEqual([{ reason: "signed-out" }]);
      // It ended because of the session, not because the run did.
      const runs = stream.events.filter((e) => e.event === "run");
      expect((runs.at(-1)!.data as RunRecord).status).toBe("running");
    } finally {
      stream.abort();
      await eventually(
        "the run ends (before the lab is healed)",
        async () => {
          const r = await apiFetch(lab.server.url, `/api/recovery/runs/${run.id}`, operator);
          return ((await r.json()) as { run: RunRecord }).run.status !== "running";
        },
        180_000,
        1000,
      );
    }
  }, 300_000);
});
