"use client";

import useSWR from "swr";

async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { cache: "no-store" });
  // The session ended (expired, signed out elsewhere, password reset): back to the login page,
  // as a full load so no signed-in page stays in the client's router cache.
  if (res.status === 401)
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(
      `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
    );
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as T;
}

/**
 * Polls a JSON route. The last good data stays on screen through a failed refresh (the
 * error is returned beside it so the page can say so); nothing is cleared or reflowed.
 */
export function useLive<T>(url: string, fallbackData: T, refreshMs: number) {
  const { data, error } = useSWR<T, Error>(url, fetchJson, {
    fallbackData,
    refreshInterval: refreshMs,
    refreshWhenHidden: true,
    revalidateOnFocus: true,
    keepPreviousData: true,
    dedupingInterval: Math.min(2000, refreshMs / 2),
    errorRetryInterval: refreshMs,
  });
  return { data: data ?? fallbackData, error: error ?? null };
}
