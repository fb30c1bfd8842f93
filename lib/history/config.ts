/** History's settings from the environment; a bad value is an error at start, never a guess. */
export interface HistoryConfig {
  enabled: boolean;
  /** Events older than this are pruned (OVNSCOPE_HISTORY_DAYS, 1–3650, default 30). */
  retentionMs: number;
  /** At most this many events are kept, the oldest pruned first (OVNSCOPE_HISTORY_MAX_EVENTS, default 1,000,000). */
  maxEvents: number;
}

const DAY_MS = 86_400_000;

function integerIn(
  env: NodeJS.ProcessEnv,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(
      `${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`,
    );
  return value;
}

export function historyConfigFromEnv(env: NodeJS.ProcessEnv = process.env): HistoryConfig {
  const switch_ = env.OVNSCOPE_HISTORY ?? "on";
  if (switch_ !== "on" && switch_ !== "off")
    throw new Error(`OVNSCOPE_HISTORY must be on or off, not ${JSON.stringify(switch_)}`);
  return {
    enabled: switch_ === "on",
    retentionMs: integerIn(env, "OVNSCOPE_HISTORY_DAYS", 1, 3650, 30) * DAY_MS,
    maxEvents: integerIn(env, "OVNSCOPE_HISTORY_MAX_EVENTS", 1000, 100_000_000, 1_000_000),
  };
}
