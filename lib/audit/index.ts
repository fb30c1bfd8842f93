import { getStore, type AuditOutcome, type Store } from "@/lib/store";
import { isEventName, redact } from "./redact";

/**
 * One audit entry: who, from where, what, on what, how it ended, and details (for recovery:
 * each step's command and output). Events are dotted names: login, login.failed, logout,
 * user.add, user.role, user.passwd, user.remove; recovery adds its own.
 */
export interface AuditEvent {
  actor: string;
  event: string;
  ip?: string | null;
  target?: string | null;
  outcome?: AuditOutcome;
  detail?: Record<string, unknown> | null;
  at?: number;
}

export const CLI_ACTOR = "cli";

export async function audit(e: AuditEvent, store?: Store): Promise<number> {
  if (!isEventName(e.event)) throw new Error(`not an audit event name: ${JSON.stringify(e.event)}`);
  const s = store ?? (await getStore());
  return s.audit.append({
    at: e.at ?? Date.now(),
    actor: e.actor,
    ip: e.ip ?? null,
    event: e.event,
    target: e.target ?? null,
    outcome: e.outcome ?? "ok",
    detail: e.detail ? (redact(e.detail) as Record<string, unknown>) : null,
  });
}
