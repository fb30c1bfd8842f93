"use client";

import { useT } from "@/components/i18n/I18nProvider";
import { ago, useNow } from "@/components/live/time";
import { useLive } from "@/components/live/useLive";

interface Status {
  generation: number;
  finishedAt: string | null;
}

/** The header's "last updated" area; turns amber when the data is older than three intervals or a refresh failed. */
export function LastUpdated({ initial, refreshMs }: { initial: Status; refreshMs: number }) {
  const t = useT();
  const now = useNow();
  const { data, error } = useLive<Status>("/api/status", initial, refreshMs);
  const old =
    !data.finishedAt || (now !== null && now - Date.parse(data.finishedAt) > 3 * refreshMs);
  return (
    <span
      className={old || error ? "text-degraded" : undefined}
      title={data.finishedAt ?? undefined}
      data-generation={data.generation}
    >
      {(old || error) && <span aria-hidden="true">◷ </span>}
      {data.finishedAt
        ? t("live.lastUpdated", { ago: ago(t, data.finishedAt, now) })
        : t("header.notCollected")}
    </span>
  );
}
