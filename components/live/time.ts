"use client";

import { useSyncExternalStore } from "react";
import type { Translate } from "@/lib/i18n/catalogue";

// One clock for every "12 s ago" on the page: a single 1 s timer while anything shows one.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribeClock(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/**
 * The time now, re-rendering every second so "12 s ago" keeps counting between refreshes. null
 * while the server renders and while the browser hydrates that HTML: the two happen at
 * different moments, and text computed from either clock would not match (React's hydration
 * error #418, after which it renders the page again from scratch). Right after hydration it is
 * the browser's clock.
 */
export function useNow(): number | null {
  return useSyncExternalStore(
    subscribeClock,
    () => now,
    () => null,
  );
}

const noSubscription = () => () => undefined;

/** False while the server renders and the browser hydrates, true after (same reason as useNow). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * A moment as the reader's local time once hydrated; before, the same in UTC, written the same
 * way on the server and in the browser (their time zones and locales differ).
 */
export function localTime(ms: number, hydrated: boolean, withDate = false): string {
  if (hydrated) return withDate ? new Date(ms).toLocaleString() : new Date(ms).toLocaleTimeString();
  const iso = new Date(ms).toISOString();
  return `${withDate ? `${iso.slice(0, 10)} ` : ""}${iso.slice(11, 19)} UTC`;
}

/** "12 s ago"; "—" without a time, or before the browser's clock is known (see useNow). */
export function ago(t: Translate, iso: string | null, now: number | null): string {
  if (!iso || now === null) return "—";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return t("time.secondsAgo", { n: seconds });
  if (seconds < 7200) return t("time.minutesAgo", { n: Math.round(seconds / 60) });
  return t("time.hoursAgo", { n: Math.round(seconds / 3600) });
}
