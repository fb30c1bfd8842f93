import Link from "next/link";
import type { Translate } from "@/lib/i18n/catalogue";
import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/catalogue";
import { THEME_COOKIE, type Theme } from "@/lib/ui/theme";
import { PreferenceSelect } from "./PreferenceControls";

interface Props {
  t: Translate;
  locale: Locale;
  theme: Theme;
  cloudName: string;
  /** The "last updated" area; the collector fills it, until then it says so. */
  status: React.ReactNode;
}

/** Pages that exist. Add an entry only together with its page. */
const NAV = [
  { href: "/", key: "nav.overview" },
  { href: "/topology", key: "nav.topology" },
  { href: "/routers", key: "nav.routers" },
] as const;

export function AppHeader({ t, locale, theme, cloudName, status }: Props) {
  return (
    <header className="sticky top-0 z-10 border-b border-line bg-panel">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {t("nav.skipToContent")}
      </a>
      <div className="flex h-11 items-center gap-4 px-4 text-sm">
        <Link href="/" className="font-semibold tracking-tight">
          {t("app.name")}
          <span className="ml-2 hidden font-normal text-muted sm:inline">{t("app.tagline")}</span>
        </Link>
        <span className="text-muted" data-testid="cloud-name">
          {t("header.cloud")} <span className="font-mono text-ink">{cloudName}</span>
        </span>
        <nav aria-label="main" className="flex gap-3">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href} className="text-accent hover:underline">
              {t(item.key)}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <div data-testid="last-updated" className="text-xs text-muted">
            {status}
          </div>
          <PreferenceSelect
            cookie={LOCALE_COOKIE}
            label={t("header.language")}
            value={locale}
            testId="locale-switch"
            options={[
              { value: "en", label: "English" },
              { value: "ko", label: "한국어" },
            ]}
          />
          <PreferenceSelect
            cookie={THEME_COOKIE}
            label={t("header.theme")}
            value={theme}
            testId="theme-switch"
            options={[
              { value: "dark", label: t("theme.dark") },
              { value: "light", label: t("theme.light") },
            ]}
          />
        </div>
      </div>
    </header>
  );
}
