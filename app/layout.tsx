import type { Metadata } from "next";
import { cookies } from "next/headers";
import { I18nProvider } from "@/components/i18n/I18nProvider";
import { AppHeader } from "@/components/shell/AppHeader";
import { LastUpdated } from "@/components/shell/LastUpdated";
import { getCollector, refreshIntervalMs } from "@/lib/collect";
import { getI18n } from "@/lib/i18n/server";
import { getInventory } from "@/lib/inventory";
import { THEME_COOKIE, themeFrom } from "@/lib/ui/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: "ovnscope",
  description: "Watch, explain and repair the Neutron ML2/OVN control plane",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await getI18n();
  const theme = themeFrom((await cookies()).get(THEME_COOKIE)?.value);
  const inventory = getInventory();
  const { generation, finishedAt } = await getCollector().snapshot();
  return (
    <html lang={locale} data-theme={theme}>
      <body className="min-h-screen font-sans text-sm antialiased">
        <I18nProvider locale={locale}>
          <AppHeader
            t={t}
            locale={locale}
            theme={theme}
            cloudName={inventory.cloud.name}
            status={
              <LastUpdated initial={{ generation, finishedAt }} refreshMs={refreshIntervalMs()} />
            }
          />
          <main id="main" className="mx-auto max-w-7xl p-4">
            {children}
          </main>
        </I18nProvider>
      </body>
    </html>
  );
}
