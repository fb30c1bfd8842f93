import type { Dialect, SqlDriver, SqlExecutor } from "./driver";

/**
 * Versioned schema changes, applied in order at start, each once, each in its own
 * transaction with its version row. Never edit a released migration: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: Record<Dialect, string>;
}

const ROLE_CHECK = "CHECK (role IN ('viewer', 'operator', 'admin'))";
const OUTCOME_CHECK = "CHECK (outcome IN ('ok', 'failed', 'denied'))";

function v1(int: string, serial: string): string {
  return `
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL ${ROLE_CHECK},
  password_hash TEXT NOT NULL,
  created_at ${int} NOT NULL,
  updated_at ${int} NOT NULL
);
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at ${int} NOT NULL,
  last_seen_at ${int} NOT NULL,
  ip TEXT,
  user_agent TEXT
);
CREATE INDEX sessions_username ON sessions (username);
CREATE TABLE login_attempts (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  first_failure_at ${int} NOT NULL,
  last_failure_at ${int} NOT NULL
);
CREATE TABLE audit (
  id ${serial},
  at ${int} NOT NULL,
  actor TEXT NOT NULL,
  ip TEXT,
  event TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL ${OUTCOME_CHECK},
  detail TEXT
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_actor_at ON audit (actor, at);
CREATE INDEX audit_event_at ON audit (event, at);
CREATE TABLE run_locks (
  cloud TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  operator TEXT NOT NULL,
  acquired_at ${int} NOT NULL,
  heartbeat_at ${int} NOT NULL
);`;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "users, sessions, login attempts, audit, run locks",
    sql: {
      sqlite: v1("INTEGER", "INTEGER PRIMARY KEY AUTOINCREMENT"),
      postgres: v1("BIGINT", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
    },
  },
  {
    version: 2,
    name: "recovery runs",
    // One row per run; its steps (plan, outputs, verifications) are one JSON document, written
    // whole after every step: a run is read and shown as a whole, never queried by step.
    sql: {
      sqlite: v2("INTEGER"),
      postgres: v2("BIGINT"),
    },
  },
  {
    version: 3,
    name: "audit append-only; login attempts pruned by age",
    // The audit refuses UPDATE and DELETE (and, in PostgreSQL, TRUNCATE) in the database
    // itself, whoever sends them: nothing in ovnscope changes or removes an entry, and a bug or
    // an injected statement cannot either. The database's owner (the role ovnscope migrates
    // with, whoever can write the SQLite file) can still drop a trigger.
    // login_attempts is pruned by last_failure_at (lib/auth/login.ts): an index for that.
    sql: {
      sqlite: `
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only: entries are never changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only: entries are never deleted'); END;
CREATE INDEX login_attempts_last_failure ON login_attempts (last_failure_at);`,
      postgres: `
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE INDEX login_attempts_last_failure ON login_attempts (last_failure_at);`,
    },
  },
  {
    version: 4,
    name: "history: events and the last recorded state",
    // Events are appended by the history recorder and pruned by age and count (lib/history);
    // queried by time range per cloud, and per subject (a finding's or router's own history).
    // The state is one JSON document per cloud, written in the same transaction as its events.
    sql: {
      sqlite: v4("INTEGER", "INTEGER PRIMARY KEY AUTOINCREMENT"),
      postgres: v4("BIGINT", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
    },
  },
  {
    version: 5,
    name: "published snapshots: one collector per cloud, read by the other instances",
    // One row per cloud, overwritten by the instance holding the cloud's collector lease
    // (lib/collect/shared.ts); the others serve pages from it.
    sql: { sqlite: v5("INTEGER"), postgres: v5("BIGINT") },
  },
];

function v5(int: string): string {
  return `
CREATE TABLE published_snapshots (
  cloud TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  generation ${int} NOT NULL,
  published_at ${int} NOT NULL,
  body TEXT NOT NULL
);`;
}

function v4(int: string, serial: string): string {
  return `
CREATE TABLE history_events (
  id ${serial},
  cloud TEXT NOT NULL,
  at ${int} NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  node TEXT,
  service TEXT,
  router TEXT,
  rule TEXT,
  severity TEXT,
  from_value TEXT,
  to_value TEXT,
  detail TEXT
);
CREATE INDEX history_events_cloud_at ON history_events (cloud, at);
CREATE INDEX history_events_cloud_subject_at ON history_events (cloud, subject, at);
CREATE TABLE history_state (
  cloud TEXT PRIMARY KEY,
  updated_at ${int} NOT NULL,
  body TEXT NOT NULL
);`;
}

function v2(int: string): string {
  return `
CREATE TABLE recovery_runs (
  id TEXT PRIMARY KEY,
  cloud TEXT NOT NULL,
  runbook TEXT NOT NULL,
  operator TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
  started_at ${int} NOT NULL,
  ended_at ${int},
  holder TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX recovery_runs_cloud_started ON recovery_runs (cloud, started_at);
CREATE INDEX recovery_runs_status ON recovery_runs (status);`;
}

// Any constant: two instances starting together on one PostgreSQL wait for each other here.
const PG_MIGRATION_LOCK = 0x6f766e73;

async function appliedVersions(db: SqlExecutor): Promise<Set<number>> {
  const rows = await db.all<{ version: number }>("SELECT version FROM schema_migrations");
  return new Set(rows.map((r) => Number(r.version)));
}

/** Applies what is missing; returns the schema version. Safe to run again and concurrently. */
export async function migrate(driver: SqlDriver, migrations = MIGRATIONS): Promise<number> {
  const int = driver.dialect === "postgres" ? "BIGINT" : "INTEGER";
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    await driver.tx(async (db) => {
      if (driver.dialect === "postgres")
        await db.get("SELECT pg_advisory_xact_lock(?)", [PG_MIGRATION_LOCK]);
      await db.exec(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${int} NOT NULL)`,
      );
      if ((await appliedVersions(db)).has(m.version)) return;
      await db.exec(m.sql[driver.dialect]);
      await db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
        m.version,
        m.name,
        Date.now(),
      ]);
    });
  }
  return schemaVersion(driver);
}

export async function schemaVersion(db: SqlExecutor): Promise<number> {
  const row = await db.get<{ v: number | null }>("SELECT MAX(version) AS v FROM schema_migrations");
  return Number(row?.v ?? 0);
}
