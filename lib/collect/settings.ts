import { FULL_READ_MS } from "./collector";

/**
 * How often a node followed by its change watch is read in full while nothing changes:
 * OVNSCOPE_FULL_READ_MS (0 = every refresh, or 10000–3600000; default 60000, FULL_READ_MS).
 */
export function fullReadIntervalMs(): number {
  const raw = process.env.OVNSCOPE_FULL_READ_MS;
  if (raw === undefined || raw === "") return FULL_READ_MS;
  const value = Number(raw);
  if (Number.isInteger(value) && (value === 0 || (value >= 10_000 && value <= 3_600_000)))
    return value;
  throw new Error(
    `OVNSCOPE_FULL_READ_MS must be 0 (read every node on every refresh) or whole milliseconds from 10000 to 3600000, not "${raw}"`,
  );
}
