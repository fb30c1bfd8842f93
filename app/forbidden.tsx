import Link from "next/link";
import { getI18n } from "@/lib/i18n/server";

/** What a signed-in user sees on a page their role does not open (HTTP 403). */
export default async function Forbidden() {
  const { t } = await getI18n();
  return (
    <div className="mx-auto mt-16 max-w-md space-y-3 rounded border border-down/50 bg-panel p-5">
      <h1 className="text-lg font-semibold text-down" data-testid="forbidden">
        <span aria-hidden="true">⊘ </span>
        {t("forbidden.title")}
      </h1>
      <p>{t("forbidden.text")}</p>
      <Link href="/" className="text-accent hover:underline">
        {t("forbidden.back")}
      </Link>
    </div>
  );
}
