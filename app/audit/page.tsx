import { AuditTable } from "@/components/audit/AuditTable";
import { auditFilterParams, parseAuditFilter } from "@/lib/audit/filter";
import { requireRole } from "@/lib/auth/server";
import { getI18n } from "@/lib/i18n/server";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

const field =
  "rounded border border-line bg-canvas px-2 py-0.5 text-ink focus:border-accent focus:outline-none";

/** The audit log: a plain GET form filters it (the URL is the filter); the export keeps it. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireRole("operator");
  const { t } = await getI18n();
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams))
    if (typeof value === "string") params.set(key, value);
  const filter = parseAuditFilter(params);
  const entries = await (await getStore()).audit.query(filter);
  const exportParams = auditFilterParams(params);
  exportParams.set("format", "json");
  const value = (key: string) => params.get(key) ?? "";
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">{t("audit.title")}</h1>
      <form
        method="get"
        action="/audit"
        data-testid="audit-filter"
        className="flex flex-wrap items-end gap-3 rounded border border-line bg-panel p-3"
      >
        <label className="space-y-1">
          <span className="block text-xs text-muted">{t("audit.actor")}</span>
          <input name="actor" defaultValue={value("actor")} className={field} />
        </label>
        <label className="space-y-1">
          <span className="block text-xs text-muted">{t("audit.event")}</span>
          <input
            name="event"
            defaultValue={value("event")}
            placeholder="login, user, …"
            className={field}
          />
        </label>
        <label className="space-y-1">
          <span className="block text-xs text-muted">{t("audit.from")}</span>
          <input type="datetime-local" name="from" defaultValue={value("from")} className={field} />
        </label>
        <label className="space-y-1">
          <span className="block text-xs text-muted">{t("audit.to")}</span>
          <input type="datetime-local" name="to" defaultValue={value("to")} className={field} />
        </label>
        <button
          type="submit"
          className="rounded border border-accent/60 bg-accent/15 px-2 py-0.5 text-accent hover:bg-accent/25"
        >
          {t("audit.apply")}
        </button>
        <a href="/audit" className="text-accent hover:underline">
          {t("audit.clear")}
        </a>
        <a
          href={`/api/audit?${exportParams}`}
          data-testid="audit-export"
          className="ml-auto text-accent hover:underline"
          download
        >
          {t("audit.export")}
        </a>
      </form>
      <p className="text-xs text-muted">{t("audit.shown", { n: entries.length })}</p>
      <AuditTable t={t} entries={entries} />
    </div>
  );
}
