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
import { hashPassword, parseHash, SCRYPT_PARAMS, verifyPassword } from "@/lib/auth/password";
import { FORGET_AFTER_MS, IP_POLICY, USER_POLICY, waitMs } from "@/lib/auth/throttle";
import { addUser, removeUser, setPassword, setRole, UserError } from "@/lib/auth/users";
import {
  openStore,
  StoreConflictError,
  type AttemptRecord,
  type Store,
  type StoreConfig,
} from "@/lib/store";
import { MIGRATIONS } from "@/lib/store/migrations";
import { PostgresDriver } from "@/lib/store/postgres";
import { SqliteDriver } from "@/lib/store/sqlite";
import { diagnose, flatten } from "@/lib/diagnose";
import { changesSince, observe } from "@/lib/history/changes";
import { HistoryRecorder, type SnapshotSource } from "@/lib/history/recorder";
import { EMPTY_HISTORY_STATE, type HistoryFilter } from "@/lib/history/types";
import type { Snapshot } from "@/lib/model/snapshot";
import type { RunRecord } from "@/lib/recovery/types";
import { snapshotFromFixtures } from "../support/fixtures";
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
    const keysOf = (key: string, forgetBefore = 0) => [{ key, forgetBefore }];
    const userLock = (now: number) => (records: AttemptRecord[]) =>
      waitMs([{ key: "user:x", policy: USER_POLICY }], records, now);

    it("checks and counts in one step: of 40 racing reservations on two instances only the free ones pass", async () => {
      await setup();
      const other = await open(config);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? store : other).attempts.reserve(keysOf("user:x"), 1000, userLock(1000)),
        ),
      );
      expect(results.filter((r) => r.waitMs === 0)).toHaveLength(USER_POLICY.freeFailures);
      expect(results.filter((r) => r.waitMs > 0)).toHaveLength(40 - USER_POLICY.freeFailures);
      // Refused reservations count nothing: the lock ends on its own.
      expect(await store.attempts.get(["user:x"])).toEqual([
        {
          key: "user:x",
          failures: USER_POLICY.freeFailures,
          firstFailureAt: 1000,
          lastFailureAt: 1000,
        },
      ]);
    });

    it("reserves several keys together or none, forgets a quiet key, releases, clears and prunes", async () => {
      await setup();
      const both = [
        { key: "ip:a", forgetBefore: 0 },
        { key: "user:x", forgetBefore: 0 },
      ];
      const lockedIf = (key: string, n: number) => (records: AttemptRecord[]) =>
        (records.find((r) => r.key === key)?.failures ?? 0) >= n ? 1 : 0;
      for (let i = 0; i < 3; i++) await store.attempts.reserve(both, 100 + i, lockedIf("ip:a", 3));
      expect(await store.attempts.reserve(both, 200, lockedIf("ip:a", 3))).toMatchObject({
        waitMs: 1,
      });
      // ip:a locked: user:x was not counted either, and a new key is not even created.
      const refused = await store.attempts.reserve(
        [...both, { key: "user:new", forgetBefore: 0 }],
        300,
        lockedIf("ip:a", 3),
      );
      expect(refused.waitMs).toBe(1);
      expect(await store.attempts.get(["ip:a", "user:x", "user:new"])).toEqual(
        expect.arrayContaining([
          { key: "ip:a", failures: 3, firstFailureAt: 100, lastFailureAt: 102 },
          { key: "user:x", failures: 3, firstFailureAt: 100, lastFailureAt: 102 },
        ]),
      );
      expect(await store.attempts.get(["user:new"])).toEqual([]);

      const fresh = await store.attempts.reserve(keysOf("user:x", 9_000_000), 10_000_000, () => 0);
      expect(fresh.records).toEqual([
        { key: "user:x", failures: 1, firstFailureAt: 10_000_000, lastFailureAt: 10_000_000 },
      ]);
      await store.attempts.release("ip:a");
      expect((await store.attempts.get(["ip:a"]))[0]!.failures).toBe(2);
      await store.attempts.clear("user:x");
      expect(await store.attempts.get(["user:x"])).toEqual([]);
      expect(await store.attempts.get([])).toEqual([]);
      expect(await store.attempts.prune(103)).toBe(1); // ip:a, last at 102
      expect(await store.attempts.get(["ip:a"])).toEqual([]);
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

  describe("audit is append-only in the database itself", () => {
    it("refuses UPDATE, DELETE and TRUNCATE of audit entries, whoever sends them", async () => {
      await setup();
      const base = { ip: null, target: null, outcome: "ok" as const, detail: null };
      await store.audit.append({ ...base, at: 1, actor: "alice", event: "login" });
      await store.audit.append({ ...base, at: 2, actor: "bob", event: "logout" });
      const before = await store.audit.query({});
      // Straight to the database, around the Store interface (which has no such method).
      const raw =
        config.kind === "sqlite" ? new SqliteDriver(config.file) : new PostgresDriver(config.url);
      try {
        await expect(raw.run("UPDATE audit SET actor = 'mallory'")).rejects.toThrow(/append-only/);
        await expect(raw.run("DELETE FROM audit WHERE actor = 'alice'")).rejects.toThrow(
          /append-only/,
        );
        await expect(raw.run("DELETE FROM audit")).rejects.toThrow(/append-only/);
        if (config.kind === "postgres")
          await expect(raw.exec("TRUNCATE audit")).rejects.toThrow(/append-only/);
        await expect(
          raw.tx(async (x) => x.run("DELETE FROM audit WHERE id = ?", [before[0]!.id])),
        ).rejects.toThrow(/append-only/);
      } finally {
        await raw.close();
      }
      expect(await store.audit.query({})).toEqual(before);
      await store.audit.append({ ...base, at: 3, actor: "carol", event: "login" }); // still appends
      expect(await store.audit.query({})).toHaveLength(3);
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

  describe("published snapshots", () => {
    it("written only while the writer holds the collector lock: a collector taken over cannot overwrite its successor", async () => {
      await setup();
      const lock = "collector:lab";
      const snap = (generation: number, body: string) => ({ generation, publishedAt: 1, body });
      expect(await store.published.get("lab")).toBeNull();
      expect(await store.published.put("lab", lock, "a", snap(1, "{}"))).toBe(false);
      expect(await store.published.generation("lab")).toBeNull();
      await store.locks.acquire(lock, "a", "collector", 1000, 3000);
      expect(await store.published.put("lab", lock, "a", snap(7, '{"g":7}'))).toBe(true);
      expect(await store.published.generation("lab")).toBe(7);
      // b takes the stale lease over; a, not knowing yet, tries to publish: refused.
      const other = await open(config);
      expect((await other.locks.acquire(lock, "b", "collector", 5000, 3000)).acquired).toBe(true);
      expect(await other.published.put("lab", lock, "b", snap(8, '{"g":8}'))).toBe(true);
      expect(await store.published.put("lab", lock, "a", snap(9, '{"g":"stale"}'))).toBe(false);
      expect(await store.published.get("lab")).toEqual({
        holder: "b",
        generation: 8,
        publishedAt: 1,
        body: '{"g":8}',
      });
      expect(await store.published.generation("other")).toBeNull();
    });
  });

  describe("history", () => {
    // Real captured states, each given its own time (captures were taken in another order).
    const at = (state: string, ms: number): Snapshot => ({
      ...snapshotFromFixtures(state),
      finishedAt: new Date(ms).toISOString(),
    });
    const T0 = Date.parse("2026-12-05T03:00:00Z");
    const sequence = [at("healthy", T0), at("incident", T0 + 60_000), at("healthy", T0 + 120_000)];
    const historyConfig = { enabled: true, retentionMs: 30 * 86_400_000, maxEvents: 1_000_000 };
    class Feed implements SnapshotSource {
      private readonly listeners = new Set<(s: Snapshot) => void>();
      onSnapshot(listener: (s: Snapshot) => void) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      }
      snapshot = () => Promise.resolve(sequence[0]!);
      push(s: Snapshot) {
        for (const l of this.listeners) l(s);
      }
    }
    const recorderOn = (s: Store, feed: Feed) => {
      const r = new HistoryRecorder("lab", s, feed, historyConfig, 3_600_000, () => undefined);
      r.start();
      return r;
    };
    const range = { from: T0 - 1, to: T0 + 10 * 60_000 };

    it("records an incident and its healing in order; a restarted recorder goes on from the stored state", async () => {
      await setup();
      const feed = new Feed();
      const recorder = recorderOn(store, feed);
      for (const s of sequence.slice(0, 2)) {
        feed.push(s);
        await recorder.idle();
      }
      await recorder.stop();
      const incidentIds = flatten(diagnose(sequence[1]!)).map((f) => f.id);
      const { events: during } = await store.history.query("lab", range);
      expect(
        during
          .filter((e) => e.kind === "finding.opened" && e.at === T0 + 60_000)
          .map((e) => e.subject)
          .sort(),
      ).toEqual(incidentIds.filter((id) => !id.endsWith(":hazard")).sort());
      expect(during.map((e) => e.at)).toEqual([...during.map((e) => e.at)].sort((a, b) => a - b));

      // A new server: same store, fresh recorder. Healing closes what the incident opened.
      const restarted = recorderOn(await open(config), new Feed());
      restarted.offer(sequence[2]!);
      await restarted.idle();
      await restarted.stop();
      const { events } = await store.history.query("lab", range);
      const reopened = events.filter((e) => e.kind === "finding.opened" && e.at === T0 + 120_000);
      expect(reopened.map((e) => e.subject)).toEqual(["northd-stops-dbs:ctl1:hazard"]);
      expect(
        events
          .filter((e) => e.kind === "finding.closed" && e.at === T0 + 120_000)
          .map((e) => e.subject)
          .sort(),
      ).toEqual(incidentIds.filter((id) => !id.endsWith(":hazard")).sort());
      expect((await store.history.state("lab"))?.units).toEqual(
        changesSince(EMPTY_HISTORY_STATE, observe(sequence[0]!, diagnose(sequence[0]!))).state
          .units,
      );
    });

    it("filters by node, service, rule, kind and subject; openAt gives what was open at a moment", async () => {
      await setup();
      const feed = new Feed();
      const recorder = recorderOn(store, feed);
      for (const s of sequence) {
        feed.push(s);
        await recorder.idle();
      }
      await recorder.stop();
      const q = (f: Partial<HistoryFilter>) => store.history.query("lab", { ...range, ...f });
      const nb = await q({ node: "ctl1", service: "nb-db" });
      expect(nb.events.map((e) => `${e.kind} ${e.subject}`)).toEqual([
        "finding.opened service:ctl1:nb-db",
        "finding.opened db-endpoint:nb:ctl1:6641",
        "unit.changed ctl1/nb-db",
        "finding.closed service:ctl1:nb-db",
        "finding.closed db-endpoint:nb:ctl1:6641",
        "unit.changed ctl1/nb-db",
      ]);
      const units = await q({ kinds: ["unit.changed"] });
      expect(new Set(units.events.map((e) => e.kind))).toEqual(new Set(["unit.changed"]));
      expect((await q({ subject: "neutron-crashloop:ctl1" })).events.map((e) => e.kind)).toEqual([
        "finding.opened",
        "finding.closed",
      ]);
      expect((await q({ rule: "controller" })).events.every((e) => e.rule === "controller")).toBe(
        true,
      );
      expect((await q({ limit: 3 })).truncated).toBe(true);
      const all = (await q({})).events;
      expect(await store.history.count("lab", range)).toBe(all.length);
      expect(await store.history.count("lab", { ...range, kinds: ["unit.changed"] })).toBe(
        units.events.length,
      );
      const newest = await q({ limit: 3, newest: true });
      expect(newest.events.map((e) => e.id)).toEqual(all.slice(-3).map((e) => e.id));
      expect(await store.history.query("other-cloud", range)).toEqual({
        events: [],
        truncated: false,
      });

      const openMidway = await store.history.openAt("lab", T0 + 90_000);
      expect(openMidway.map((e) => e.subject).sort()).toEqual(
        flatten(diagnose(sequence[1]!))
          .map((f) => f.id)
          .sort(),
      );
      expect(
        (await store.history.openAt("lab", T0 + 90_000, { node: "cmp1" }))
          .map((e) => e.subject)
          .sort(),
      ).toEqual(["controller:cmp1", "service:cmp1:ovn-controller"]);
      expect((await store.history.openAt("lab", T0 + 130_000)).map((e) => e.subject)).toEqual([
        "northd-stops-dbs:ctl1:hazard",
      ]);
    });

    it("two instances on one store record each change once (one holds history:<cloud>)", async () => {
      await setup();
      const [feedA, feedB] = [new Feed(), new Feed()];
      const a = recorderOn(store, feedA);
      const b = recorderOn(await open(config), feedB);
      for (const s of sequence) {
        feedA.push(s);
        feedB.push(s);
        await Promise.all([a.idle(), b.idle()]);
      }
      await Promise.all([a.stop(), b.stop()]);
      const { events } = await store.history.query("lab", range);
      const keys = events.map((e) => `${e.at} ${e.kind} ${e.subject}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(events.filter((e) => e.subject === "ctl1/nb-db")).toHaveLength(2);
    });

    it("the runs going on during a range: started by its end, not ended before its start", async () => {
      await setup();
      const run = (id: string, startedAt: number, endedAt: number | null): RunRecord => ({
        id,
        cloud: "lab",
        runbook: "recover-ovn-central",
        target: null,
        operator: "alice",
        status: endedAt ? "succeeded" : "running",
        startedAt,
        endedAt,
        holder: "h",
        steps: [],
        summary: null,
        remaining: [],
      });
      for (const r of [
        run("before", 10, 20),
        run("across", 30, 60),
        run("inside", 45, 50),
        run("open", 55, null),
        run("after", 90, 95),
      ])
        await store.runs.create(r);
      await store.runs.create({ ...run("other-cloud", 45, 50), cloud: "other" });
      expect((await store.runs.during("lab", 40, 80, 10)).map((r) => r.id)).toEqual([
        "across",
        "inside",
        "open",
      ]);
      expect((await store.runs.during("lab", 40, 80, 1)).map((r) => r.id)).toEqual(["across"]);
    });

    it("prunes by age, then the oldest beyond the count", async () => {
      await setup();
      const e = (n: number) => ({
        at: n,
        kind: "node.reach" as const,
        subject: "cmp1",
        node: "cmp1",
        service: null,
        router: null,
        rule: null,
        severity: null,
        from: "reachable",
        to: "unreachable",
        detail: null,
      });
      await store.history.record("lab", [1, 2, 3, 4, 5, 6].map(e), EMPTY_HISTORY_STATE, 7);
      expect(await store.history.prune(3, 1000)).toBe(2);
      expect(await store.history.prune(0, 2)).toBe(2);
      const left = await store.history.query("lab", { from: 0, to: 10 });
      expect(left.events.map((x) => x.at)).toEqual([5, 6]);
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

    it("30 wrong passwords in parallel for one name, on two instances: 5 are checked, 25 refused", async () => {
      await setup();
      const other = await open(config);
      await addUser(store, CLI, { name: "racer", role: "viewer", password: PASSWORD });
      const now = Date.now();
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          login(
            i % 2 ? store : other,
            { username: "racer", password: `wrong ${i}`, ip: `198.51.100.${i}`, userAgent: null },
            now,
          ),
        ),
      );
      const kinds = outcomes.map((o) => o.kind);
      expect(kinds.filter((k) => k === "wrong")).toHaveLength(USER_POLICY.freeFailures);
      expect(kinds.filter((k) => k === "throttled")).toHaveLength(30 - USER_POLICY.freeFailures);
      const [rec] = await store.attempts.get(["user:racer"]);
      expect(rec!.failures).toBe(USER_POLICY.freeFailures);
      const failed = await store.audit.query({ event: "login.failed" });
      expect(failed).toHaveLength(USER_POLICY.freeFailures);
      // The right password is refused too while the lock runs.
      expect(
        (
          await login(
            store,
            { username: "racer", password: PASSWORD, ip: "203.0.113.5", userAgent: null },
            now + 1,
          )
        ).kind,
      ).toBe("throttled");
    });

    it("30 wrong sign-ins in parallel from one address, each for another name: 20 are checked", async () => {
      await setup();
      const other = await open(config);
      const now = Date.now();
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          login(
            i % 2 ? store : other,
            { username: `nobody-${i}`, password: "wrong", ip: "198.51.100.77", userAgent: null },
            now,
          ),
        ),
      );
      expect(outcomes.filter((o) => o.kind === "wrong")).toHaveLength(IP_POLICY.freeFailures);
      expect(outcomes.filter((o) => o.kind === "throttled")).toHaveLength(
        30 - IP_POLICY.freeFailures,
      );
    });

    it("a success takes its counted attempt back: an address's sign-ins never lock it", async () => {
      await setup();
      await addUser(store, CLI, { name: "dora", role: "viewer", password: PASSWORD });
      const now = Date.now();
      const ip = { key: "ip:192.0.2.9", forgetBefore: 0 };
      for (let i = 1; i < IP_POLICY.freeFailures; i++)
        await store.attempts.reserve([ip], now, () => 0);
      for (let i = 0; i < 3; i++)
        expect(
          (
            await login(
              store,
              { username: "dora", password: PASSWORD, ip: "192.0.2.9", userAgent: null },
              now + i,
            )
          ).kind,
        ).toBe("ok");
      expect(await store.attempts.get(["ip:192.0.2.9"])).toMatchObject([
        { failures: IP_POLICY.freeFailures - 1 },
      ]);
    });

    it("a throttled attempt runs no scrypt: it answers in a fraction of one hash's time", async () => {
      await setup();
      const now = Date.now();
      for (let i = 0; i < USER_POLICY.freeFailures; i++)
        await login(
          store,
          { username: "eve", password: "x", ip: `192.0.2.${i}`, userAgent: null },
          now,
        );
      let t = performance.now();
      await hashPassword("one hash, for scale");
      const hashMs = performance.now() - t;
      t = performance.now();
      for (let i = 0; i < 10; i++)
        expect(
          (
            await login(
              store,
              { username: "eve", password: "x", ip: "192.0.2.99", userAgent: null },
              now + 1,
            )
          ).kind,
        ).toBe("throttled");
      const throttledMs = (performance.now() - t) / 10;
      expect(throttledMs).toBeLessThan(hashMs / 5);
    });

    it("an admin's new password ends the lock someone else's guessing put on the name", async () => {
      await setup();
      await addUser(store, CLI, { name: "frank", role: "viewer", password: PASSWORD });
      const attempt = (password: string, ip = "198.51.100.200") =>
        login(store, { username: "frank", password, ip, userAgent: null });
      for (let i = 0; i <= USER_POLICY.freeFailures; i++) await attempt(`guess ${i}`);
      expect((await attempt(PASSWORD, "192.0.2.50")).kind).toBe("throttled");
      await setPassword(store, CLI, "frank", `${PASSWORD} renewed`);
      expect(await store.attempts.get(["user:frank"])).toEqual([]);
      expect((await attempt(`${PASSWORD} renewed`, "192.0.2.50")).kind).toBe("ok");
    });

    it("forgets attempt records nobody needs: sign-ins prune keys quiet for longer than every policy", async () => {
      await setup();
      const t0 = 1_000_000_000;
      for (let i = 0; i < 3; i++)
        await login(
          store,
          { username: `sprayed-${i}`, password: "x", ip: `198.51.100.${i}`, userAgent: null },
          t0 + i,
        );
      const old = ["user:sprayed-0", "user:sprayed-1", "user:sprayed-2", "ip:198.51.100.0"];
      expect(await store.attempts.get(old)).toHaveLength(4);
      const later = t0 + FORGET_AFTER_MS + 10;
      await login(
        store,
        { username: "late", password: "x", ip: "192.0.2.1", userAgent: null },
        later,
      );
      expect(await store.attempts.get(old)).toEqual([]);
      expect(await store.attempts.get(["user:late", "ip:192.0.2.1"])).toHaveLength(2);
    });

    it("replaces a hash with cheaper scrypt parameters at sign-in, never on a wrong password nor over a newer password", async () => {
      await setup();
      const old = await hashPassword(PASSWORD, { logN: 15, r: 8, p: 1 }); // the previous default
      await store.users.create({
        name: "gina",
        role: "viewer",
        passwordHash: old,
        createdAt: 1,
        updatedAt: 1,
      });
      const meta = { ip: "192.0.2.20", userAgent: null };
      expect(
        (await login(store, { username: "gina", password: "not it at all", ...meta })).kind,
      ).toBe("wrong");
      expect((await store.users.get("gina"))!.passwordHash).toBe(old);
      expect((await login(store, { username: "gina", password: PASSWORD, ...meta })).kind).toBe(
        "ok",
      );
      const now = (await store.users.get("gina"))!;
      expect(parseHash(now.passwordHash)!.params).toEqual(SCRYPT_PARAMS);
      expect(SCRYPT_PARAMS).toEqual({ logN: 17, r: 8, p: 1 });
      expect(now.updatedAt).toBe(1); // not a change of the user's
      expect(await verifyPassword(PASSWORD, now.passwordHash)).toBe(true);
      const [entry] = await store.audit.query({ event: "login", actor: "gina" });
      expect(entry!.detail).toEqual({ rehashed: { from: "ln=15,r=8,p=1", to: "ln=17,r=8,p=1" } });
      expect((await login(store, { username: "gina", password: PASSWORD, ...meta })).kind).toBe(
        "ok",
      );
      expect((await store.users.get("gina"))!.passwordHash).toBe(now.passwordHash); // once only
      // An admin's new password is never overwritten by a rehash of the old one.
      expect(await store.users.replaceHash("gina", old, "$scrypt$stale")).toBe(false);
      expect((await store.users.get("gina"))!.passwordHash).toBe(now.passwordHash);
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
