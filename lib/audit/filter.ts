/** The audit page's and export's filter, from and to query parameters; pure. */
import type { AuditFilter } from "@/lib/store/types";

export const AUDIT_PAGE_LIMIT = 500;

/** ISO time; one without a zone ("2026-05-01T10:00", a datetime-local field) is read as UTC. */
export function parseTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

export function parseAuditFilter(params: URLSearchParams): AuditFilter {
  const filter: AuditFilter = { limit: AUDIT_PAGE_LIMIT };
  const actor = params.get("actor")?.trim();
  if (actor) filter.actor = actor.slice(0, 64);
  const event = params.get("event")?.trim().toLowerCase();
  if (event && /^[a-z0-9_.-]{1,64}$/.test(event)) filter.event = event;
  const from = parseTime(params.get("from"));
  if (from !== undefined) filter.from = from;
  const to = parseTime(params.get("to"));
  if (to !== undefined) filter.to = to;
  const limit = Number(params.get("limit"));
  if (Number.isInteger(limit) && limit > 0) filter.limit = limit;
  return filter;
}

/** The same filter as query parameters (the export link keeps what the page shows). */
export function auditFilterParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of ["actor", "event", "from", "to"]) {
    const value = params.get(key)?.trim();
    if (value) out.set(key, value);
  }
  return out;
}
