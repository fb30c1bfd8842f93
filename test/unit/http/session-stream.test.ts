import { describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { hashSessionId, SESSION_POLICY } from "@/lib/auth/session";
import { END_EVENT, eventStream, type SendEvent } from "@/lib/http/event-stream";
import { streamEndReason } from "@/lib/http/session-stream";
import type { SessionWithRole, Store, UserRecord } from "@/lib/store";

const NOW = 1_800_000_000_000;

/** The two tables the check reads, in memory: sessions (joined with users) and users. */
function fakeStore(users: UserRecord[], sessions: Omit<SessionWithRole, "role">[]) {
  let touched = 0;
  const store = {
    users: {
      get: async (name: string) => users.find((u) => u.name === name) ?? null,
    },
    sessions: {
      get: async (idHash: string) => {
        const s = sessions.find((x) => x.idHash === idHash);
        const u = s && users.find((x) => x.name === s.username);
        return s && u ? { ...s, role: u.role } : null;
      },
      touch: async () => void touched++,
    },
  } as unknown as Pick<Store, "sessions" | "users">;
  return { store, users, sessions, touched: () => touched };
}

function world(role: Role = "viewer") {
  const user: UserRecord = { name: "ann", role, passwordHash: "x", createdAt: 0, updatedAt: 0 };
  const session = {
    idHash: hashSessionId("cookie-of-ann"),
    username: "ann",
    csrfToken: "t",
    createdAt: NOW - 3600_000,
    lastSeenAt: NOW - 1000,
    ip: null,
    userAgent: null,
  };
  return fakeStore([user], [session]);
}

describe("streamEndReason", () => {
  const reason = (w: ReturnType<typeof world>, role: Role = "viewer", cookie = "cookie-of-ann") =>
    streamEndReason(w.store, cookie, "ann", role, NOW);

  it("goes on while the session lives and its user has the role; never touches the session", async () => {
    const w = world("operator");
    expect(await reason(w)).toBeNull();
    expect(await reason(w, "operator")).toBeNull();
    expect(w.touched()).toBe(0);
  });

  it("signed out: the session is gone but its user is not", async () => {
    const w = world();
    w.sessions.length = 0;
    expect(await reason(w)).toBe("signed-out");
    expect(await streamEndReason(w.store, undefined, "ann", "viewer", NOW)).toBe("signed-out");
  });

  it("a cookie that now names another user's session is not this stream's session", async () => {
    const w = world();
    w.users.push({ name: "bob", role: "admin", passwordHash: "y", createdAt: 0, updatedAt: 0 });
    w.sessions[0]!.username = "bob";
    expect(await reason(w)).toBe("signed-out");
  });

  it("user removed: no session and no user", async () => {
    const w = world();
    w.users.length = 0; // the store's join drops the session with its user
    expect(await reason(w)).toBe("user-removed");
  });

  it("expired: idle too long, or past the absolute limit", async () => {
    const idle = world();
    idle.sessions[0]!.lastSeenAt = NOW - SESSION_POLICY.idleMs - 1;
    expect(await reason(idle)).toBe("expired");
    const old = world();
    old.sessions[0]!.createdAt = NOW - SESSION_POLICY.absoluteMs - 1;
    expect(await reason(old)).toBe("expired");
  });

  it("forbidden: the user was demoted below the route's role", async () => {
    const w = world("operator");
    w.users[0]!.role = "viewer";
    expect(await reason(w, "operator")).toBe("forbidden");
    expect(await reason(w, "viewer")).toBeNull();
  });
});

/** Reads a stream's messages as they come, and when it closed. */
function reader(res: Response) {
  const messages: string[] = [];
  let closedAt = 0;
  const done = (async () => {
    const r = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { done: end, value } = await r.read();
      if (end) break;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        messages.push(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
      }
    }
    closedAt = Date.now();
  })();
  return { messages, done, closed: () => closedAt > 0 };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function guardedStream(everyMs = 40) {
  let reason: string | null = null;
  let fail = false;
  let checks = 0;
  let undone = 0;
  let send: SendEvent = () => undefined;
  let close: () => void = () => undefined;
  const res = eventStream(
    new Request("http://x/api/live"),
    (s, c) => {
      send = s;
      close = c;
      return () => void undone++;
    },
    {
      everyMs,
      check: async () => {
        checks++;
        await tick(2);
        if (fail) throw new Error("store unreachable");
        return reason;
      },
    },
  );
  return {
    stream: reader(res),
    send: (e: string, d: unknown) => send(e, d),
    close: () => close(),
    end: (r: string) => (reason = r),
    failChecks: () => (fail = true),
    checks: () => checks,
    undone: () => undone,
  };
}

describe("a guarded event stream", () => {
  it("checks before every event and sends them in order while the check passes", async () => {
    const g = guardedStream(10_000);
    g.send("snapshot", { n: 1 });
    g.send("snapshot", { n: 2 });
    await vi.waitFor(() => expect(g.stream.messages).toHaveLength(3));
    expect(g.checks()).toBe(2);
    expect(g.stream.messages).toEqual([
      ": open",
      'event: snapshot\ndata: {"n":1}',
      'event: snapshot\ndata: {"n":2}',
    ]);
    expect(g.stream.closed()).toBe(false);
    g.close();
    await g.stream.done;
    expect(g.undone()).toBe(1);
  });

  it("an event after the session ended is not sent: `end` with the reason, then closed", async () => {
    const g = guardedStream(10_000);
    g.send("run", { step: 1 });
    await tick(20);
    g.end("signed-out");
    g.send("run", { step: 2 });
    g.send("run", { step: 3 });
    await g.stream.done;
    expect(g.stream.messages).toEqual([
      ": open",
      'event: run\ndata: {"step":1}',
      `event: ${END_EVENT}\ndata: {"reason":"signed-out"}`,
    ]);
    expect(g.undone()).toBe(1);
  });

  it("an idle stream is checked every interval and ends within one", async () => {
    const g = guardedStream(40);
    await tick(130);
    expect(g.checks()).toBeGreaterThanOrEqual(2);
    expect(g.stream.closed()).toBe(false);
    const t0 = Date.now();
    g.end("user-removed");
    await g.stream.done;
    expect(Date.now() - t0).toBeLessThan(40 * 3); // one interval, and a busy machine's slack
    expect(g.stream.messages.at(-1)).toBe(`event: ${END_EVENT}\ndata: {"reason":"user-removed"}`);
  });

  it("close() waits for the events sent before it", async () => {
    const g = guardedStream(10_000);
    g.send("run", { status: "succeeded" });
    g.close();
    await g.stream.done;
    expect(g.stream.messages).toEqual([": open", 'event: run\ndata: {"status":"succeeded"}']);
  });

  it("a check that cannot tell closes the stream without a reason (the client reconnects)", async () => {
    const g = guardedStream(30);
    g.failChecks();
    await g.stream.done;
    expect(g.stream.messages).toEqual([": open"]);
    expect(g.undone()).toBe(1);
  });
});
