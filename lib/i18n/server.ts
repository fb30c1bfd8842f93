import "server-only";
import { cookies, headers } from "next/headers";
import {
  LOCALE_COOKIE,
  negotiateLocale,
  translator,
  type Locale,
  type Translate,
} from "./catalogue";

/** The request's locale and translator, for server components. */
export async function getI18n(): Promise<{ locale: Locale; t: Translate }> {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const locale = negotiateLocale(
    cookieStore.get(LOCALE_COOKIE)?.value,
    headerStore.get("accept-language"),
  );
  return { locale, t: translator(locale) };
}
