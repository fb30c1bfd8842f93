"use client";

import { useT } from "@/components/i18n/I18nProvider";

/** The chart's box while the chart library loads: the same height, so nothing below moves. */
export function ChartPlaceholder() {
  const t = useT();
  return (
    <div className="flex h-56 items-center justify-center text-xs text-muted">
      {t("timeline.drawing")}
    </div>
  );
}
