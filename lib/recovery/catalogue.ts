/**
 * What each runbook is for, as data the browser may read (pure, types only): which services it
 * mends, whether it acts on one node the operator chooses, and whether it is about one service
 * (offered wherever that service runs: a node page) or the cloud as a whole (offered from
 * findings and the recovery page). The runbooks themselves (lib/recovery/runbooks) are
 * server-side; test/unit/recovery/catalogue.test.ts ties this table to them: one entry per
 * runbook, `takesNode` as the runbook says, and every service an entry mends is one its steps
 * start or restart.
 */
import type { RunbookId } from "@/lib/diagnose/types";
import type { Service } from "@/lib/profiles/types";

export interface RunbookEntry {
  id: RunbookId;
  /** The services whose start or restart this runbook is (its steps act on each of them). */
  mends: readonly Service[];
  /** Acts on the one node the operator chooses (`?node=` on its plan page). */
  takesNode: boolean;
  /**
   * `service`: a careful restart of the services it mends, offered on the page of every node
   * that runs one of them. `cloud`: restores the cloud (or its gateways) as a whole.
   */
  scope: "service" | "cloud";
}

/** Every runbook, in the order the UI lists them. */
export const RUNBOOK_CATALOGUE: readonly RunbookEntry[] = [
  {
    id: "recover-ovn-central",
    mends: ["nb-db", "sb-db", "northd", "neutron-server", "neutron-rpc", "ovn-controller"],
    takesNode: false,
    scope: "cloud",
  },
  { id: "restart-northd-safely", mends: ["northd"], takesNode: false, scope: "service" },
  { id: "rolling-neutron-restart", mends: ["neutron-server"], takesNode: false, scope: "service" },
  { id: "reconnect-chassis", mends: ["ovn-controller"], takesNode: true, scope: "service" },
  // It restarts ovn-controller only as the means to move a router gateway; it mends the binding.
  { id: "rebind-gateways", mends: [], takesNode: false, scope: "cloud" },
  // It changes a cluster's configuration (cluster/kick), no service's state.
  { id: "remove-stale-member", mends: [], takesNode: false, scope: "cloud" },
  // It makes one member join its cluster again (its file moved aside, its unit started).
  { id: "rejoin-member", mends: [], takesNode: true, scope: "cloud" },
];

export function runbookEntry(id: RunbookId): RunbookEntry | undefined {
  return RUNBOOK_CATALOGUE.find((r) => r.id === id);
}

/** The service runbooks that mend one of these services (a node page's recovery links). */
export function runbooksMending(services: readonly string[]): RunbookEntry[] {
  return RUNBOOK_CATALOGUE.filter(
    (r) => r.scope === "service" && r.mends.some((s) => services.includes(s)),
  );
}

/** A runbook's plan page; on `node` when the runbook takes one. */
export function runbookHref(id: RunbookId, node?: string | null): string {
  const query = runbookEntry(id)?.takesNode && node ? `?node=${encodeURIComponent(node)}` : "";
  return `/recovery/${id}${query}`;
}
