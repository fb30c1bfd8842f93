"use client";

import Link from "next/link";
import { HealthBadge } from "@/components/ui/HealthBadge";
import { useT } from "@/components/i18n/I18nProvider";
import type { GatewayCandidate, GatewayChain } from "@/lib/facts/gateway-chain";
import { LINK_HEALTH } from "./linkHealth";

/**
 * Every gateway chassis candidate with what decides whether it could host the port: its SB
 * row, its ovn-controller, and its bridge for the external network's physical network.
 */
export function GatewayCandidates({
  candidates,
  physnet,
  scheduling,
}: {
  candidates: GatewayCandidate[];
  physnet: string | null;
  scheduling: GatewayChain["scheduling"];
}) {
  const t = useT();
  if (candidates.length === 0) return null;
  return (
    <table className="mt-1 w-full text-xs" data-testid="gateway-candidates">
      <caption className="text-left text-muted">
        {t("router.candidates.heading")}
        {scheduling && (
          <span className="ml-2 font-mono" data-testid="gateway-scheduling">
            {scheduling.group
              ? t("router.candidates.byGroup", { group: scheduling.group })
              : t("router.candidates.byGatewayChassis")}
          </span>
        )}
      </caption>
      <thead className="text-left text-muted">
        <tr>
          <th className="pr-3 font-normal">{t("router.candidates.chassis")}</th>
          <th className="pr-3 font-normal">{t("router.candidates.priority")}</th>
          <th className="pr-3 font-normal">{t("router.candidates.node")}</th>
          <th className="pr-3 font-normal">{t("router.candidates.controller")}</th>
          <th className="pr-3 font-normal">
            {t("router.candidates.bridge", { physnet: physnet ?? "?" })}
          </th>
          <th className="font-normal" />
        </tr>
      </thead>
      <tbody className="font-mono">
        {candidates.map((c) => (
          <tr key={c.chassis} data-candidate={c.chassis} data-status={c.status}>
            <td className="pr-3">
              {c.chassis}
              {c.inSb === false && (
                <span className="ml-1 text-down">({t("router.candidates.notInSb")})</span>
              )}
            </td>
            <td className="pr-3">{c.priority}</td>
            <td className="pr-3">
              {c.node ? (
                <Link href={`/nodes/${c.node}`} className="hover:underline">
                  {c.node}
                </Link>
              ) : (
                <span className="text-degraded">{t("router.candidates.notInInventory")}</span>
              )}
            </td>
            <td
              className={`pr-3 ${c.controller && c.controller !== "connected" ? "text-down" : ""}`}
            >
              {c.controller ?? "—"}
            </td>
            <td
              className={`pr-3 ${c.bridge === null || c.bridgeExists === false ? "text-down" : ""}`}
            >
              {c.bridge === null
                ? c.node
                  ? t("router.candidates.unmapped")
                  : "—"
                : c.bridgeExists === false
                  ? t("router.candidates.noBridge", { bridge: c.bridge })
                  : c.bridge}
            </td>
            <td className="space-x-1 font-sans whitespace-nowrap">
              <HealthBadge health={LINK_HEALTH[c.status]} label={t(`linkStatus.${c.status}`)} />
              {c.bound && <span className="text-muted">{t("router.candidates.bound")}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
