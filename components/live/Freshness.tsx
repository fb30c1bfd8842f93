"use client";

import { useT } from "@/components/i18n/I18nProvider";
import { ago, useNow } from "./time";

/**
 * The banner that says a view is not current: a refresh failed (data kept, the error shown)
 * or the snapshot is older than three refresh intervals.
 */
export function Freshness({
  finishedAt,
  error,
  refreshMs,
}: {
  finishedAt: string;
  error: Error | null;
  refreshMs: number;
}) {
  const t = useT();
  const now = useNow();
  // Before hydration the age is not known (see useNow): only a failed refresh shows then.
  const old = now !== null && now - Date.parse(finishedAt) > 3 * refreshMs;
  if (!error && !old) return null;
  return (
    <div
      role="status"
      data-testid="freshness"
      className="rounded border border-dashed border-degraded px-3 py-1.5 text-degraded"
    >
      <span aria-hidden="true">◷ </span>
      {error
        ? t("live.refreshFailed", { error: error.message, ago: ago(t, finishedAt, now) })
        : t("live.staleSnapshot", { ago: ago(t, finishedAt, now) })}
    </div>
  );
}
