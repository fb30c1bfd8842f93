import Link from "next/link";
import { hasRole } from "@/lib/auth/roles";
import type { SessionUser } from "@/lib/auth/server";
import type { Translate } from "@/lib/i18n/catalogue";
import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/catalogue";
import { THEME_COOKIE, type Theme } from "@/lib/ui/theme";
import { PreferenceSelect } from "./PreferenceControls";
import { UserMenu } from "./UserMenu";

interface Props {
  t: Translate;
  locale: Locale;
  theme: Theme;
  cloudName: string;
  /** The signed-in user; null on the login page (no navigation then). */
  user: SessionUser | null;
  /** The "last updated" area; the collector fills it, until then it says so. */
  status: React.ReactNode;
}

/** Pages that exist, and the least role that may open each. Add an entry only with its page. */
const NAV = [
  { href: "/", key: "nav.overview", role: "viewer" },
  { href: "/topology", key: "nav.topology", role: "viewer" },
  { href: "/clusters", key: "nav.clusters", role: "viewer" },
  { href: "/timeline", key: "nav.timeline", role: "viewer" },
  { href: "/routers", key: "nav.routers", role: "viewer" },
  { href: "/recovery", key: "nav.recovery", role: "viewer" },
  { href: "/audit", key: "nav.audit", role: "operator" },
  { href: "/users", key: "nav.users", role: "admin" },
] as const;

export function AppHeader({ t, locale, theme, cloudName, user, status }: Props) {
  return (
    <header className="sticky top-0 z-10 border-b border-line bg-panel">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {t("nav.skipToContent")}
      </a>
      <div className="flex h-11 items-center gap-4 px-4 text-sm">
        <Link href="/" className="font-semibold tracking-tight whitespace-nowrap">
          {t("app.name")}
          <span className="ml-2 hidden font-normal text-muted sm:inline">{t("app.tagline")}</span>
        </Link>
        <span className="whitespace-nowrap text-muted" data-testid="cloud-name">
          {t("header.cloud")} <span className="font-mono text-ink">{cloudName}</span>
        </span>
        {user && (
          <nav aria-label="main" className="flex gap-3">
            {NAV.filter((item) => hasRole(user.role, item.role)).map((item) => (
              <Link key={item.href} href={item.href} className="text-accent hover:underline">
                {t(item.key)}
              </Link>
            ))}
          </nav>
        )}
        <div className="ml-auto flex items-center gap-3">
          {status && (
            <div data-testid="last-updated" className="text-xs whitespace-nowrap text-muted">
              {status}
            </div>
          )}
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
          {user && <UserMenu name={user.name} role={user.role} csrf={user.csrfToken} />}
        </div>
      </div>
    </header>
  );
}
