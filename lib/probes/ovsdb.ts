import { ProbeParseError } from "./errors";

/**
 * Helpers for `ovsdb-client query` answers (RFC 7047 §5.1 notation): one JSON array with a
 * result object per select, `{"rows": [...]}` or `{"error": "...", "details": "..."}`.
 * Atoms are plain JSON; ["uuid", u]; ["set", [atoms]]; ["map", [[k, v], …]].
 */
export type Row = Record<string, unknown>;

export function parseQueryResults(probe: string, text: string, expected: number): Row[][] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ProbeParseError(probe, `not JSON: ${text.slice(0, 120)}`);
  }
  if (!Array.isArray(data) || data.length < expected)
    throw new ProbeParseError(
      probe,
      `expected ${expected} results, got ${Array.isArray(data) ? data.length : typeof data}`,
    );
  return data.slice(0, expected).map((result, i) => {
    const r = result as { rows?: unknown; error?: unknown; details?: unknown };
    if (r && Array.isArray(r.rows)) return r.rows as Row[];
    throw new ProbeParseError(
      probe,
      `select ${i} failed: ${String(r?.error ?? "no rows")} ${String(r?.details ?? "")}`.trim(),
    );
  });
}

function isTagged(value: unknown, tag: string): value is [string, unknown] {
  return Array.isArray(value) && value.length === 2 && value[0] === tag;
}

function atom(value: unknown): unknown {
  return isTagged(value, "uuid") ? value[1] : value;
}

/** Every datum as a list of atoms (a single atom is a one-element list, an empty set none). */
export function atoms(value: unknown): unknown[] {
  if (isTagged(value, "set")) return (value[1] as unknown[]).map(atom);
  if (value === undefined) return [];
  return [atom(value)];
}

export function str(row: Row, column: string): string {
  const first = atoms(row[column])[0];
  return typeof first === "string" ? first : first === undefined ? "" : String(first);
}

export function strings(row: Row, column: string): string[] {
  return atoms(row[column]).map(String);
}

export function optionalString(row: Row, column: string): string | null {
  const first = atoms(row[column])[0];
  return first === undefined ? null : String(first);
}

export function num(row: Row, column: string): number {
  const first = atoms(row[column])[0];
  return typeof first === "number" ? first : 0;
}

export function optionalBool(row: Row, column: string): boolean | null {
  const first = atoms(row[column])[0];
  return typeof first === "boolean" ? first : null;
}

export function map(row: Row, column: string): Record<string, string> {
  const value = row[column];
  if (!isTagged(value, "map")) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of value[1] as [unknown, unknown][]) out[String(atom(k))] = String(atom(v));
  return out;
}

export function uuid(row: Row): string {
  return str(row, "_uuid");
}
