import type { Role } from "@/lib/auth/roles";
import type { HistoryEvent, HistoryFilter, HistoryKind, HistoryState } from "@/lib/history/types";
import type { Severity } from "@/lib/diagnose/types";
import type { RunRecord } from "@/lib/recovery/types";
import { isUniqueViolation, type SqlDriver, type SqlExecutor } from "./driver";
import { schemaVersion } from "./migrations";
import {
  StoreConflictError,
  type AttemptRecord,
  type AuditFilter,
  type AuditOutcome,
  type AuditRecord,
  type RunLock,
  type SessionWithRole,
  type Store,
  type UserRecord,
} from "./types";

// Rows as the databases return them (snake_case); mapped once here.
interface UserRow {
  name: string;
  role: Role;
  password_hash: string;
  created_at: number;
  updated_at: number;
}
interface SessionRow {
  id_hash: string;
  username: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  ip: string | null;
  user_agent: string | null;
  role: Role;
}
interface AttemptRow {
  key: string;
  failures: number;
  first_failure_at: number;
  last_failure_at: number;
}
interface AuditRow {
  id: number;
  at: number;
  actor: string;
  ip: string | null;
  event: string;
  target: string | null;
  outcome: AuditOutcome;
  detail: string | null;
}
interface LockRow {
  cloud: string;
  holder: string;
  operator: string;
  acquired_at: number;
  heartbeat_at: number;
}

const user = (r: UserRow): UserRecord => ({
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
const session = (r: SessionRow): SessionWithRole => ({
  idHash: r.id_hash,
  username: r.username,
  csrfToken: r.csrf_token,
  createdAt: Number(r.created_at),
  lastSeenAt: Number(r.last_seen_at),
  ip: r.ip,
  userAgent: r.user_agent,
  role: r.role,
});
const attempt = (r: AttemptRow): AttemptRecord => ({
  key: r.key,
  failures: Number(r.failures),
  firstFailureAt: Number(r.first_failure_at),
  lastFailureAt: Number(r.last_failure_at),
});
const auditRecord = (r: AuditRow): AuditRecord => ({
  id: Number(r.id),
  at: Number(r.at),
  actor: r.actor,
  ip: r.ip,
  event: r.event,
  target: r.target,
  outcome: r.outcome,
  detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
});
interface HistoryRow {
  id: number;
  at: number;
  kind: HistoryKind;
  subject: string;
  node: string | null;
  service: string | null;
  router: string | null;
  rule: string | null;
  severity: Severity | null;
  from_value: string | null;
  to_value: string | null;
  detail: string | null;
}
const historyEvent = (r: HistoryRow): HistoryEvent => ({
  id: Number(r.id),
  at: Number(r.at),
  kind: r.kind,
  subject: r.subject,
  node: r.node,
  service: r.service,
  router: r.router,
  rule: r.rule,
  severity: r.severity,
  from: r.from_value,
  to: r.to_value,
  detail: r.detail ? (JSON.parse(r.detail) as HistoryEvent["detail"]) : null,
});

/** The WHERE clauses of a history filter's element and kind parts (cloud first). */
function historyWhere(cloud: string, f: Partial<HistoryFilter>) {
  const where = ["cloud = ?"];
  const params: (string | number)[] = [cloud];
  for (const [column, value] of [
    ["node", f.node],
    ["service", f.service],
    ["router", f.router],
    ["rule", f.rule],
    ["subject", f.subject],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  if (f.kinds?.length) {
    where.push(`kind IN (${f.kinds.map(() => "?").join(", ")})`);
    params.push(...f.kinds);
  }
  return { where, params };
}

export const HISTORY_QUERY_MAX = 20_000;

const lock = (r: LockRow): RunLock => ({
  cloud: r.cloud,
  holder: r.holder,
  operator: r.operator,
  acquiredAt: Number(r.acquired_at),
  heartbeatAt: Number(r.heartbeat_at),
});

export const AUDIT_QUERY_MAX = 5000;

/** Thrown inside a reservation's transaction to roll it back when the keys are locked. */
class Refused {
  constructor(
    readonly waitMs: number,
    readonly records: AttemptRecord[],
  ) {}
}

/** The Store over either driver: one SQL text for both, so both behave the same. */
export function sqlStore(db: SqlDriver): Store {
  const forUpdate = db.dialect === "postgres" ? " FOR UPDATE" : "";
  const getLock = async (x: SqlExecutor, cloud: string, suffix = "") => {
    const row = await x.get<LockRow>(`SELECT * FROM run_locks WHERE cloud = ?${suffix}`, [cloud]);
    return row ? lock(row) : null;
  };
  const getAttempts = async (keys: string[]) => {
    if (keys.length === 0) return [];
    const rows = await db.all<AttemptRow>(
      `SELECT * FROM login_attempts WHERE key IN (${keys.map(() => "?").join(", ")})`,
      keys,
    );
    return rows.map(attempt);
  };

  return {
    kind: db.dialect,
    location: db.location,
    close: () => db.close(),
    schemaVersion: () => schemaVersion(db),

    users: {
      async get(name) {
        const row = await db.get<UserRow>("SELECT * FROM users WHERE name = ?", [name]);
        return row ? user(row) : null;
      },
      async list() {
        return (await db.all<UserRow>("SELECT * FROM users ORDER BY name")).map(user);
      },
      async create(u) {
        try {
          await db.run(
            "INSERT INTO users (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            [u.name, u.role, u.passwordHash, u.createdAt, u.updatedAt],
          );
        } catch (err) {
          if (isUniqueViolation(err)) throw new StoreConflictError(`user ${u.name} exists`);
          throw err;
        }
      },
      async update(name, patch, now) {
        const sets: string[] = [];
        const params: (string | number)[] = [];
        if (patch.role) {
          sets.push("role = ?");
          params.push(patch.role);
        }
        if (patch.passwordHash) {
          sets.push("password_hash = ?");
          params.push(patch.passwordHash);
        }
        return (
          (await db.run(`UPDATE users SET ${sets.join(", ")}, updated_at = ? WHERE name = ?`, [
            ...params,
            now,
            name,
          ])) === 1
        );
      },
      async remove(name) {
        return db.tx(async (x) => {
          await x.run("DELETE FROM sessions WHERE username = ?", [name]);
          return (await x.run("DELETE FROM users WHERE name = ?", [name])) === 1;
        });
      },
      async countByRole(role) {
        const row = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM users WHERE role = ?", [
          role,
        ]);
        return Number(row?.n ?? 0);
      },
      async replaceHash(name, expected, next) {
        return (
          (await db.run("UPDATE users SET password_hash = ? WHERE name = ? AND password_hash = ?", [
            next,
            name,
            expected,
          ])) === 1
        );
      },
    },

    sessions: {
      async create(s) {
        await db.run(
          "INSERT INTO sessions (id_hash, username, csrf_token, created_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)",
          [s.idHash, s.username, s.csrfToken, s.createdAt, s.lastSeenAt, s.ip, s.userAgent],
        );
      },
      async get(idHash) {
        const row = await db.get<SessionRow>(
          "SELECT s.*, u.role FROM sessions s JOIN users u ON u.name = s.username WHERE s.id_hash = ?",
          [idHash],
        );
        return row ? session(row) : null;
      },
      async touch(idHash, at) {
        await db.run("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", [at, idHash]);
      },
      async remove(idHash) {
        await db.run("DELETE FROM sessions WHERE id_hash = ?", [idHash]);
      },
      removeForUser: (username) => db.run("DELETE FROM sessions WHERE username = ?", [username]),
      purge: (createdBefore, idleBefore) =>
        db.run("DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?", [
          createdBefore,
          idleBefore,
        ]),
    },

    attempts: {
      get: getAttempts,
      async reserve(keys, now, wait) {
        const counted = (records: AttemptRecord[]) => records.filter((r) => r.failures > 0);
        // A locked key stays locked until its time passes (refused attempts are not counted)
        // or a success or an admin clears it, so a plain read that finds a lock may refuse at
        // once (racing a clear, that is the same as arriving a moment earlier): a throttled
        // attempt costs one SELECT. Only a "not locked" is decided again, under the locks.
        const seen = await getAttempts(keys.map((k) => k.key));
        const waitNow = wait(counted(seen));
        if (waitNow > 0) return { waitMs: waitNow, records: counted(seen) };
        try {
          return await db.tx(async (x) => {
            const locked: AttemptRecord[] = [];
            for (const k of [...keys].sort((a, b) => (a.key < b.key ? -1 : 1))) {
              // Creates a missing row (0 failures) and locks it either way: PostgreSQL's
              // INSERT … ON CONFLICT DO UPDATE waits for a concurrent insert of the same key
              // and returns the newest committed row. No SELECT … FOR UPDATE, which cannot lock
              // a row that does not exist yet.
              const row = await x.get<AttemptRow>(
                `INSERT INTO login_attempts (key, failures, first_failure_at, last_failure_at) VALUES (?, 0, ?, ?)
                 ON CONFLICT (key) DO UPDATE SET failures = login_attempts.failures
                 RETURNING *`,
                [k.key, now, now],
              );
              locked.push(attempt(row!));
            }
            const waitMs = wait(counted(locked));
            if (waitMs > 0) throw new Refused(waitMs, counted(locked)); // roll back: no writes
            const after: AttemptRecord[] = [];
            for (const r of locked) {
              const forgetBefore = keys.find((k) => k.key === r.key)!.forgetBefore;
              const fresh = r.failures === 0 || r.lastFailureAt < forgetBefore;
              const next = {
                key: r.key,
                failures: fresh ? 1 : r.failures + 1,
                firstFailureAt: fresh ? now : r.firstFailureAt,
                lastFailureAt: now,
              };
              await x.run(
                "UPDATE login_attempts SET failures = ?, first_failure_at = ?, last_failure_at = ? WHERE key = ?",
                [next.failures, next.firstFailureAt, next.lastFailureAt, next.key],
              );
              after.push(next);
            }
            return { waitMs: 0, records: after };
          });
        } catch (err) {
          if (err instanceof Refused) return { waitMs: err.waitMs, records: err.records };
          throw err;
        }
      },
      async release(key) {
        await db.run(
          "UPDATE login_attempts SET failures = failures - 1 WHERE key = ? AND failures > 0",
          [key],
        );
      },
      async clear(key) {
        await db.run("DELETE FROM login_attempts WHERE key = ?", [key]);
      },
      prune: (before) => db.run("DELETE FROM login_attempts WHERE last_failure_at < ?", [before]),
    },

    audit: {
      async append(e) {
        const row = await db.get<{ id: number }>(
          "INSERT INTO audit (at, actor, ip, event, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          [
            e.at,
            e.actor,
            e.ip,
            e.event,
            e.target,
            e.outcome,
            e.detail ? JSON.stringify(e.detail) : null,
          ],
        );
        return Number(row!.id);
      },
      async query(f: AuditFilter) {
        const where: string[] = [];
        const params: (string | number)[] = [];
        const add = (clause: string, ...values: (string | number)[]) => {
          where.push(clause);
          params.push(...values);
        };
        if (f.actor) add("actor = ?", f.actor);
        if (f.event) {
          // The name is literal: LIKE's wildcards in it are escaped (event names may hold "_").
          const prefix = f.event.replace(/[\\%_]/g, (c) => `\\${c}`);
          add("(event = ? OR event LIKE ? ESCAPE '\\')", f.event, `${prefix}.%`);
        }
        if (f.from !== undefined) add("at >= ?", f.from);
        if (f.to !== undefined) add("at <= ?", f.to);
        const limit = Math.max(1, Math.min(AUDIT_QUERY_MAX, Math.floor(f.limit ?? 500)));
        const rows = await db.all<AuditRow>(
          `SELECT * FROM audit${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ${limit}`,
          params,
        );
        return rows.map(auditRecord);
      },
    },

    locks: {
      acquire(cloud, holder, operator, now, staleAfterMs) {
        return db.tx(async (x) => {
          const before = await getLock(x, cloud, forUpdate);
          // The upsert alone decides: it takes a free row, keeps ours, or replaces a stale one.
          await x.run(
            `INSERT INTO run_locks (cloud, holder, operator, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (cloud) DO UPDATE SET
               holder = excluded.holder,
               operator = excluded.operator,
               acquired_at = CASE WHEN run_locks.holder = excluded.holder THEN run_locks.acquired_at ELSE excluded.acquired_at END,
               heartbeat_at = excluded.heartbeat_at
             WHERE run_locks.holder = excluded.holder OR run_locks.heartbeat_at < ?`,
            [cloud, holder, operator, now, now, now - staleAfterMs],
          );
          const after = (await getLock(x, cloud))!;
          const acquired = after.holder === holder;
          const stolenFrom = acquired && before && before.holder !== holder ? before : null;
          return { acquired, lock: after, stolenFrom };
        });
      },
      async heartbeat(cloud, holder, now) {
        return (
          (await db.run("UPDATE run_locks SET heartbeat_at = ? WHERE cloud = ? AND holder = ?", [
            now,
            cloud,
            holder,
          ])) === 1
        );
      },
      async release(cloud, holder) {
        return (
          (await db.run("DELETE FROM run_locks WHERE cloud = ? AND holder = ?", [
            cloud,
            holder,
          ])) === 1
        );
      },
      get: (cloud) => getLock(db, cloud),
    },

    published: {
      async put(cloud, lock, holder, p) {
        return (
          (await db.run(
            `INSERT INTO published_snapshots (cloud, holder, generation, published_at, body)
             SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM run_locks WHERE cloud = ? AND holder = ?)
             ON CONFLICT (cloud) DO UPDATE SET holder = excluded.holder,
               generation = excluded.generation, published_at = excluded.published_at, body = excluded.body`,
            [cloud, holder, p.generation, p.publishedAt, p.body, lock, holder],
          )) === 1
        );
      },
      async generation(cloud) {
        const row = await db.get<{ generation: number }>(
          "SELECT generation FROM published_snapshots WHERE cloud = ?",
          [cloud],
        );
        return row ? Number(row.generation) : null;
      },
      async get(cloud) {
        const row = await db.get<{
          holder: string;
          generation: number;
          published_at: number;
          body: string;
        }>(
          "SELECT holder, generation, published_at, body FROM published_snapshots WHERE cloud = ?",
          [cloud],
        );
        return row
          ? {
              holder: row.holder,
              generation: Number(row.generation),
              publishedAt: Number(row.published_at),
              body: row.body,
            }
          : null;
      },
    },

    history: {
      async record(cloud, events, state, now) {
        await db.tx(async (x) => {
          for (const e of events)
            await x.run(
              "INSERT INTO history_events (cloud, at, kind, subject, node, service, router, rule, severity, from_value, to_value, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              [
                cloud,
                e.at,
                e.kind,
                e.subject,
                e.node,
                e.service,
                e.router,
                e.rule,
                e.severity,
                e.from,
                e.to,
                e.detail ? JSON.stringify(e.detail) : null,
              ],
            );
          await x.run(
            `INSERT INTO history_state (cloud, updated_at, body) VALUES (?, ?, ?)
             ON CONFLICT (cloud) DO UPDATE SET updated_at = excluded.updated_at, body = excluded.body`,
            [cloud, now, JSON.stringify(state)],
          );
        });
      },
      async state(cloud) {
        const row = await db.get<{ body: string }>(
          "SELECT body FROM history_state WHERE cloud = ?",
          [cloud],
        );
        return row ? (JSON.parse(row.body) as HistoryState) : null;
      },
      async query(cloud, f) {
        const { where, params } = historyWhere(cloud, f);
        where.push("at >= ?", "at <= ?");
        params.push(f.from, f.to);
        const limit = Math.max(
          1,
          Math.min(HISTORY_QUERY_MAX, Math.floor(f.limit ?? HISTORY_QUERY_MAX)),
        );
        const order = f.newest ? "DESC" : "ASC";
        const rows = await db.all<HistoryRow>(
          `SELECT * FROM history_events WHERE ${where.join(" AND ")} ORDER BY at ${order}, id ${order} LIMIT ${limit + 1}`,
          params,
        );
        const kept = rows.slice(0, limit).map(historyEvent);
        return { events: f.newest ? kept.reverse() : kept, truncated: rows.length > limit };
      },
      async count(cloud, f) {
        const { where, params } = historyWhere(cloud, f);
        where.push("at >= ?", "at <= ?");
        params.push(f.from, f.to);
        const row = await db.get<{ n: number }>(
          `SELECT COUNT(*) AS n FROM history_events WHERE ${where.join(" AND ")}`,
          params,
        );
        return Number(row?.n ?? 0);
      },
      async openAt(cloud, at, f = {}) {
        const { where, params } = historyWhere(cloud, f);
        const scope = `${where.join(" AND ")} AND kind IN ('finding.opened', 'finding.severity', 'finding.closed') AND at < ?`;
        const rows = await db.all<HistoryRow>(
          `SELECT e.* FROM history_events e
           JOIN (SELECT subject, MAX(id) AS id FROM history_events WHERE ${scope} GROUP BY subject) latest
             ON e.id = latest.id
           WHERE e.kind <> 'finding.closed' ORDER BY e.at, e.id`,
          [...params, at],
        );
        return rows.map(historyEvent);
      },
      async prune(before, maxEvents) {
        const old = await db.run("DELETE FROM history_events WHERE at < ?", [before]);
        const keep = Math.max(0, Math.floor(maxEvents));
        const over = await db.run(
          `DELETE FROM history_events WHERE id <= (SELECT id FROM history_events ORDER BY id DESC LIMIT 1 OFFSET ${keep})`,
        );
        return old + over;
      },
    },

    runs: {
      async create(r) {
        await db.run(
          "INSERT INTO recovery_runs (id, cloud, runbook, operator, status, started_at, ended_at, holder, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          [
            r.id,
            r.cloud,
            r.runbook,
            r.operator,
            r.status,
            r.startedAt,
            r.endedAt,
            r.holder,
            JSON.stringify(r),
          ],
        );
      },
      async update(r) {
        return (
          (await db.run(
            "UPDATE recovery_runs SET status = ?, ended_at = ?, body = ? WHERE id = ?",
            [r.status, r.endedAt, JSON.stringify(r), r.id],
          )) === 1
        );
      },
      async get(id) {
        const row = await db.get<{ body: string }>("SELECT body FROM recovery_runs WHERE id = ?", [
          id,
        ]);
        return row ? (JSON.parse(row.body) as RunRecord) : null;
      },
      async list(cloud, limit) {
        const n = Math.max(1, Math.min(500, Math.floor(limit)));
        const rows = await db.all<{ body: string }>(
          `SELECT body FROM recovery_runs WHERE cloud = ? ORDER BY started_at DESC LIMIT ${n}`,
          [cloud],
        );
        return rows.map((r) => JSON.parse(r.body) as RunRecord);
      },
      async during(cloud, from, to, limit) {
        const n = Math.max(1, Math.min(500, Math.floor(limit)));
        const rows = await db.all<{ body: string }>(
          `SELECT body FROM recovery_runs WHERE cloud = ? AND started_at <= ? AND (ended_at IS NULL OR ended_at >= ?) ORDER BY started_at LIMIT ${n}`,
          [cloud, to, from],
        );
        return rows.map((r) => JSON.parse(r.body) as RunRecord);
      },
      async withStatus(status) {
        const rows = await db.all<{ body: string }>(
          "SELECT body FROM recovery_runs WHERE status = ? ORDER BY started_at",
          [status],
        );
        return rows.map((r) => JSON.parse(r.body) as RunRecord);
      },
    },
  };
}
