"use client";

import { createContext, useContext, useMemo } from "react";
import { translator, type Locale, type Translate } from "@/lib/i18n/catalogue";

const LocaleContext = createContext<Locale>("en");

/** Gives client components the request's locale; the server chose it (cookie, then browser). */
export function I18nProvider({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => translator(locale), [locale]);
}
