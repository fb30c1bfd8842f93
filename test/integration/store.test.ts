/**
 * The store's one test suite, run on SQLite (a temp dir) and on a real PostgreSQL server
 * started here (Debian's postgresql, unix socket only, stopped at the end). Each test gets a
 * fresh database. The auth flows that live on the store (login, throttle, sessions, user
 * changes, audit) run on both too.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { audit } from "@/lib/audit";
import { login } from "@/lib/auth/login";
import { resolveSession } from "@/lib/auth/sessions";
import { USER_POLICY } from "@/lib/auth/throttle";
import { addUser, removeUser, setPassword, setRole, UserError } from "@/lib/auth/users";
import { openStore, StoreConflictError, type Store, type StoreConfig } from "@/lib/store";
import { MIGRATIONS } from "@/lib/store/migrations";
import { startPostgres, type TestPostgres } from "../support/postgres";

interface Backend {
  name: "sqlite" | "postgres";
  /** A config for a new, empty database. */
  fresh(): StoreConfig;
}

const tempDirs: string[] = [];
let pg: TestPostgres | undefined;
let pgDatabases = 0;

const backends: Backend[] = [
  {
    name: "sqlite",
    fresh() {
      const dir = mkdtempSync(path.join(tmpdir(), "ovnscope-store-"));
      tempDirs.push(dir);
      return { kind: "sqlite", file: path.join(dir, "ovnscope.db") };
    },
  },
  {
    name: "postgres",
    fresh() {
      pg ??= startPostgres();
      return { kind: "postgres", url: pg.createDatabase(`t${++pgDatabases}`) };
    },
  },
];

const opened: Store[] = [];
async function open(config: StoreConfig): Promise<Store> {
  const store = await openStore(config);
  opened.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(() => {
  pg?.stop();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const CLI = { name: "cli", ip: null };
const PASSWORD = "correct horse battery staple";

describe.each(backends)("store on $name", (backend) => {
  let config: StoreConfig;
  let store: Store;
  beforeAll(() => {
    backend.fresh(); // start the server (postgres) before the first timed test
  });
  const setup = async () => {
    config = backend.fresh();
    store = await open(config);
    expect(store.kind).toBe(backend.name);
  };

  describe("migrations", () => {
    it("bring a new database to the latest version, once, even when two instances start together", async () => {
      config = backend.fresh();
      const [a, b] = await Promise.all([open(config), open(config)]);
      const latest = Math.max(...MIGRATIONS.map((m) => m.version));
      expect(await a.schemaVersion()).toBe(latest);
      expect(await b.schemaVersion()).toBe(latest);
      const again = await open(config); // idempotent: nothing applied twice, no error
      expect(await again.schemaVersion()).toBe(latest);
      await again.users.create({
        name: "u",
        role: "viewer",
        passwordHash: "h",
        createdAt: 1,
        updatedAt: 1,
      });
      expect(await (await open(config)).users.list()).toHaveLength(1); // data survives a reopen
    });
  });

  describe("users", () => {
    it("creates, reads, lists, updates, counts and removes", async () => {
      await setup();
      const u = {
        name: "alice",
        role: "admin" as const,
        passwordHash: "h1",
        createdAt: 1,
        updatedAt: 1,
      };
      await store.users.create(u);
      await store.users.create({ ...u, name: "bob", role: "viewer" });
      await expect(store.users.create(u)).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.users.get("alice")).toEqual(u);
      expect(await store.users.get("nobody")).toBeNull();
      expect((await store.users.list()).map((x) => x.name)).toEqual(["alice", "bob"]);
      expect(await store.users.update("bob", { role: "operator", passwordHash: "h2" }, 5)).toBe(
        true,
      );
      expect(await store.users.get("bob")).toMatchObject({
        role: "operator",
        passwordHash: "h2",
        updatedAt: 5,
      });
      expect(await store.users.update("nobody", { role: "admin" }, 5)).toBe(false);
      expect(await store.users.countByRole("admin")).toBe(1);
      expect(await store.users.remove("bob")).toBe(true);
      expect(await store.users.remove("bob")).toBe(false);
    });

    it("refuses a role that does not exist (schema check)", async () => {
      await setup();
      await expect(
        store.users.create({
          name: "x",
          role: "root" as never,
          passwordHash: "h",
          createdAt: 1,
          updatedAt: 1,
        }),
      ).rejects.toThrow();
    });
  });

  describe("sessions", () => {
    it("stores by id hash, joins the current role, touches, expires, ends with the user", async () => {
      await setup();
      await store.users.create({
        name: "alice",
        role: "viewer",
        passwordHash: "h",
        createdAt: 1,
        updatedAt: 1,
      });
      const s = {
        idHash: "a".repeat(64),
        username: "alice",
        csrfToken: "tok",
        createdAt: 1000,
        lastSeenAt: 1000,
        ip: "127.0.0.1",
        userAgent: "test",
      };
      await store.sessions.create(s);
      await store.sessions.create({ ...s, idHash: "b".repeat(64), createdAt: 10, lastSeenAt: 10 });
      expect(await store.sessions.get(s.idHash)).toEqual({ ...s, role: "viewer" });
      await store.users.update("alice", { role: "admin" }, 2);
      expect((await store.sessions.get(s.idHash))!.role).toBe("admin"); // next request sees it
      await store.sessions.touch(s.idHash, 2000);
      expect((await store.sessions.get(s.idHash))!.lastSeenAt).toBe(2000);
      expect(await store.sessions.purge(500, 500)).toBe(1); // the old one only
      expect(await store.sessions.get("b".repeat(64))).toBeNull();
      await store.sessions.remove(s.idHash);
      expect(await store.sessions.get(s.idHash)).toBeNull();
      await store.sessions.create(s);
      expect(await store.users.remove("alice")).toBe(true);
      expect(await store.sessions.get(s.idHash)).toBeNull();
    });
  });

  describe("login attempts", () => {
    it("counts failures atomically across two instances, forgets a quiet key, clears", async () => {
      await setup();
      const other = await open(config);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? store : other).attempts.recordFailure("user:x", 1000 + i, 0),
        ),
      );
      const [rec] = await store.attempts.get(["user:x", "ip:none"]);
      expect(rec).toMatchObject({ key: "user:x", failures: 20 });
      const fresh = await store.attempts.recordFailure("user:x", 10_000_000, 9_000_000);
      expect(fresh).toEqual({
        key: "user:x",
        failures: 1,
        firstFailureAt: 10_000_000,
        lastFailureAt: 10_000_000,
      });
      await store.attempts.clear("user:x");
      expect(await store.attempts.get(["user:x"])).toEqual([]);
      expect(await store.attempts.get([])).toEqual([]);
    });
  });

  describe("audit", () => {
    it("appends and filters by actor, event (name or dotted prefix) and time, newest first", async () => {
      await setup();
      const base = { ip: "10.0.0.1", target: null, outcome: "ok" as const, detail: null };
      const ids = [];
      ids.push(await store.audit.append({ ...base, at: 100, actor: "alice", event: "login" }));
      ids.push(
        await store.audit.append({
          ...base,
          at: 200,
          actor: "(unknown)",
          event: "login.failed",
          outcome: "failed",
          detail: { reason: "unknown user", n: 1 },
        }),
      );
      ids.push(await store.audit.append({ ...base, at: 300, actor: "alice", event: "loginx" }));
      ids.push(
        await store.audit.append({
          ...base,
          at: 400,
          actor: "bob",
          event: "user.add",
          target: "carol",
        }),
      );
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const events = async (f: Parameters<Store["audit"]["query"]>[0]) =>
        (await store.audit.query(f)).map((e) => e.event);
      expect(await events({})).toEqual(["user.add", "loginx", "login.failed", "login"]);
      expect(await events({ event: "login" })).toEqual(["login.failed", "login"]);
      expect(await events({ event: "login%" })).toEqual([]); // literal, not a pattern
      expect(await events({ actor: "alice" })).toEqual(["loginx", "login"]);
      expect(await events({ from: 200, to: 300 })).toEqual(["loginx", "login.failed"]);
      expect(await events({ limit: 1 })).toEqual(["user.add"]);
      const [failed] = await store.audit.query({ event: "login.failed" });
      expect(failed).toMatchObject({
        actor: "(unknown)",
        outcome: "failed",
        detail: { reason: "unknown user", n: 1 },
      });
    });
  });

  describe("run locks", () => {
    it("acquire, keep, refuse, heartbeat, steal when stale, release", async () => {
      await setup();
      const stale = 30_000;
      const first = await store.locks.acquire("lab", "run-1", "alice", 1000, stale);
      expect(first).toMatchObject({
        acquired: true,
        stolenFrom: null,
        lock: { holder: "run-1", operator: "alice", acquiredAt: 1000 },
      });
      const refused = await store.locks.acquire("lab", "run-2", "bob", 2000, stale);
      expect(refused).toMatchObject({ acquired: false, lock: { holder: "run-1" } });
      const again = await store.locks.acquire("lab", "run-1", "alice", 3000, stale);
      expect(again.lock).toMatchObject({ acquiredAt: 1000, heartbeatAt: 3000 });
      expect(await store.locks.heartbeat("lab", "run-1", 4000)).toBe(true);
      expect(await store.locks.heartbeat("lab", "run-2", 4000)).toBe(false);
      expect(await store.locks.acquire("lab", "run-2", "bob", 4000 + stale, stale)).toMatchObject({
        acquired: false,
      });
      const stolen = await store.locks.acquire("lab", "run-2", "bob", 4001 + stale, stale);
      expect(stolen).toMatchObject({ acquired: true, lock: { holder: "run-2", operator: "bob" } });
      expect(stolen.stolenFrom).toMatchObject({ holder: "run-1", heartbeatAt: 4000 });
      expect(await store.locks.heartbeat("lab", "run-1", 5000 + stale)).toBe(false); // it lost it
      expect(await store.locks.release("lab", "run-1")).toBe(false);
      expect(await store.locks.release("lab", "run-2")).toBe(true);
      expect(await store.locks.get("lab")).toBeNull();
      expect((await store.locks.acquire("other", "run-3", "c", 1, stale)).acquired).toBe(true);
    });

    it("lets exactly one of two instances racing for a free or a stale lock win", async () => {
      await setup();
      const other = await open(config);
      const race = (now: number, prefix: string) =>
        Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (i % 2 ? store : other).locks.acquire("lab", `${prefix}-${i}`, "op", now, 30_000),
          ),
        );
      const free = await race(1000, "a");
      expect(free.filter((r) => r.acquired)).toHaveLength(1);
      const winner = free.find((r) => r.acquired)!.lock.holder;
      expect(free.every((r) => r.lock.holder === winner)).toBe(true);
      const steal = await race(1000 + 60_000, "b");
      expect(steal.filter((r) => r.acquired)).toHaveLength(1);
      expect(steal.find((r) => r.acquired)!.stolenFrom?.holder).toBe(winner);
    });
  });

  describe("auth on the store", () => {
    it("signs in with the right password only, and the session resolves to the user", async () => {
      await setup();
      await addUser(store, CLI, { name: "alice", role: "operator", password: PASSWORD });
      const meta = { ip: "192.0.2.1", userAgent: "test" };
      expect(
        await login(store, { username: "alice", password: "nope nope nope", ...meta }),
      ).toEqual({ kind: "wrong" });
      const ok = await login(store, { username: "Alice", password: PASSWORD, ...meta });
      if (ok.kind !== "ok") throw new Error(`login: ${ok.kind}`);
      expect(ok.user).toEqual({ name: "alice", role: "operator" });
      const session = await resolveSession(store, ok.sessionId);
      expect(session).toMatchObject({
        username: "alice",
        role: "operator",
        csrfToken: ok.csrfToken,
      });
      expect(await resolveSession(store, ok.sessionId + "x")).toBeNull();
      // The failure counter was reset by the success.
      expect(await store.attempts.get(["user:alice"])).toEqual([]);
    });

    it("throttles 20 wrong passwords: after 5, even the right one is refused until the lock ends", async () => {
      await setup();
      await addUser(store, CLI, { name: "bob", role: "viewer", password: PASSWORD });
      const now = 1_000_000_000;
      const outcomes = [];
      for (let i = 0; i < 20; i++)
        outcomes.push(
          (
            await login(
              store,
              { username: "bob", password: `wrong ${i}`, ip: "198.51.100.7", userAgent: null },
              now + i,
            )
          ).kind,
        );
      expect(outcomes.slice(0, USER_POLICY.freeFailures)).toEqual(Array(5).fill("wrong"));
      expect(outcomes.slice(USER_POLICY.freeFailures)).toEqual(Array(15).fill("throttled"));
      const right = await login(
        store,
        { username: "bob", password: PASSWORD, ip: "203.0.113.1", userAgent: null },
        now + 100,
      );
      expect(right.kind).toBe("throttled");
      const later = now + 4 + USER_POLICY.baseLockMs + 1;
      expect(
        (
          await login(
            store,
            { username: "bob", password: PASSWORD, ip: "203.0.113.1", userAgent: null },
            later,
          )
        ).kind,
      ).toBe("ok");
    });

    it("audits user changes and logins without any password, and keeps an admin", async () => {
      await setup();
      const secret = "a very secret password 42";
      await addUser(store, CLI, { name: "root1", role: "admin", password: secret });
      await addUser(
        store,
        { name: "root1", ip: "10.1.1.1" },
        { name: "carol", role: "viewer", password: secret },
      );
      await expect(
        addUser(store, CLI, { name: "carol", role: "viewer", password: secret }),
      ).rejects.toMatchObject({ code: "exists" });
      await expect(
        addUser(store, CLI, { name: "Bad Name", role: "viewer", password: secret }),
      ).rejects.toBeInstanceOf(UserError);
      await expect(
        addUser(store, CLI, { name: "dave", role: "viewer", password: "short" }),
      ).rejects.toMatchObject({ code: "tooShort" });
      await setRole(store, CLI, "carol", "operator");
      await setPassword(store, CLI, "carol", `${secret} new`);
      await login(store, {
        username: "carol",
        password: "wrong one here",
        ip: "10.1.1.2",
        userAgent: null,
      });
      await login(store, { username: secret, password: secret, ip: "10.1.1.2", userAgent: null }); // password typed as name
      await login(store, {
        username: "carol",
        password: `${secret} new`,
        ip: "10.1.1.2",
        userAgent: null,
      });
      await expect(setRole(store, CLI, "root1", "viewer")).rejects.toMatchObject({
        code: "lastAdmin",
      });
      await expect(removeUser(store, CLI, "root1")).rejects.toMatchObject({ code: "lastAdmin" });
      await removeUser(store, CLI, "carol");
      await audit(
        {
          actor: "carol",
          event: "recovery.step",
          detail: { command: "systemctl start ovn-northd", output: "ok", password: secret },
        },
        store,
      );

      const entries = await store.audit.query({});
      expect(
        entries.map((e) => `${e.actor} ${e.event} ${e.target ?? ""}`.trim()).reverse(),
      ).toEqual([
        "cli user.add root1",
        "root1 user.add carol",
        "cli user.role carol",
        "cli user.passwd carol",
        "carol login.failed",
        "(unknown) login.failed",
        "carol login",
        "cli user.remove carol",
        "carol recovery.step",
      ]);
      expect(entries.find((e) => e.event === "user.role")!.detail).toEqual({
        from: "viewer",
        to: "operator",
      });
      expect(entries.find((e) => e.target === "carol" && e.actor === "root1")!.ip).toBe("10.1.1.1");
      expect(JSON.stringify(entries)).not.toContain("secret password");
    });
  });
});
