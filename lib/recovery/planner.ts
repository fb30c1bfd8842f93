import type { Inventory } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";
import { findUnit } from "@/lib/facts/services";
import { expectedServices } from "@/lib/profiles";
import { actionCommand } from "@/lib/ssh/command";
import type { Check, Plan, PlanStep, Runbook, StepSpec, StepTarget } from "./types";
import { unitFor } from "./checks";

export class PlanError extends Error {}

/**
 * The node a single-node runbook acts on, checked against the inventory and the runbook: a
 * name from a request is used only after it matched an inventory node that runs the service.
 */
export function validateTarget(
  runbook: Runbook,
  inventory: Inventory,
  target: string | null | undefined,
): string | null {
  if (!runbook.takesNode) {
    if (target) throw new PlanError(`${runbook.id} acts on every node it needs; it takes no node`);
    return null;
  }
  if (!target) throw new PlanError(`${runbook.id} needs a node`);
  const node = inventory.nodes.find((n) => n.name === target);
  if (!node) throw new PlanError(`no node ${JSON.stringify(target)} in the inventory`);
  if (!expectedServices(node.profile, node.roles).some((s) => s.service === runbook.takesNode))
    throw new PlanError(`${target} does not run ${runbook.takesNode}`);
  return target;
}

/** The target a plan step was made for (its node, and its cluster server if it has one). */
export function targetOf(step: Pick<PlanStep, "node" | "member">): StepTarget {
  return step.member ? { node: step.node, member: step.member } : { node: step.node };
}

export function stepTargets(
  spec: StepSpec,
  snapshot: Snapshot,
  inventory: Inventory,
  target: string | null,
): StepTarget[] {
  if (!target) return spec.targets(snapshot, inventory);
  return spec.forChosen ? spec.forChosen(snapshot, target) : [{ node: target }];
}

/** The unit a step's action starts or restarts (none for a backup, a stray stop, a check). */
export function actedUnit(spec: StepSpec, target: StepTarget, snapshot: Snapshot): string | null {
  if (!spec.action) return null;
  const action = spec.action(target, snapshot);
  if (action.verb === "restart-northd-safely") return unitFor(snapshot, target.node, "northd");
  // Rejoining starts the member's database unit again (a masked one blocks the plan).
  if (action.verb === "rejoin-cluster")
    return unitFor(snapshot, target.node, action.db === "nb" ? "nb-db" : "sb-db");
  return action.verb === "start" || action.verb === "restart" ? action.unit : null;
}

/**
 * The unit the step would start is masked on its node: systemd refuses to start it, and
 * unmasking is an administrator's decision, never a runbook's. Null when it is not (or the
 * node cannot say).
 */
export function maskedTarget(spec: StepSpec, target: StepTarget, snapshot: Snapshot): Check | null {
  const name = actedUnit(spec, target, snapshot);
  const data = name && snapshot.nodes.find((n) => n.name === target.node)?.data;
  const unit = data ? findUnit(data, [name!]) : undefined;
  if (!unit || (unit.loadState !== "masked" && !unit.unitFileState.startsWith("masked")))
    return null;
  return {
    ok: false,
    fact: `${unit.id} on ${target.node} is masked by an administrator (LoadState=${unit.loadState}, UnitFileState=${unit.unitFileState}); unmasking is a decision this runbook does not take`,
  };
}

/** One step on one node, decided against `snapshot` (skip when its postcondition holds). */
export function decideStep(
  spec: StepSpec,
  node: StepTarget,
  snapshot: Snapshot,
): Omit<PlanStep, "key" | "stepId" | "node" | "command"> {
  const since = Date.parse(snapshot.startedAt);
  if (spec.backup) return { decision: "run", reason: "a copy of NB and SB before any change" };
  const post = spec.verify(snapshot, node, since);
  if (post.ok) return { decision: "skip", reason: `already holds: ${post.fact}` };
  const masked = maskedTarget(spec, node, snapshot);
  if (masked)
    return { decision: "blocked", reason: `${masked.fact} (now: ${post.fact})`, final: true };
  const pre = spec.precondition?.(snapshot, node);
  // A precondition that does not hold yet may be made to hold by an earlier step of the plan
  // (start NB before restarting its clients), so it blocks only when the step comes up.
  if (pre && !pre.ok)
    return { decision: "blocked", reason: `${post.fact} (waits for: ${pre.fact})` };
  return { decision: "run", reason: post.fact };
}

/**
 * Pure: snapshot + runbook → the plan (every step on every node, the exact command, and
 * whether it will run, be skipped, or waits for an earlier step). A backup step runs only
 * when a later step will act, so a healthy cloud gets a plan of skips only.
 */
export function planRunbook(
  runbook: Runbook,
  snapshot: Snapshot,
  inventory: Inventory,
  target: string | null,
): Plan {
  const steps: PlanStep[] = [];
  for (const spec of runbook.steps) {
    for (const t of stepTargets(spec, snapshot, inventory, target)) {
      steps.push({
        key: `${spec.id}@${t.node}${t.member ? `/${t.member.db}:${t.member.sid}` : ""}`,
        stepId: spec.id,
        node: t.node,
        ...(t.member ? { member: t.member } : {}),
        command: spec.action ? actionCommand(spec.action(t, snapshot)) : null,
        ...decideStep(spec, t, snapshot),
      });
    }
  }
  const finals = steps.filter((s) => s.final);
  const acting = steps.some((s) => s.decision !== "skip" && changes(runbook, s));
  for (const s of steps) {
    if (finals.length && s.decision === "run") {
      // Nothing runs when the plan is refused: no step is shown as if it would.
      s.decision = "blocked";
      s.reason = `not run: the run is refused (${finals.map((f) => f.key).join(", ")}); ${s.reason}`;
    } else if (isBackup(runbook, s) && !acting) {
      s.decision = "skip";
      s.reason = "nothing to change, so nothing to back up";
    }
  }
  return {
    runbook: runbook.id,
    cloud: snapshot.cloud,
    confirm: confirmOf(runbook, snapshot.cloud, target),
    generation: snapshot.generation,
    at: snapshot.finishedAt,
    target,
    steps,
    noop: steps.every((s) => s.decision === "skip"),
    refusal: finals.length ? refusalOf(finals) : null,
  };
}

/** What the operator must type to run `runbook` (on `target`). */
export function confirmOf(runbook: Runbook, cloud: string, target: string | null): Plan["confirm"] {
  return runbook.confirmWith === "target" && target
    ? { kind: "target", text: target }
    : { kind: "cloud", text: cloud };
}

/** In words: why a plan with final blocks is not run at all. */
export function refusalOf(finals: PlanStep[]): string {
  return `Nothing will run, not even the backup: ${finals.map((s) => `${s.key}: ${s.reason}`).join("; ")}`;
}

/** The step acts on a node in a way that changes it (not a backup, not a verification only). */
export function changes(runbook: Runbook, step: Pick<PlanStep, "stepId">): boolean {
  const spec = runbook.steps.find((s) => s.id === step.stepId);
  return !!spec && !spec.backup && !!spec.action;
}

export function isBackup(runbook: Runbook, step: Pick<PlanStep, "stepId">): boolean {
  return runbook.steps.some((s) => s.id === step.stepId && s.backup);
}
