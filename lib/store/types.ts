/**
 * The store's one interface. SQLite (default) and PostgreSQL (DATABASE_URL) implement it with
 * the same SQL over two drivers; every method is async so both fit. Times are epoch
 * milliseconds; the store never hashes nor checks anything, lib/auth does.
 */
import type { Role } from "@/lib/auth/roles";
import type { RunRecord, RunStatus } from "@/lib/recovery/types";

export interface UserRecord {
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
}

export interface SessionRecord {
  /** sha256 of the cookie value: a stolen database holds no usable session id. */
  idHash: string;
  username: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  ip: string | null;
  userAgent: string | null;
}

/** A session with its user's current role (a role change applies at the next request). */
export type SessionWithRole = SessionRecord & { role: Role };

export interface AttemptRecord {
  key: string;
  failures: number;
  firstFailureAt: number;
  lastFailureAt: number;
}

export type AuditOutcome = "ok" | "failed" | "denied";

export interface AuditInput {
  at: number;
  actor: string;
  ip: string | null;
  event: string;
  target: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown> | null;
}

export interface AuditRecord extends AuditInput {
  id: number;
}

export interface AuditFilter {
  actor?: string;
  /** An event name or a prefix of dotted names: "login" matches "login" and "login.failed". */
  event?: string;
  from?: number;
  to?: number;
  limit?: number;
}

export interface RunLock {
  cloud: string;
  holder: string;
  operator: string;
  acquiredAt: number;
  heartbeatAt: number;
}

export interface LockResult {
  acquired: boolean;
  /** Who holds the lock now (us when acquired). */
  lock: RunLock;
  /** The holder we replaced because its heartbeat was older than staleAfterMs. */
  stolenFrom: RunLock | null;
}

export class StoreConflictError extends Error {}

export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** Where it is, for logs (never a password). */
  readonly location: string;
  close(): Promise<void>;
  schemaVersion(): Promise<number>;

  users: {
    get(name: string): Promise<UserRecord | null>;
    list(): Promise<UserRecord[]>;
    /** Throws StoreConflictError when the name is taken. */
    create(user: UserRecord): Promise<void>;
    update(
      name: string,
      patch: { role?: Role; passwordHash?: string },
      now: number,
    ): Promise<boolean>;
    remove(name: string): Promise<boolean>;
    countByRole(role: Role): Promise<number>;
  };

  sessions: {
    create(session: SessionRecord): Promise<void>;
    get(idHash: string): Promise<SessionWithRole | null>;
    touch(idHash: string, at: number): Promise<void>;
    remove(idHash: string): Promise<void>;
    removeForUser(username: string): Promise<number>;
    /** Drops sessions created before `createdBefore` or idle since before `idleBefore`. */
    purge(createdBefore: number, idleBefore: number): Promise<number>;
  };

  attempts: {
    get(keys: string[]): Promise<AttemptRecord[]>;
    /** Counts one failure atomically; a key quiet since before `forgetBefore` starts again at 1. */
    recordFailure(key: string, now: number, forgetBefore: number): Promise<AttemptRecord>;
    clear(key: string): Promise<void>;
  };

  audit: {
    append(entry: AuditInput): Promise<number>;
    /** Newest first. */
    query(filter: AuditFilter): Promise<AuditRecord[]>;
  };

  locks: {
    /**
     * Takes the cloud's run lock in one transaction: free → ours; ours → still ours; held by
     * another whose heartbeat is older than staleAfterMs → stolen; otherwise refused.
     */
    acquire(
      cloud: string,
      holder: string,
      operator: string,
      now: number,
      staleAfterMs: number,
    ): Promise<LockResult>;
    heartbeat(cloud: string, holder: string, now: number): Promise<boolean>;
    release(cloud: string, holder: string): Promise<boolean>;
    get(cloud: string): Promise<RunLock | null>;
  };

  /** Recovery runs, each stored whole (lib/recovery writes it after every step). */
  runs: {
    create(run: RunRecord): Promise<void>;
    /** Writes the run's current state; false when no such run. */
    update(run: RunRecord): Promise<boolean>;
    get(id: string): Promise<RunRecord | null>;
    /** Newest first. */
    list(cloud: string, limit: number): Promise<RunRecord[]>;
    withStatus(status: RunStatus): Promise<RunRecord[]>;
  };
}
