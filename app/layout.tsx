import type { Metadata } from "next";
import { cookies } from "next/headers";
import { AppHeader } from "@/components/shell/AppHeader";
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
  return (
    <html lang={locale} data-theme={theme}>
      <body className="min-h-screen font-sans text-sm antialiased">
        <AppHeader
          t={t}
          locale={locale}
          theme={theme}
          cloudName={inventory.cloud.name}
          status={
            <>
              {t("header.lastUpdated")}:{" "}
              <span className="text-ink">{t("header.notCollected")}</span>
            </>
          }
        />
        <main id="main" className="mx-auto max-w-7xl p-4">
          {children}
        </main>
      </body>
    </html>
  );
}
