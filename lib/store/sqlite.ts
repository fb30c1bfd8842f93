import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { SqlDriver, SqlExecutor, SqlParam } from "./driver";

/**
 * better-sqlite3 is synchronous; the async wrapper adds one thing: a queue so that a
 * transaction's awaits cannot let another request's statements run inside it. The queue is
 * per database file and process: a second connection to the same file in this process
 * waiting on SQLite's lock would block the thread the first one needs to finish.
 */
const queues = new Map<string, { tail: Promise<void> }>();

export class SqliteDriver implements SqlDriver {
  readonly dialect = "sqlite" as const;
  readonly location: string;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly queue: { tail: Promise<void> };
  private readonly direct: SqlExecutor;

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.location = file;
    if (file === ":memory:") this.queue = { tail: Promise.resolve() };
    else {
      const key = path.resolve(file);
      this.queue = queues.get(key) ?? { tail: Promise.resolve() };
      queues.set(key, this.queue);
    }
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000"); // the CLI and the server share the file
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("synchronous = NORMAL");
    const prepare = (sql: string) => {
      let stmt = this.statements.get(sql);
      if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
      return stmt;
    };
    this.direct = {
      all: async <T>(sql: string, params: SqlParam[] = []) => prepare(sql).all(...params) as T[],
      get: async <T>(sql: string, params: SqlParam[] = []) =>
        prepare(sql).get(...params) as T | undefined,
      run: async (sql: string, params: SqlParam[] = []) => prepare(sql).run(...params).changes,
      exec: async (script: string) => void this.db.exec(script),
    };
  }

  private async queued<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.queue.tail;
    let done!: () => void;
    this.queue.tail = new Promise((resolve) => (done = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      done();
    }
  }

  all<T>(sql: string, params?: SqlParam[]) {
    return this.queued(() => this.direct.all<T>(sql, params));
  }
  get<T>(sql: string, params?: SqlParam[]) {
    return this.queued(() => this.direct.get<T>(sql, params));
  }
  run(sql: string, params?: SqlParam[]) {
    return this.queued(() => this.direct.run(sql, params));
  }
  exec(script: string) {
    return this.queued(() => this.direct.exec(script));
  }

  tx<T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
    return this.queued(async () => {
      // IMMEDIATE takes the write lock now, so two processes serialise here, not at COMMIT.
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const value = await fn(this.direct);
        this.db.exec("COMMIT");
        return value;
      } catch (err) {
        this.db.exec("ROLLBACK");
        throw err;
      }
    });
  }

  async close() {
    await this.queued(async () => this.db.close());
  }
}
