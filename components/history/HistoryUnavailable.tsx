"use client";

import { useT } from "@/components/i18n/I18nProvider";
import type { HistoryBlock } from "@/lib/history/pages";

/** Why a history block has nothing to show (history off, or the store not readable). */
export function HistoryUnavailable({
  block,
}: {
  block: Exclude<HistoryBlock<unknown>, { state: "ok" }>;
}) {
  const t = useT();
  return (
    <p className="px-3 py-2 text-muted" data-testid="history-unavailable" data-state={block.state}>
      {block.state === "off" ? t("history.off") : t("history.unavailable", { error: block.error })}
    </p>
  );
}
