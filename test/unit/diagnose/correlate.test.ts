import { describe, expect, it } from "vitest";
import { diagnose, RULES } from "@/lib/diagnose";
import { correlate } from "@/lib/diagnose/correlate";
import { finding } from "@/lib/diagnose/finding";
import type { FindingRule, Rule, RuleFinding } from "@/lib/diagnose/types";
import { ref, type ElementRef } from "@/lib/model/element";
import { CAPTURED_STATES, snapshotFromFixtures } from "../../support/fixtures";

// Correlation reads what each rule declares it can explain (Rule.explains), never finding ids.

/** A finding as its rule would make it (texts and evidence do not matter to correlation). */
const f = (
  rule: FindingRule,
  subject: string,
  affects: ElementRef[],
  variant?: string,
): RuleFinding =>
  finding({ rule, subject, variant, severity: "critical", params: {}, evidence: [], affects });

const service = (node: string, s: string) =>
  f("service", `${node}:${s}`, [
    ref.node(node),
    ref.service(node, s),
    ...(s === "ovn-controller" ? [ref.chassis(node)] : []),
  ]);
const dbEndpoint = (db: "nb" | "sb", node: string, port: number) =>
  f("db-endpoint", `${db}:${node}:${port}`, [
    ref.node(node),
    ref.service(node, `${db}-db`),
    ref.neutronDb(db),
  ]);
const crashloop = (node: string, s = "neutron-server") =>
  f("neutron-crashloop", s === "neutron-server" ? node : `${node}:${s}`, [
    ref.node(node),
    ref.service(node, s),
  ]);
const disconnected = (node: string) =>
  f(
    "controller",
    node,
    [ref.node(node), ref.service(node, "ovn-controller"), ref.chassis(node)],
    "disconnected",
  );
const chassisMissing = (node: string) =>
  f("controller", `${node}:chassis`, [ref.node(node), ref.chassis(node)], "chassis-missing");
const unverifiable = f("gateway", "neutron", [ref.router("r1")], "unverifiable");
const gatewayDown = f("gateway", "r1", [ref.router("r1"), ref.chassis("net1")], "chassis");
const staleChassis = (chassis: string) =>
  f("stale-chassis", chassis, [ref.node(chassis), ref.chassis(chassis)], "no-controller");
const northdStopped = f("northd-stops-dbs", "ctl1", [
  ref.node("ctl1"),
  ref.service("ctl1", "northd"),
  ref.service("ctl1", "nb-db"),
]);
const northdHazard = f(
  "northd-stops-dbs",
  "ctl1:hazard",
  [ref.service("ctl1", "northd")],
  "hazard",
);
const stray = f(
  "stray-ovsdb",
  "ctl1:nb",
  [ref.node("ctl1"), ref.service("ctl1", "nb-db")],
  "outside",
);
const startOrder = (s: string) =>
  f("start-order", `ctl1:${s}:nb`, [ref.node("ctl1"), ref.service("ctl1", s)], "gave-up");

const quorumLost = f(
  "ovn-cluster",
  "NB:quorum",
  ["ctl1", "ctl2", "ctl3"].map((n) => ref.service(n, "nb-db")),
  "quorum-lost",
);
const memberDown = (node: string) =>
  f("ovn-cluster", `NB:${node}`, [ref.service(node, "nb-db")], "member-down");
const leaderLost = f(
  "ovn-cluster",
  "NB:election-timer",
  [ref.service("ctl1", "nb-db")],
  "election-timer",
);
const electionStorm = f(
  "ovn-cluster",
  "NB:elections",
  ["ctl1", "ctl2", "ctl3"].map((n) => ref.service(n, "nb-db")),
  "election-storm",
);
const logLag = (node: string) =>
  f("ovn-cluster", `NB:${node}:lag`, [ref.service(node, "nb-db")], "log-lag");
const split = f("ovn-cluster", "NB:split", [ref.service("ctl3", "nb-db")], "split");
const clientsStuck = f(
  "ovn-cluster",
  "NB:ctl3:clients",
  [ref.service("ctl3", "nb-db"), ref.node("ctl1")],
  "clients-stuck",
);
const northdNone = f(
  "northd-active",
  "none",
  ["ctl1", "ctl2"].map((n) => ref.service(n, "northd")),
  "none",
);

/**
 * One cause and one consequence for every relation a rule declares, chosen so that only that
 * declaration explains it (the test below checks that each one is needed).
 */
const EXPLAINED: [RuleFinding, RuleFinding][] = [
  [northdStopped, service("ctl1", "sb-db")],
  [northdStopped, dbEndpoint("nb", "ctl1", 6641)],
  [northdStopped, crashloop("ctl1")],
  [northdStopped, service("cmp1", "ovn-controller")],
  [northdStopped, disconnected("cmp1")],
  [northdStopped, gatewayDown],
  [stray, service("ctl1", "nb-db")],
  [stray, dbEndpoint("nb", "ctl1", 6641)],
  [stray, crashloop("ctl1")],
  [stray, service("ctl2", "neutron-server")],
  [stray, unverifiable],
  [startOrder("northd"), service("ctl1", "northd")],
  [startOrder("neutron-server"), crashloop("ctl1")],
  [startOrder("neutron-server"), unverifiable],
  [startOrder("neutron-rpc"), service("ctl1", "neutron-rpc")],
  [service("ctl1", "nb-db"), dbEndpoint("nb", "ctl1", 6641)],
  [service("ctl1", "nb-db"), crashloop("ctl1")],
  [service("ctl1", "nb-db"), service("ctl1", "neutron-server")],
  [service("ctl1", "nb-db"), unverifiable],
  [service("ctl1", "sb-db"), dbEndpoint("sb", "ctl1", 6642)],
  [service("ctl1", "sb-db"), crashloop("ctl1")],
  [service("ctl1", "sb-db"), service("cmp1", "ovn-controller")],
  [service("ctl1", "sb-db"), disconnected("cmp1")],
  [service("ctl1", "sb-db"), gatewayDown],
  [service("ctl1", "neutron-server"), unverifiable],
  [service("ctl1", "neutron-server"), crashloop("ctl1")],
  [service("cmp1", "ovn-controller"), disconnected("cmp1")],
  [service("cmp1", "ovn-controller"), staleChassis("cmp1")],
  [dbEndpoint("nb", "ctl1", 6645), crashloop("ctl1")],
  [dbEndpoint("nb", "ctl1", 6645), service("ctl1", "neutron-server")],
  [dbEndpoint("nb", "ctl1", 6645), unverifiable],
  [crashloop("ctl1", "neutron-rpc"), service("ctl1", "neutron-server")],
  [crashloop("ctl1"), unverifiable],
  [chassisMissing("cmp1"), service("cmp1", "ovn-controller")],
  [quorumLost, service("ctl2", "nb-db")],
  [quorumLost, dbEndpoint("nb", "ctl1", 6641)],
  [quorumLost, crashloop("ctl1")],
  [quorumLost, disconnected("cmp1")],
  [quorumLost, gatewayDown],
  [quorumLost, northdNone],
  [northdStopped, northdNone],
  // Clustered: the stop that took its members down is why the cluster lost its majority.
  [northdStopped, quorumLost],
  [service("ctl1", "sb-db"), northdNone],
  [service("ctl3", "nb-db"), memberDown("ctl3")],
  // A leader that keeps losing its leadership while running is why the elections pile up.
  [leaderLost, electionStorm],
  // Clients on a member of another cluster id: the split is why they read another database.
  [split, clientsStuck],
  // A member that runs but is stalled is why its node does not answer as a member either.
  [logLag("ctl3"), memberDown("ctl3")],
];

/** Pairs no declaration relates: each stays its own root. */
const UNRELATED: [RuleFinding, RuleFinding][] = [
  // A hazard is a risk, not an outage: it explains nothing.
  [northdHazard, service("ctl1", "nb-db")],
  // northd's stop takes down the databases of its own node only.
  [northdStopped, service("ctl2", "nb-db")],
  [northdStopped, f("neutron-ovn-disagree", "r1", [ref.router("r1")], "neutron-down")],
  [service("ctl1", "nb-db"), disconnected("cmp1")],
  [service("ctl1", "nb-db"), gatewayDown],
  [service("ctl1", "sb-db"), chassisMissing("cmp1")],
  [stray, dbEndpoint("sb", "ctl1", 6642)],
  [stray, gatewayDown],
  [startOrder("northd"), unverifiable],
  // A Neutron RPC server that gave up explains itself, not ovn-northd.
  [startOrder("neutron-rpc"), service("ctl1", "northd")],
  [service("ctl1", "northd"), crashloop("ctl1")],
  [service("cmp1", "ovn-controller"), staleChassis("net1")],
  [dbEndpoint("nb", "ctl1", 6645), service("ctl1", "ovn-controller")],
  // A member down while the cluster keeps its majority explains nothing; its unit is its own.
  [memberDown("ctl3"), service("ctl1", "neutron-server")],
  [service("ctl2", "nb-db"), memberDown("ctl3")],
  [quorumLost, service("cmp1", "ovs-vswitchd")],
  // A hazard (nothing stopped) is no reason for a lost majority.
  [northdHazard, quorumLost],
  // Clients on a member that lost the cluster are their own problem, not a member down's.
  [memberDown("ctl2"), clientsStuck],
  // Another member's stall explains nothing about this one.
  [logLag("ctl2"), memberDown("ctl3")],
];

const explained = (cause: RuleFinding, effect: RuleFinding, rules: readonly Rule[] = RULES) => {
  const roots = correlate([effect, cause], rules);
  return roots.length === 1 && roots[0]!.id === cause.id && roots[0]!.symptoms[0]?.id === effect.id;
};

describe("correlation reads the rules' declarations", () => {
  it.each(EXPLAINED.map(([c, e]) => [c.id, e.id, c, e] as const))(
    "%s explains %s",
    (_c, _e, cause, effect) => expect(explained(cause, effect)).toBe(true),
  );

  it.each(UNRELATED.map(([c, e]) => [c.id, e.id, c, e] as const))(
    "%s does not explain %s",
    (_c, _e, cause, effect) => {
      expect(correlate([cause, effect], RULES).map((x) => x.symptoms.length)).toEqual([0, 0]);
    },
  );

  it("every declared relation is needed: without any one of them, a pair above is no longer explained", () => {
    const declared = RULES.flatMap((rule) =>
      (rule.explains ?? []).flatMap((e, i) => e.explains.map((c, j) => ({ rule, i, j, c }))),
    );
    expect(declared.length).toBeGreaterThan(25);
    for (const { rule, i, j, c } of declared) {
      const without = RULES.map((r) =>
        r !== rule
          ? r
          : {
              ...r,
              explains: r.explains!.map((e, k) =>
                k !== i ? e : { ...e, explains: e.explains.filter((_, m) => m !== j) },
              ),
            },
      );
      const lost = EXPLAINED.filter(([cause, effect]) => !explained(cause, effect, without));
      expect(lost.length, `${rule.id} explains ${JSON.stringify(c)}`).toBeGreaterThan(0);
    }
  });

  it("sends no more than a Finding: what only correlation reads stays inside", () => {
    const [root] = correlate([northdStopped, service("ctl1", "sb-db")], RULES);
    expect(Object.keys(root!).sort()).toEqual(
      [
        "id",
        "rule",
        "severity",
        "title",
        "explanation",
        "cause",
        "action",
        "evidence",
        "affects",
        "runbook",
        "symptoms",
      ].sort(),
    );
    expect(Object.keys(root!.symptoms[0]!)).not.toContain("concerns");
  });
});

/** Roots and the ids of their symptoms, as each captured lab state reads. */
const TREES: Record<(typeof CAPTURED_STATES)[number], (string | Record<string, string[]>)[]> = {
  healthy: ["northd-stops-dbs:ctl1:hazard"],
  "healthy-split": ["gateway:neutron", "northd-stops-dbs:ctl1:hazard"],
  incident: [
    {
      "northd-stops-dbs:ctl1": [
        "service:ctl1:nb-db",
        "service:ctl1:sb-db",
        "service:ctl1:neutron-server",
        "service:ctl1:ovn-controller",
        "service:net1:ovn-controller",
        "service:cmp1:ovn-controller",
        "northd-active:none",
        "db-endpoint:nb:ctl1:6641",
        "db-endpoint:sb:ctl1:6642",
        "neutron-crashloop:ctl1",
        "controller:ctl1",
        "controller:net1",
        "controller:cmp1",
        "gateway:neutron",
      ],
    },
  ],
  "incident-dbs-back": ["northd-stops-dbs:ctl1:hazard"],
  "nb-down": [
    {
      // neutron-server runs on, its sessions retrying NB (no exit: not a crash loop).
      "service:ctl1:nb-db": ["db-endpoint:nb:ctl1:6641", "gateway:neutron"],
    },
    "northd-stops-dbs:ctl1:hazard",
  ],
  "sb-down": [
    {
      "service:ctl1:sb-db": [
        "service:ctl1:ovn-controller",
        "service:net1:ovn-controller",
        "service:cmp1:ovn-controller",
        "northd-active:none",
        "db-endpoint:sb:ctl1:6642",
        "controller:ctl1",
        "controller:net1",
        "controller:cmp1",
      ],
    },
    "northd-stops-dbs:ctl1:hazard",
  ],
  "sb-masked": [
    {
      "service:ctl1:sb-db": [
        "service:ctl1:ovn-controller",
        "service:net1:ovn-controller",
        "service:cmp1:ovn-controller",
        "northd-active:none",
        "db-endpoint:sb:ctl1:6642",
        "controller:ctl1",
        "controller:net1",
        "controller:cmp1",
      ],
    },
    "northd-stops-dbs:ctl1:hazard",
  ],
  "northd-down": ["service:ctl1:northd", "northd-stops-dbs:ctl1:hazard"],
  "neutron-down": [
    { "service:ctl1:neutron-server": ["gateway:neutron"] },
    "northd-stops-dbs:ctl1:hazard",
  ],
  "ml2-wrong-nb": [
    { "db-endpoint:nb:ctl1:6645": ["neutron-crashloop:ctl1", "gateway:neutron"] },
    "northd-stops-dbs:ctl1:hazard",
  ],
  "nb-unix-only": [
    { "db-endpoint:nb:ctl1:6641": ["gateway:neutron"] },
    "northd-stops-dbs:ctl1:hazard",
  ],
  "bridge-mapping-missing": ["gateway:<router1>", "northd-stops-dbs:ctl1:hazard"],
  "stray-ovsdb": [
    { "stray-ovsdb:ctl1:nb": ["service:ctl1:nb-db"] },
    "northd-stops-dbs:ctl1:hazard",
  ],
  "nb-hand-started": [
    { "stray-ovsdb:ctl1:nb": ["service:ctl1:nb-db"] },
    "northd-stops-dbs:ctl1:hazard",
  ],
  "controller-disconnected": [
    { "service:cmp1:ovn-controller": ["controller:cmp1"] },
    "northd-stops-dbs:ctl1:hazard",
  ],
  "chassis-stale": [
    { "service:cmp1:ovn-controller": ["stale-chassis:cmp1"] },
    "northd-stops-dbs:ctl1:hazard",
  ],
  "gateway-bfd-down": [
    "gateway:<router1>",
    "neutron-ovn-disagree:<router1>",
    "northd-stops-dbs:ctl1:hazard",
  ],
};

describe("correlation on captured lab states", () => {
  it.each(CAPTURED_STATES)("%s: roots and their symptoms", (state) => {
    const snapshot = snapshotFromFixtures(state);
    // The lab's router gets a new id with every lab built: named here by its name.
    const routers = snapshot.neutron.state === "ok" ? snapshot.neutron.routers : [];
    const router1 = routers.find((r) => r.name === "router1")?.id;
    const id = (x: string) => (router1 ? x.replace(router1, "<router1>") : x);
    const trees = diagnose(snapshot).map((r) =>
      r.symptoms.length ? { [id(r.id)]: r.symptoms.map((s) => id(s.id)) } : id(r.id),
    );
    expect(trees).toEqual(TREES[state]);
  });
});
