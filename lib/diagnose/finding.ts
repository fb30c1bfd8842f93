import type { MessageKey } from "@/lib/i18n/en";
import { elementId, type ElementRef } from "@/lib/model/element";
import type { Evidence, FindingRule, RuleFinding, RunbookId, Severity } from "./types";

type Params = Record<string, string | number>;

/**
 * Builds a finding whose texts follow the catalogue convention
 * f.<rule>.title / .explain / .cause / .action (cause and action optional).
 */
export function finding(args: {
  rule: FindingRule;
  subject: string;
  severity: Severity;
  params: Params;
  evidence: Evidence[];
  /** The elements it concerns (`ref.node(…)`, `ref.service(…)`, …). */
  affects: ElementRef[];
  runbook?: RunbookId | null;
  variant?: string;
  hasCause?: boolean;
  hasAction?: boolean;
}): RuleFinding {
  const base = `f.${args.rule}${args.variant ? `.${args.variant}` : ""}`;
  const msg = (part: string) => ({ key: `${base}.${part}` as MessageKey, params: args.params });
  return {
    id: `${args.rule}:${args.subject}`,
    rule: args.rule,
    severity: args.severity,
    title: msg("title"),
    explanation: msg("explain"),
    cause: args.hasCause === false ? null : msg("cause"),
    action: args.hasAction === false ? null : msg("action"),
    evidence: args.evidence,
    affects: args.affects.map(elementId),
    runbook: args.runbook ?? null,
    symptoms: [],
    variant: args.variant ?? null,
    concerns: args.affects,
  };
}
