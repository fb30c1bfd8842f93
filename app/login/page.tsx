import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/LoginForm";
import { safeNext } from "@/lib/auth/request";
import { getSession } from "@/lib/auth/server";
import { getI18n } from "@/lib/i18n/server";
import { getInventory } from "@/lib/inventory";

export const dynamic = "force-dynamic";

/** The one page without a session. Signed in already → straight on to `next`. */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).next;
  const next = safeNext(typeof raw === "string" ? raw : null);
  if (await getSession()) redirect(next);
  const { t } = await getI18n();
  return (
    <div className="mx-auto mt-16 max-w-sm rounded border border-line bg-panel p-5">
      <h1 className="mb-1 text-lg font-semibold">{t("login.title")}</h1>
      <p className="mb-4 text-muted">{t("login.intro", { cloud: getInventory().cloud.name })}</p>
      <LoginForm next={next} />
    </div>
  );
}
