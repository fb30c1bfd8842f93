"use client";

import Link from "next/link";
import { HealthBadge } from "@/components/ui/HealthBadge";
import { SeverityBadge } from "@/components/findings/SeverityBadge";
import { useMessage } from "@/components/findings/useMessage";
import { useT } from "@/components/i18n/I18nProvider";
import { Freshness } from "@/components/live/Freshness";
import { useLive } from "@/components/live/useLive";
import { GatewayHistory } from "@/components/history/GatewayHistory";
import { FindingLink } from "@/components/ui/FindingLink";
import { Panel } from "@/components/ui/Panel";
import { chainLinkAnchor } from "./anchors";
import type { GatewayHistoryModel, HistoryBlock } from "@/lib/history/pages";
import type { RouterModel } from "@/lib/views/routers";
import { GatewayCandidates } from "./GatewayCandidates";
import { LINK_HEALTH } from "./linkHealth";

/**
 * The router gateway port, link by link, from Neutron's word down to the physical network.
 * Each link shows the fact it rests on and where it was read; the first broken one is
 * marked and explained by its finding.
 */
export function RouterDrillDown({
  id,
  initial,
  gatewayHistory,
  refreshMs,
}: {
  id: string;
  initial: RouterModel;
  /** Read on the server when the page loads (lib/history/pages). */
  gatewayHistory: HistoryBlock<GatewayHistoryModel>;
  refreshMs: number;
}) {
  const t = useT();
  const msg = useMessage();
  const { data, error } = useLive<RouterModel>(`/api/routers/${id}`, initial, refreshMs);
  const chain = data.chain;
  if (!chain) return <p className="text-muted">{t("router.notFound")}</p>;
  const explaining = data.findings.find((f) => f.rule === "gateway" && f.id === `gateway:${id}`);
  return (
    <div
      className="space-y-4"
      data-testid="router-page"
      data-first-broken={chain.firstBroken ?? ""}
    >
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">{t("router.title", { name: chain.routerName })}</h1>
        <span className="font-mono text-xs text-muted">{chain.routerId}</span>
        {chain.portId && (
          <Link
            href={`/ports/${chain.portId}`}
            className="text-xs text-muted hover:underline"
            data-testid="gateway-port-link"
          >
            {t("router.gatewayPort")} <span className="font-mono">{chain.portId}</span>
          </Link>
        )}
        {chain.disagreement && (
          <HealthBadge health="degraded" label={t(`router.disagreement.${chain.disagreement}`)} />
        )}
      </div>
      <Freshness finishedAt={data.finishedAt} error={error} refreshMs={refreshMs} />
      <Panel title={t("router.chainHeading")} headingId="chain-heading">
        <ol className="p-3" data-testid="chain">
          {chain.links.map((link, i) => {
            const first = link.id === chain.firstBroken;
            return (
              <li
                key={link.id}
                id={chainLinkAnchor(link.id)}
                className="relative scroll-mt-4 pb-3 pl-6 last:pb-0"
                data-link={link.id}
                data-status={link.status}
                data-first-broken={first || undefined}
              >
                {i < chain.links.length - 1 && (
                  <span
                    aria-hidden="true"
                    className="absolute top-5 bottom-0 left-2 w-px bg-line"
                  />
                )}
                <span
                  aria-hidden="true"
                  className={`absolute top-1.5 left-0.5 h-3 w-3 rounded-full border ${link.status === "ok" ? "border-ok bg-ok/40" : link.status === "broken" ? "border-down bg-down/60" : "border-degraded bg-transparent"}`}
                />
                <div
                  className={`rounded border px-3 py-1.5 ${first ? "border-down bg-down/10" : "border-line"}`}
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <a
                      href={`#${chainLinkAnchor(link.id)}`}
                      className="font-medium hover:underline"
                      title={t("router.linkAnchor")}
                    >
                      {t(`link.${link.id}`)}
                    </a>
                    <HealthBadge
                      health={LINK_HEALTH[link.status]}
                      label={t(`linkStatus.${link.status}`)}
                    />
                    {first && (
                      <span
                        className="text-xs font-semibold text-down uppercase"
                        data-testid="first-broken"
                      >
                        {t("routers.firstBroken")}
                      </span>
                    )}
                    <span className="ml-auto font-mono text-xs text-muted">{link.source}</span>
                  </div>
                  <p className="font-mono text-xs break-all">{link.fact}</p>
                  {link.id === "gateway-chassis" && (
                    <GatewayCandidates
                      candidates={chain.candidates}
                      physnet={chain.physnet}
                      scheduling={chain.scheduling}
                    />
                  )}
                  {first && explaining && (
                    <div
                      className="mt-1 space-y-1 border-t border-down/30 pt-1"
                      data-testid="first-broken-explanation"
                    >
                      <FindingLink id={explaining.id} className="font-medium hover:underline">
                        {msg(explaining.title)}
                      </FindingLink>
                      <p>{msg(explaining.explanation)}</p>
                      {explaining.action && <p className="text-muted">{msg(explaining.action)}</p>}
                    </div>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      </Panel>
      <GatewayHistory block={gatewayHistory} routerId={id} />
      {data.findings.length > 0 && (
        <ul className="space-y-1">
          {data.findings.map((f) => (
            <li key={f.id} className="flex items-center gap-2">
              <SeverityBadge severity={f.severity} />
              <FindingLink id={f.id} className="hover:underline">
                {msg(f.title)}
              </FindingLink>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
