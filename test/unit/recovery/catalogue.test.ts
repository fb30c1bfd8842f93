/**
 * The client-safe runbook catalogue (lib/recovery/catalogue.ts) says what each runbook mends;
 * pages read it instead of knowing runbooks by name. This ties it to the runbooks themselves:
 * one entry per runbook, `takesNode` as the runbook says, and every service an entry mends is
 * one its steps start or restart (the unit `actedUnit` names, mapped to its service through the
 * node's profile), on captured lab states of both Neutron layouts.
 */
import { describe, expect, it } from "vitest";
import { expectedServices, serviceSpecs, type Service } from "@/lib/profiles";
import {
  RUNBOOK_CATALOGUE,
  runbookEntry,
  runbookHref,
  runbooksMending,
} from "@/lib/recovery/catalogue";
import { actedUnit, stepTargets } from "@/lib/recovery/planner";
import { RUNBOOKS } from "@/lib/recovery/runbooks";
import type { Runbook } from "@/lib/recovery/types";
import { LAB_LIKE_INVENTORY, snapshotFromFixtures } from "../../support/fixtures";

const STATES = ["healthy", "healthy-split", "incident"];

/** The services a runbook's steps start or restart, over every node they target. */
function actedServices(runbook: Runbook): Set<Service> {
  const out = new Set<Service>();
  for (const state of STATES) {
    const snapshot = snapshotFromFixtures(state);
    // A runbook that takes a node: every node the operator could choose.
    const chosen = runbook.takesNode
      ? LAB_LIKE_INVENTORY.nodes
          .filter((n) =>
            expectedServices(n.profile, n.roles).some((s) => s.service === runbook.takesNode),
          )
          .map((n) => n.name)
      : [null];
    for (const spec of runbook.steps)
      for (const target of chosen)
        for (const t of stepTargets(spec, snapshot, LAB_LIKE_INVENTORY, target)) {
          const unit = actedUnit(spec, t, snapshot);
          if (!unit) continue;
          const node = snapshot.nodes.find((n) => n.name === t.node)!;
          const service = serviceSpecs(node.profile).find((s) => s.units.includes(unit));
          expect(service, `${runbook.id}/${spec.id}@${t.node}: ${unit}`).toBeDefined();
          out.add(service!.service);
        }
  }
  return out;
}

describe("runbook catalogue", () => {
  it("has one entry per runbook, in the runbooks' order", () => {
    expect(RUNBOOK_CATALOGUE.map((e) => e.id)).toEqual(RUNBOOKS.map((r) => r.id));
  });

  it.each(RUNBOOKS.map((r) => [r.id, r] as const))("%s: takesNode as the runbook says", (id, r) => {
    expect(runbookEntry(id)!.takesNode).toBe(Boolean(r.takesNode));
    // A service runbook that takes a node is offered on the pages of nodes running that service.
    if (r.takesNode && runbookEntry(id)!.scope === "service")
      expect(runbookEntry(id)!.mends).toContain(r.takesNode);
  });

  it.each(RUNBOOKS.map((r) => [r.id, r] as const))(
    "%s: mends only services its steps start or restart",
    (id, r) => {
      const entry = runbookEntry(id)!;
      const acted = actedServices(r);
      for (const s of entry.mends) expect([...acted], `${id} claims to mend ${s}`).toContain(s);
      // A service runbook is a careful restart of exactly what it mends, nothing else.
      if (entry.scope === "service") expect([...acted].sort()).toEqual([...entry.mends].sort());
    },
  );

  it("a node page offers the service runbooks for what the node runs", () => {
    expect(
      runbooksMending(["nb-db", "sb-db", "northd", "neutron-server"]).map((e) => e.id),
    ).toEqual(["restart-northd-safely", "rolling-neutron-restart"]);
    expect(runbooksMending(["ovn-controller", "ovs-vswitchd"]).map((e) => e.id)).toEqual([
      "reconnect-chassis",
    ]);
    expect(runbooksMending(["ovs-vswitchd"])).toEqual([]);
  });

  it("a plan page link carries the node only for a runbook that takes one", () => {
    expect(runbookHref("reconnect-chassis", "cmp 1")).toBe(
      "/recovery/reconnect-chassis?node=cmp%201",
    );
    expect(runbookHref("reconnect-chassis", null)).toBe("/recovery/reconnect-chassis");
    expect(runbookHref("rolling-neutron-restart", "ctl1")).toBe(
      "/recovery/rolling-neutron-restart",
    );
  });
});
