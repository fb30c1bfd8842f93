"use client";

import { HealthBadge } from "@/components/ui/HealthBadge";
import { useT } from "@/components/i18n/I18nProvider";
import type { Health } from "@/lib/model/health";
import type { PlanDecision, RunStatus, StepStatus } from "@/lib/recovery/types";

const STEP: Record<StepStatus, Health> = {
  pending: "unknown",
  running: "degraded",
  verifying: "degraded",
  succeeded: "ok",
  skipped: "ok",
  failed: "down",
  "not-run": "unknown",
};
const RUN: Record<RunStatus, Health> = {
  running: "degraded",
  succeeded: "ok",
  failed: "down",
  interrupted: "down",
};
const DECISION: Record<PlanDecision, Health> = { run: "degraded", skip: "ok", blocked: "unknown" };

export function StepStatusBadge({ status }: { status: StepStatus }) {
  const t = useT();
  return <HealthBadge health={STEP[status]} label={t(`recovery.stepStatus.${status}`)} />;
}

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const t = useT();
  return <HealthBadge health={RUN[status]} label={t(`recovery.status.${status}`)} />;
}

/** A final block (a masked unit) is shown as down: no step of the plan can lift it. */
export function DecisionBadge({ decision, final }: { decision: PlanDecision; final?: boolean }) {
  const t = useT();
  return final ? (
    <HealthBadge health="down" label={t("recovery.decision.final")} />
  ) : (
    <HealthBadge health={DECISION[decision]} label={t(`recovery.decision.${decision}`)} />
  );
}
