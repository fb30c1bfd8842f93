/** The little each database driver must offer; SQL is written with `?` placeholders. */
export type SqlParam = string | number | null;
export type Dialect = "sqlite" | "postgres";

export interface SqlExecutor {
  all<T>(sql: string, params?: SqlParam[]): Promise<T[]>;
  get<T>(sql: string, params?: SqlParam[]): Promise<T | undefined>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: SqlParam[]): Promise<number>;
  /** Several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: Dialect;
  readonly location: string;
  /** Runs fn in one write transaction; rolls back if it throws. */
  tx<T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Unique-constraint violation, in either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return (
    e?.code === "23505" ||
    e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    e?.code === "SQLITE_CONSTRAINT_UNIQUE"
  );
}
