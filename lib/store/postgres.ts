import pg from "pg";
import type { SqlDriver, SqlExecutor, SqlParam } from "./driver";

/** `?` placeholders (the SQL the store shares with SQLite) to PostgreSQL's `$1, $2, …`. */
export function toPositional(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

// BIGINT (oid 20) as a JS number: every integer here is a count or epoch milliseconds.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    all: async <T>(sql: string, params: SqlParam[] = []) =>
      (await client.query(toPositional(sql), params)).rows as T[],
    get: async <T>(sql: string, params: SqlParam[] = []) =>
      (await client.query(toPositional(sql), params)).rows[0] as T | undefined,
    run: async (sql: string, params: SqlParam[] = []) =>
      (await client.query(toPositional(sql), params)).rowCount ?? 0,
    exec: async (script: string) => void (await client.query(script)),
  };
}

/** Where a connection string points, without its password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    return u.toString();
  } catch {
    return "postgresql (unparsable DATABASE_URL)";
  }
}

export class PostgresDriver implements SqlDriver {
  readonly dialect = "postgres" as const;
  readonly location: string;
  private readonly pool: pg.Pool;
  private readonly direct: SqlExecutor;

  constructor(connectionString: string) {
    this.location = describeUrl(connectionString);
    this.pool = new pg.Pool({ connectionString, max: 10, types });
    // An idle client losing its server must not crash the process; the next query reconnects.
    this.pool.on("error", (err) => console.error(`ovnscope: postgres: ${err.message}`));
    this.direct = executor(this.pool);
  }

  all<T>(sql: string, params?: SqlParam[]) {
    return this.direct.all<T>(sql, params);
  }
  get<T>(sql: string, params?: SqlParam[]) {
    return this.direct.get<T>(sql, params);
  }
  run(sql: string, params?: SqlParam[]) {
    return this.direct.run(sql, params);
  }
  exec(script: string) {
    return this.direct.exec(script);
  }

  async tx<T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const value = await fn(executor(client));
      await client.query("COMMIT");
      return value;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  close() {
    return this.pool.end();
  }
}
