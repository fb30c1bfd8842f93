"use client";

import { useT } from "@/components/i18n/I18nProvider";
import type { Message } from "@/lib/diagnose";

/** Renders a finding's Message in the reader's language. */
export function useMessage(): (m: Message | null) => string {
  const t = useT();
  return (m) => (m ? t(m.key, m.params) : "");
}
