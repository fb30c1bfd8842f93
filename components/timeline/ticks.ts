/**
 * Time-axis ticks on round local times (every 30 s, 5 min, 1 h, 1 d, …), at most `max` of them: a
 * number axis would tick on round milliseconds instead. Pure; `offsetMs` is the reader's
 * UTC offset (tests pass their own).
 */
const STEPS = [
  10_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000,
  21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000,
];

export function timeTicks(
  from: number,
  to: number,
  offsetMs = -new Date(from).getTimezoneOffset() * 60_000,
  max = 8,
): number[] {
  if (!(to > from)) return [from];
  const step = STEPS.find((s) => (to - from) / s <= max) ?? STEPS.at(-1)!;
  const ticks: number[] = [];
  for (let at = Math.ceil((from + offsetMs) / step) * step - offsetMs; at <= to; at += step)
    ticks.push(at);
  return ticks;
}
