import { clustersFormed } from "../checks";
import type { StepSpec } from "../types";

/**
 * Steps more than one runbook takes, each with its own targets. Their texts are catalogue
 * entries keyed by the step id (recovery.step.<id>, recovery.verifies.<id>).
 */

/** A copy of NB and SB on each target node, taken only when a later step will act. */
export function backupDbs(targets: StepSpec["targets"]): StepSpec {
  return {
    id: "backup-dbs",
    targets,
    action: () => ({ verb: "backup-ovn-dbs" }),
    backup: true,
    verify: () => ({ ok: false, fact: "a backup is taken before any change" }),
    timeoutMs: 60_000,
    intervalMs: 1000,
  };
}

/** Every RAFT cluster has a majority, one leader and every member answering "cluster member". */
export function verifyClusters(targets: StepSpec["targets"]): StepSpec {
  return {
    id: "verify-clusters",
    targets,
    verify: (s) => clustersFormed(s),
    timeoutMs: 30_000,
    intervalMs: 200,
  };
}
