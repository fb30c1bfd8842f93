/**
 * The store's one interface. SQLite (default) and PostgreSQL (DATABASE_URL) implement it with
 * the same SQL over two drivers; every method is async so both fit. Times are epoch
 * milliseconds; the store never hashes nor checks anything, lib/auth does.
 */
import type { Role } from "@/lib/auth/roles";
import type {
  HistoryEvent,
  HistoryEventInput,
  HistoryFilter,
  HistoryState,
} from "@/lib/history/types";
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

export interface PublishedSnapshot {
  generation: number;
  publishedAt: number;
  /** The snapshot, serialised once by its collector. */
  body: string;
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
    /**
     * Swaps the password hash for a stronger one of the same password (rehash at sign-in) only
     * while it is still `expected`, so it never undoes a password changed meanwhile; updatedAt
     * stays (the user did not change). False when the hash had changed.
     */
    replaceHash(name: string, expected: string, next: string): Promise<boolean>;
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
    /**
     * The throttle's check and count as one step. `wait` (lib/auth's policy) says how long the
     * keys' records lock them; when 0, one attempt is counted on every key (a key quiet since
     * its `forgetBefore` starts again at 1) in the same transaction, with the keys' rows locked
     * (SQLite: the write lock; PostgreSQL: row locks, taken in key order). So reservations
     * racing on any number of instances see each other's counts, and no more pass than the
     * policy lets through. A refused reservation writes nothing. `records` are the keys'
     * records after it (counted ones only).
     */
    reserve(
      keys: { key: string; forgetBefore: number }[],
      now: number,
      wait: (records: AttemptRecord[]) => number,
    ): Promise<{ waitMs: number; records: AttemptRecord[] }>;
    /** Takes back one counted attempt (a sign-in that succeeded does not count against its address). */
    release(key: string): Promise<void>;
    clear(key: string): Promise<void>;
    /** Forgets keys with no attempt since `before`; returns how many. */
    prune(before: number): Promise<number>;
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

  /** What changed in the cloud (lib/history): events and the last recorded state. */
  history: {
    /** Appends the events and writes the cloud's state in one transaction. */
    record(
      cloud: string,
      events: HistoryEventInput[],
      state: HistoryState,
      now: number,
    ): Promise<void>;
    state(cloud: string): Promise<HistoryState | null>;
    /** Oldest first, at most filter.limit (capped at HISTORY_QUERY_MAX); truncated when more matched. */
    query(
      cloud: string,
      filter: HistoryFilter,
    ): Promise<{ events: HistoryEvent[]; truncated: boolean }>;
    /** How many events match (kinds and elements, in the range), whatever the limit. */
    count(cloud: string, filter: HistoryFilter): Promise<number>;
    /**
     * The findings open at `at`: for each finding, its latest event before `at`, when that event
     * left it open (opened or severity). What a range's chart starts from.
     */
    openAt(
      cloud: string,
      at: number,
      filter?: Omit<HistoryFilter, "from" | "to" | "kinds" | "limit">,
    ): Promise<HistoryEvent[]>;
    /** Deletes events older than `before`, then the oldest beyond `maxEvents`; returns how many. */
    prune(before: number, maxEvents: number): Promise<number>;
  };

  /**
   * The cloud's latest snapshot as its collector published it, for the instances that do not
   * collect (lib/collect/shared.ts). One row per cloud.
   */
  published: {
    /**
     * Writes the snapshot only while `holder` holds the lock named `lock` (one statement: a
     * collector whose lease was taken over cannot overwrite its successor's). True when written.
     */
    put(cloud: string, lock: string, holder: string, snapshot: PublishedSnapshot): Promise<boolean>;
    /** The generation published last, without its body (a cheap poll). */
    generation(cloud: string): Promise<number | null>;
    get(cloud: string): Promise<(PublishedSnapshot & { holder: string }) | null>;
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
    /** The runs that were going on during [from, to] (started by `to`, not ended before `from`), oldest first. */
    during(cloud: string, from: number, to: number, limit: number): Promise<RunRecord[]>;
  };
}
