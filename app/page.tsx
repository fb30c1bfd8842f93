import { HealthBadge } from "@/components/HealthBadge";
import { getI18n } from "@/lib/i18n/server";
import { getInventory } from "@/lib/inventory";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const { t } = await getI18n();
  const inventory = getInventory();
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">{t("overview.title")}</h1>
      <section aria-labelledby="inventory-heading" className="rounded border border-line bg-panel">
        <div className="border-b border-line px-3 py-2">
          <h2 id="inventory-heading" className="font-medium">
            {t("overview.inventoryHeading")}
          </h2>
          <p className="text-xs text-muted">
            {t("overview.inventoryNote", { source: inventory.source })}
          </p>
        </div>
        <table className="w-full text-left" data-testid="inventory-table">
          <thead className="text-xs text-muted">
            <tr>
              <th className="px-3 py-1.5 font-normal">{t("table.node")}</th>
              <th className="px-3 py-1.5 font-normal">{t("table.state")}</th>
              <th className="px-3 py-1.5 font-normal">{t("table.roles")}</th>
              <th className="px-3 py-1.5 font-normal">{t("table.address")}</th>
              <th className="px-3 py-1.5 font-normal">{t("table.sshUser")}</th>
              <th className="px-3 py-1.5 font-normal">{t("table.profile")}</th>
            </tr>
          </thead>
          <tbody>
            {inventory.nodes.map((node) => (
              <tr key={node.name} className="border-t border-line" data-node={node.name}>
                <td className="px-3 py-1.5 font-mono">{node.name}</td>
                <td className="px-3 py-1.5">
                  <HealthBadge health="unknown" label={t("health.unknown")} />
                </td>
                <td className="px-3 py-1.5">{node.roles.map((r) => t(`role.${r}`)).join(", ")}</td>
                <td className="px-3 py-1.5 font-mono">
                  {node.address}:{node.port}
                </td>
                <td className="px-3 py-1.5 font-mono">{node.user}</td>
                <td className="px-3 py-1.5">{node.profile}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
