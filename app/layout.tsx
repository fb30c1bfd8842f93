import type { Metadata } from "next";
import { cookies } from "next/headers";
import { I18nProvider } from "@/components/i18n/I18nProvider";
import { AppHeader } from "@/components/shell/AppHeader";
import { LiveUpdates } from "@/components/live/LiveUpdates";
import { LastUpdated } from "@/components/shell/LastUpdated";
import { getSession } from "@/lib/auth/server";
import { currentSnapshot, refreshIntervalMs } from "@/lib/collect";
import { getI18n } from "@/lib/i18n/server";
import { getInventory } from "@/lib/inventory";
import { THEME_COOKIE, themeFrom } from "@/lib/ui/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: "ovnscope",
  description: "Watch, explain and repair the Neutron ML2/OVN control plane",
  icons: { icon: "/favicon.svg" },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await getI18n();
  const theme = themeFrom((await cookies()).get(THEME_COOKIE)?.value);
  const inventory = getInventory();
  // Signed out (the login page) the header has no navigation and reads no snapshot.
  const session = await getSession();
  const snapshot = session ? await currentSnapshot() : null;
  return (
    <html lang={locale} data-theme={theme}>
      <body className="min-h-screen font-sans text-sm antialiased">
        <I18nProvider locale={locale}>
          <AppHeader
            t={t}
            locale={locale}
            theme={theme}
            cloudName={inventory.cloud.name}
            user={session}
            status={
              snapshot && (
                <LastUpdated
                  initial={{ generation: snapshot.generation, finishedAt: snapshot.finishedAt }}
                  refreshMs={refreshIntervalMs()}
                />
              )
            }
          />
          {session && <LiveUpdates />}
          <main id="main" className="mx-auto max-w-7xl p-4">
            {children}
          </main>
        </I18nProvider>
      </body>
    </html>
  );
}
