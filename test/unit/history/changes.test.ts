/**
 * History's events between captured lab states: what opens, re-grades and closes, which unit
 * states change, and what is not an event (first sights, nodes not read, SB not read).
 */
import { describe, expect, it } from "vitest";
import { diagnose, flatten } from "@/lib/diagnose";
import { serviceStates } from "@/lib/facts/services";
import { changesSince, findingPlace, observe } from "@/lib/history/changes";
import { EMPTY_HISTORY_STATE, type HistoryState } from "@/lib/history/types";
import type { Snapshot } from "@/lib/model/snapshot";
import { snapshotFromFixtures } from "../../support/fixtures";

const seen = (s: Snapshot) => observe(s, diagnose(s));
const baseline = (state: string): HistoryState =>
  changesSince(EMPTY_HISTORY_STATE, seen(snapshotFromFixtures(state))).state;
const kinds = (events: { kind: string; subject: string }[], kind: string) =>
  events
    .filter((e) => e.kind === kind)
    .map((e) => e.subject)
    .sort();

/** A copy of a capture with one node not answering (its last data kept, as the collector does). */
function withUnreachable(s: Snapshot, node: string): Snapshot {
  return {
    ...s,
    nodes: s.nodes.map((n) =>
      n.name === node ? { ...n, reach: "unreachable", error: "timed out" } : n,
    ),
  };
}

describe("history changes", () => {
  it("the first observation records the cloud as a baseline: open findings are events, services and gateways are not", () => {
    const healthy = snapshotFromFixtures("healthy");
    const first = changesSince(EMPTY_HISTORY_STATE, seen(healthy));
    expect(first.changed).toBe(true);
    expect(kinds(first.events, "finding.opened")).toEqual(
      flatten(diagnose(healthy))
        .map((f) => f.id)
        .sort(),
    );
    expect(first.events.filter((e) => e.kind !== "finding.opened")).toEqual([]);
    // Open before history began: since when is not known.
    expect(first.events.every((e) => e.detail?.alreadyOpen === true)).toBe(true);
    expect(Object.keys(first.state.units).length).toBeGreaterThan(0);
    expect(Object.values(first.state.gateways)).toContain("net1");
  });

  it("the seed incident opens every finding it shows, closes the healthy lab's, and records the units that stopped; healing closes them again", () => {
    const before = baseline("healthy");
    const incident = snapshotFromFixtures("incident");
    const { events, state } = changesSince(before, seen(incident));
    const incidentIds = flatten(diagnose(incident)).map((f) => f.id);
    expect(kinds(events, "finding.opened")).toEqual(
      incidentIds.filter((id) => !before.findings[id]).sort(),
    );
    expect(kinds(events, "finding.closed")).toEqual(
      Object.keys(before.findings)
        .filter((id) => !incidentIds.includes(id))
        .sort(),
    );
    // Each unit whose state differs between the two captures, and only those.
    const ctl1 = (s: Snapshot) =>
      Object.fromEntries(
        serviceStates(s.nodes.find((n) => n.name === "ctl1")!).map((x) => [x.service, x.state]),
      );
    const [was, now] = [ctl1(snapshotFromFixtures("healthy")), ctl1(incident)];
    const differing = Object.keys(now)
      .filter((k) => was[k] !== now[k])
      .map((k) => `ctl1/${k}`);
    expect(differing).toContain("ctl1/nb-db");
    expect(kinds(events, "unit.changed")).toEqual(differing.sort());
    const nb = events.find((e) => e.subject === "ctl1/nb-db")!;
    expect([nb.from, nb.to, nb.node, nb.service]).toEqual([
      was["nb-db"],
      now["nb-db"],
      "ctl1",
      "nb-db",
    ]);

    const healed = changesSince(state, seen(snapshotFromFixtures("healthy")));
    expect(kinds(healed.events, "finding.closed")).toEqual(
      incidentIds.filter((id) => !before.findings[id]).sort(),
    );
    expect(kinds(healed.events, "unit.changed")).toEqual(differing.sort());
    expect(healed.state.units).toEqual(before.units);
  });

  it("a finding's events carry its rule, node, service and translated title; a root is marked", () => {
    const { events } = changesSince(baseline("healthy"), seen(snapshotFromFixtures("incident")));
    const root = diagnose(snapshotFromFixtures("incident"))[0]!;
    const opened = events.find((e) => e.subject === root.id)!;
    expect(opened).toMatchObject({
      kind: "finding.opened",
      rule: root.rule,
      severity: root.severity,
      to: root.severity,
    });
    expect(opened.detail).toEqual({ title: root.title, root: true }); // not "already open": history had begun
    const nbService = events.find((e) => e.subject === "service:ctl1:nb-db")!;
    expect([nbService.node, nbService.service, nbService.detail?.root]).toEqual([
      "ctl1",
      "nb-db",
      false,
    ]);
  });

  it("a severity change of an open finding is one event, not a close and an open", () => {
    const before = baseline("incident");
    const id = Object.keys(before.findings)[0]!;
    const regraded: HistoryState = {
      ...before,
      findings: { ...before.findings, [id]: { ...before.findings[id]!, severity: "info" } },
    };
    const { events } = changesSince(regraded, seen(snapshotFromFixtures("incident")));
    expect(events).toEqual([
      expect.objectContaining({
        kind: "finding.severity",
        subject: id,
        from: "info",
        to: before.findings[id]!.severity,
      }),
    ]);
  });

  it("a node that stops answering is a reachability event; its services keep their last states, nothing else changes", () => {
    const before = baseline("healthy");
    const { events, state } = changesSince(
      before,
      seen(withUnreachable(snapshotFromFixtures("healthy"), "cmp1")),
    );
    expect(kinds(events, "node.reach")).toEqual(["cmp1"]);
    expect(events.find((e) => e.kind === "node.reach")).toMatchObject({
      from: "reachable",
      to: "unreachable",
    });
    expect(kinds(events, "unit.changed")).toEqual([]);
    expect(state.units).toEqual(before.units);
  });

  it("gateways are compared only when SB was read from a current node: unread SB is not 'unbound'", () => {
    const before = baseline("healthy");
    const sbNode = "ctl1";
    const { events, state } = changesSince(
      before,
      seen(withUnreachable(snapshotFromFixtures("healthy"), sbNode)),
    );
    expect(kinds(events, "gateway.moved")).toEqual([]);
    expect(state.gateways).toEqual(before.gateways);
  });

  it("a gateway that moves to another chassis, or to none, is a gateway.moved event with the router's name", () => {
    const before = baseline("healthy");
    const [router] = Object.keys(before.gateways);
    const elsewhere: HistoryState = { ...before, gateways: { [router!]: "ctl1" } };
    const { events } = changesSince(elsewhere, seen(snapshotFromFixtures("healthy")));
    expect(events).toEqual([
      expect.objectContaining({
        kind: "gateway.moved",
        subject: router,
        router,
        from: "ctl1",
        to: "net1",
      }),
    ]);
    expect(events[0]!.detail?.routerName).toBeTruthy();
    const unbound: HistoryState = { ...before, gateways: { [router!]: "" } };
    expect(changesSince(unbound, seen(snapshotFromFixtures("healthy"))).events[0]).toMatchObject({
      from: null,
      to: "net1",
    });
  });

  it("an unchanged cloud writes nothing", () => {
    const before = baseline("incident");
    const again = changesSince(before, seen(snapshotFromFixtures("incident")));
    expect(again.events).toEqual([]);
    expect(again.changed).toBe(false);
  });

  it("findingPlace reads the node, service and router from element ids", () => {
    expect(findingPlace(["node:ctl1", "service:net1:ovn-controller", "router:r-1"])).toEqual({
      node: "net1",
      service: "ovn-controller",
      router: "r-1",
    });
    expect(findingPlace(["node:ctl1"])).toEqual({ node: "ctl1", service: null, router: null });
    expect(findingPlace(["edge:neutron-nb"])).toEqual({ node: null, service: null, router: null });
  });
});
