"use client";

import { useEffect, useState } from "react";
import type { Translate } from "@/lib/i18n/catalogue";

/** Re-renders every second so "12 s ago" keeps counting between refreshes. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function ago(t: Translate, iso: string | null, now: number): string {
  if (!iso) return "—";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return t("time.secondsAgo", { n: seconds });
  if (seconds < 7200) return t("time.minutesAgo", { n: Math.round(seconds / 60) });
  return t("time.hoursAgo", { n: Math.round(seconds / 3600) });
}
