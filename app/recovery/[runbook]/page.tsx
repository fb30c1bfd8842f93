import { notFound } from "next/navigation";
import { PlanView } from "@/components/recovery/PlanView";
import { hasRole } from "@/lib/auth/roles";
import { requireRole } from "@/lib/auth/server";
import { currentSnapshot, refreshIntervalMs } from "@/lib/collect";
import { getI18n } from "@/lib/i18n/server";
import { getInventory } from "@/lib/inventory";
import { PlanError, planRunbook, validateTarget } from "@/lib/recovery/planner";
import { runbook as findRunbook } from "@/lib/recovery/runbooks";

export const dynamic = "force-dynamic";

export default async function PlanPage({
  params,
  searchParams,
}: {
  params: Promise<{ runbook: string }>;
  searchParams: Promise<{ node?: string }>;
}) {
  const me = await requireRole("viewer");
  const { t } = await getI18n();
  const book = findRunbook((await params).runbook);
  if (!book) notFound();
  const inventory = getInventory();
  const node = (await searchParams).node;
  let target: string | null;
  try {
    target = validateTarget(book, inventory, node);
  } catch (err) {
    if (!(err instanceof PlanError)) throw err;
    return (
      <div className="space-y-3">
        <h1 className="text-lg font-semibold">{t(`runbook.${book.id}`)}</h1>
        <p role="alert" className="text-down" data-testid="plan-error">
          {err.message}
        </p>
      </div>
    );
  }
  const plan = planRunbook(book, await currentSnapshot(), inventory, target);
  const query = new URLSearchParams({ runbook: book.id, ...(target ? { node: target } : {}) });
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">
        {t(`runbook.${book.id}`)}
        {target && <span className="ml-2 font-mono">{target}</span>}
      </h1>
      <PlanView
        initial={plan}
        query={query.toString()}
        canRun={hasRole(me.role, "operator")}
        csrf={me.csrfToken}
        refreshMs={refreshIntervalMs()}
      />
    </div>
  );
}
