import Link from "next/link";
import { RunsTable } from "@/components/recovery/RunsTable";
import { Panel } from "@/components/ui/Panel";
import { requireRole } from "@/lib/auth/server";
import { getI18n } from "@/lib/i18n/server";
import { getInventory } from "@/lib/inventory";
import { expectedServices } from "@/lib/profiles";
import { getExecutor } from "@/lib/recovery";
import { RUNBOOKS } from "@/lib/recovery/runbooks";

export const dynamic = "force-dynamic";

export default async function RecoveryPage() {
  await requireRole("viewer");
  const { t } = await getI18n();
  const runs = await (await getExecutor()).list(50);
  const inventory = getInventory();
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">{t("recovery.title")}</h1>
      <Panel title={t("recovery.runbooks")} testId="runbooks">
        <ul>
          {RUNBOOKS.map((r) => (
            <li
              key={r.id}
              className="flex flex-wrap items-center gap-3 border-b border-line px-3 py-2 last:border-0"
            >
              <span className="font-medium">{t(`runbook.${r.id}`)}</span>
              {r.takesNode ? (
                inventory.nodes
                  .filter((n) =>
                    expectedServices(n.profile, n.roles).some((s) => s.service === r.takesNode),
                  )
                  .map((n) => (
                    <Link
                      key={n.name}
                      href={`/recovery/${r.id}?node=${encodeURIComponent(n.name)}`}
                      className="font-mono text-accent hover:underline"
                    >
                      {n.name}
                    </Link>
                  ))
              ) : (
                <Link
                  href={`/recovery/${r.id}`}
                  className="text-accent hover:underline"
                  data-runbook={r.id}
                >
                  {t("recovery.openPlan")}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </Panel>
      <Panel title={t("recovery.runs")}>
        <RunsTable runs={runs} />
      </Panel>
    </div>
  );
}
