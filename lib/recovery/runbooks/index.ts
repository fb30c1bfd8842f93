import type { Runbook, RunbookId } from "../types";
import { recoverOvnCentral } from "./recover-ovn-central";
import { rejoinMember } from "./rejoin-member";
import { removeStaleMember } from "./remove-stale-member";
import {
  rebindGateways,
  reconnectChassis,
  restartNorthdSafely,
  rollingNeutronRestart,
} from "./restarts";

/** Every runbook, in the order the UI lists them. */
export const RUNBOOKS: readonly Runbook[] = [
  recoverOvnCentral,
  restartNorthdSafely,
  rollingNeutronRestart,
  reconnectChassis,
  rebindGateways,
  removeStaleMember,
  rejoinMember,
];

export function runbook(id: string): Runbook | undefined {
  return RUNBOOKS.find((r) => r.id === id);
}

export type { RunbookId };
