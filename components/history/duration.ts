import type { Translate } from "@/lib/i18n/catalogue";

/** "3 h 12 min", "2 d 4 h": the two largest units, in the reader's language. */
export function formatDuration(t: Translate, ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const parts: [number, "history.dur.d" | "history.dur.h" | "history.dur.m" | "history.dur.s"][] = [
    [Math.floor(s / 86_400), "history.dur.d"],
    [Math.floor(s / 3600) % 24, "history.dur.h"],
    [Math.floor(s / 60) % 60, "history.dur.m"],
    [s % 60, "history.dur.s"],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return t("history.dur.s", { n: 0 });
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, key]) => t(key, { n }))
    .join(" ");
}
