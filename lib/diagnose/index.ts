import type { Snapshot } from "@/lib/model/snapshot";
import { correlate } from "./correlate";
import { bridgeMappings } from "./rules/bridge-mappings";
import { controllerConnection } from "./rules/controller";
import { dbEndpoint } from "./rules/db-endpoint";
import { gateway } from "./rules/gateway";
import { neutronCrashloop } from "./rules/neutron-crashloop";
import { neutronUnknownOption } from "./rules/neutron-unknown-option";
import { nodeAccess } from "./rules/node-access";
import { ovnCluster } from "./rules/ovn-cluster";
import { northdActive } from "./rules/northd-active";
import { northdStopsDbs } from "./rules/northd-stops-dbs";
import { serviceHealth } from "./rules/service-health";
import { staleChassis } from "./rules/stale-chassis";
import { startOrder } from "./rules/start-order";
import { strayOvsdb } from "./rules/stray-ovsdb";
import type { Finding, Rule } from "./types";

export { flatten } from "./flatten";
export type { Evidence, Finding, Message, RunbookId, Severity } from "./types";

/**
 * Every rule, one file each under rules/. To add one:
 * - rules/<rule>.ts exports a Rule: `id`, `run(snapshot)` (pure; facts from lib/facts, names
 *   from the node's profile, findings made with `finding()`, `affects` with `ref.*` from
 *   lib/model/element.ts) and `explains`, the findings of other rules it can be the cause of;
 * - its id in FINDING_RULES (types.ts), and here;
 * - its texts f.<rule>[.<variant>].title / explain / cause / action in lib/i18n's findings-en
 *   and findings-ko (test/unit/diagnose/finding-texts.test.ts checks both);
 * - a case in test/unit/diagnose/correlate.test.ts for each relation it declares (the test
 *   fails on a declared relation that no case needs).
 */
export const RULES: Rule[] = [
  nodeAccess,
  // Before service: a cluster without quorum is the root of its members' units being down.
  ovnCluster,
  serviceHealth,
  northdActive,
  dbEndpoint,
  northdStopsDbs,
  neutronCrashloop,
  controllerConnection,
  staleChassis,
  strayOvsdb,
  gateway,
  bridgeMappings,
  neutronUnknownOption,
  startOrder,
];

/** Snapshot → findings, root causes first with their symptoms attached. Pure. */
export function diagnose(snapshot: Snapshot): Finding[] {
  return correlate(
    RULES.flatMap((rule) => rule.run(snapshot)),
    RULES,
  );
}

const diagnosed = new WeakMap<Snapshot, Finding[]>();

/**
 * diagnose(), once per snapshot object: the views, routes and /metrics of one generation share
 * one diagnosis (it is most of a view's cost). For snapshots as the collector hands them out,
 * which nothing changes afterwards; code that edits a snapshot (a test building a variant of a
 * fixture) calls diagnose(). The findings are shared: read them, never change them.
 */
export function diagnosisOf(snapshot: Snapshot): Finding[] {
  let findings = diagnosed.get(snapshot);
  if (!findings) diagnosed.set(snapshot, (findings = diagnose(snapshot)));
  return findings;
}
