"use client";

import Link from "next/link";
import { useMessage } from "@/components/findings/useMessage";
import { useT } from "@/components/i18n/I18nProvider";
import { findingHref } from "@/components/ui/FindingLink";
import type { Severity } from "@/lib/diagnose/types";
import type { HistoryEvent } from "@/lib/history/types";
import type { Reachability } from "@/lib/model/snapshot";

const link = "text-accent hover:underline";
const REACH: readonly string[] = [
  "reachable",
  "partial",
  "unreachable",
  "refused",
  "denied",
] satisfies Reachability[];

/** What changed, linked to its page: a finding, a node (its service), a router. */
export function EventSubject({ event: e }: { event: HistoryEvent }) {
  const t = useT();
  const message = useMessage();
  switch (e.kind) {
    case "finding.opened":
    case "finding.severity":
    case "finding.closed":
      return (
        <span className="space-x-2">
          <Link href={findingHref(e.subject)} className={link} data-testid="event-finding">
            {e.detail?.title ? message(e.detail.title) : e.subject}
          </Link>
          {e.detail?.root && (
            <span className="rounded border border-line px-1 text-xs text-muted">
              {t("timeline.root")}
            </span>
          )}
          {e.detail?.alreadyOpen && (
            <span className="text-xs text-muted italic" data-testid="event-already-open">
              {t("timeline.alreadyOpen")}
            </span>
          )}
          <span className="font-mono text-xs text-muted">{e.subject}</span>
        </span>
      );
    case "unit.changed":
      return (
        <Link href={`/nodes/${encodeURIComponent(e.node ?? "")}`} className={link}>
          {t("timeline.serviceOn", { service: e.service ?? "", node: e.node ?? "" })}
        </Link>
      );
    case "node.reach":
      return (
        <Link href={`/nodes/${encodeURIComponent(e.subject)}`} className={`font-mono ${link}`}>
          {e.subject}
        </Link>
      );
    case "gateway.moved":
      return (
        <Link href={`/routers/${encodeURIComponent(e.subject)}`} className={link}>
          {e.detail?.routerName ?? e.subject}
        </Link>
      );
  }
}

/** From → to in the kind's own words: severities and reachability translated, systemd's and chassis names as they are. */
export function EventChange({ event: e }: { event: HistoryEvent }) {
  const t = useT();
  const severity = (s: string | null) => (s ? t(`severity.${s as Severity}`) : "—");
  const reach = (r: string | null) =>
    r && REACH.includes(r) ? t(`reach.${r as Reachability}`) : (r ?? "—");
  // Raw values (systemd's words, chassis names) in monospace; the app's own words not.
  const raw = (v: string) => ({ text: v, mono: true });
  const word = (v: string) => ({ text: v, mono: false });
  const [from, to] = ((): [Side, Side] => {
    switch (e.kind) {
      case "finding.opened":
        return [word("—"), word(severity(e.to))];
      case "finding.severity":
        return [word(severity(e.from)), word(severity(e.to))];
      case "finding.closed":
        return [word(severity(e.from)), word(t("timeline.closed"))];
      case "unit.changed":
        return [e.from ? raw(e.from) : word("—"), e.to ? raw(e.to) : word(t("timeline.noLonger"))];
      case "node.reach":
        return [word(reach(e.from)), word(reach(e.to))];
      case "gateway.moved":
        return [
          e.from ? raw(e.from) : word(t("timeline.noChassis")),
          e.to ? raw(e.to) : word(t("timeline.noChassis")),
        ];
    }
  })();
  const side = (s: Side, className: string) => (
    <span className={`whitespace-nowrap ${s.mono ? "font-mono text-xs " : ""}${className}`}>
      {s.text}
    </span>
  );
  return (
    <span data-testid="event-change">
      {side(from, "text-muted")}
      <span className="px-1 text-muted">→</span>
      {side(to, "")}
    </span>
  );
}

interface Side {
  text: string;
  mono: boolean;
}
