/**
 * What may enter the audit, pure. Secrets never do: values under a key that names one are
 * replaced, whatever the caller passed; long outputs (a step's command output) are cut.
 */
const SECRET_KEY =
  /pass(word|wd|phrase)?|secret|token|cookie|authorization|private.?key|credential/i;
export const MAX_TEXT = 64 * 1024;
const MAX_DEPTH = 6;

export const REDACTED = "[redacted]";

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string")
    return value.length > MAX_TEXT
      ? `${value.slice(0, MAX_TEXT)}… [${value.length - MAX_TEXT} more characters]`
      : value;
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_KEY.test(k) ? REDACTED : redact(v, depth + 1),
    ]),
  );
}

const EVENT_NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
export function isEventName(name: string): boolean {
  return name.length <= 64 && EVENT_NAME.test(name);
}
