import { describe, expect, it } from "vitest";
import { PlanError, planRunbook, validateTarget } from "@/lib/recovery/planner";
import { RUNBOOKS, runbook } from "@/lib/recovery/runbooks";
import type { Plan } from "@/lib/recovery/types";
import { actionCommand } from "@/lib/ssh/command";
import { LAB_LIKE_INVENTORY, snapshotFromFixtures } from "../../support/fixtures";

// The pure planner on snapshots built from captured lab states (test/fixtures/collect).

const plan = (state: string, id = "recover-ovn-central", target: string | null = null): Plan =>
  planRunbook(runbook(id)!, snapshotFromFixtures(state), LAB_LIKE_INVENTORY, target);

const decisions = (p: Plan) => Object.fromEntries(p.steps.map((s) => [s.key, s.decision]));

describe("recover-ovn-central plans", () => {
  it("healthy: every step is a skip, the backup included", () => {
    const p = plan("healthy");
    expect(p.noop).toBe(true);
    expect(p.steps.map((s) => s.key)).toEqual([
      "backup-dbs@ctl1",
      "stop-stray-ovsdb@ctl1",
      "start-nb@ctl1",
      "start-sb@ctl1",
      "verify-clusters@ctl1",
      "restart-northd@ctl1",
      "restart-neutron@ctl1",
      "reconnect-controller@ctl1",
      "reconnect-controller@net1",
      "reconnect-controller@cmp1",
      "rebind-gateway@ctl1",
      "rebind-gateway@net1",
      "verify-gateways@ctl1",
    ]);
    for (const s of p.steps) expect(s.reason, s.key).toMatch(/^already holds|nothing to change/);
  });

  it("incident: back up, start NB then SB; northd and the clients wait for the databases", () => {
    const d = decisions(plan("incident"));
    expect(d["backup-dbs@ctl1"]).toBe("run");
    expect(d["stop-stray-ovsdb@ctl1"]).toBe("skip");
    expect(d["start-nb@ctl1"]).toBe("run");
    expect(d["start-sb@ctl1"]).toBe("run");
    expect(d["restart-neutron@ctl1"]).toBe("blocked");
  });

  it("nb-down: only NB is started; SB's step is a skip", () => {
    const d = decisions(plan("nb-down"));
    expect(d["start-nb@ctl1"]).toBe("run");
    expect(d["start-sb@ctl1"]).toBe("skip");
    expect(d["backup-dbs@ctl1"]).toBe("run");
  });

  it("stray-ovsdb: the stray is stopped before NB's unit is started", () => {
    const p = plan("stray-ovsdb");
    const d = decisions(p);
    expect(d["stop-stray-ovsdb@ctl1"]).toBe("run");
    expect(p.steps.find((s) => s.key === "stop-stray-ovsdb@ctl1")!.reason).toMatch(/stray|pid/);
    // NB's own unit is failed (the stray holds the lock): it must be started, after the stop.
    expect(d["start-nb@ctl1"]).toBe("blocked");
  });

  it("neutron-down: only neutron-server acts (after the backup)", () => {
    const p = plan("neutron-down");
    expect(p.steps.filter((s) => s.decision !== "skip").map((s) => s.key)).toEqual([
      "backup-dbs@ctl1",
      "restart-neutron@ctl1",
      "verify-gateways@ctl1", // Neutron's word on the gateway is unknown while its API is down
    ]);
  });

  it("bridge-mapping-missing: nothing to restart; the gateway check stops on the configuration", () => {
    const p = plan("bridge-mapping-missing");
    expect(p.steps.filter((s) => s.decision !== "skip").map((s) => s.key)).toEqual([
      "verify-gateways@ctl1",
    ]);
    const gateways = p.steps.find((s) => s.key === "verify-gateways@ctl1")!;
    expect(gateways.decision).toBe("blocked");
    expect(gateways.reason).toMatch(/broken at bridge-mapping.*no restart mends that/);
    expect(gateways.command).toBeNull();
    // A verification changes nothing, so there is nothing to back up for it.
    expect(p.steps.find((s) => s.key === "backup-dbs@ctl1")!.reason).toMatch(/nothing to change/);
  });

  it("northd-down: northd is restarted, the DB steps are skips", () => {
    const d = decisions(plan("northd-down"));
    expect(d["restart-northd@ctl1"]).toBe("run");
    expect(d["start-nb@ctl1"]).toBe("skip");
    expect(d["start-sb@ctl1"]).toBe("skip");
  });

  it("controller-disconnected: only cmp1's ovn-controller is reconnected", () => {
    const p = plan("controller-disconnected");
    expect(
      p.steps
        .filter((s) => s.stepId === "reconnect-controller" && s.decision !== "skip")
        .map((s) => s.node),
    ).toEqual(["cmp1"]);
  });

  it("chassis-stale: the ovn-controller that left its chassis row is started again, nothing else", () => {
    for (const p of [plan("chassis-stale"), plan("chassis-stale", "reconnect-chassis", "cmp1")])
      expect(
        p.steps.filter((s) => s.decision === "run" && s.stepId !== "backup-dbs").map((s) => s.key),
      ).toEqual(["reconnect-controller@cmp1"]);
  });

  it("nb-unix-only and ml2-wrong-nb: neutron-server is not restarted into an endpoint nothing listens on", () => {
    for (const [state, port] of [
      ["nb-unix-only", 6641],
      ["ml2-wrong-nb", 6645],
    ] as const) {
      for (const id of ["recover-ovn-central", "rolling-neutron-restart"]) {
        const step = plan(state, id).steps.find(
          (x) => x.node === "ctl1" && x.stepId.includes("neutron"),
        )!;
        expect(step.decision, `${state} ${id}`).toBe("blocked");
        expect(step.reason).toContain(
          `Neutron on ctl1 reaches NB at tcp:10.250.0.11:${port} (/etc/neutron/plugins/ml2/ml2_conf.ini), and nothing on ctl1 listens on port ${port}: no restart mends that`,
        );
      }
    }
  });

  it("every planned command is one of the act script's fixed forms; the verifications run nothing", () => {
    const VERIFY_ONLY = ["verify-gateways", "verify-clusters"];
    for (const state of ["healthy", "incident", "stray-ovsdb"])
      for (const s of plan(state).steps) {
        if (VERIFY_ONLY.includes(s.stepId)) {
          expect(s.command, s.key).toBeNull();
          continue;
        }
        expect(s.command).toMatch(
          /^sudo -n \/usr\/local\/libexec\/ovnscope\/act (backup-ovn-dbs|stop-stray-ovsdb|restart-northd-safely|(start|restart) '[a-z-]+\.service')$/,
        );
      }
  });
});

describe("the other runbooks", () => {
  it("restart-northd-safely always runs (it is asked for), never through systemctl restart", () => {
    const p = plan("healthy", "restart-northd-safely");
    expect(p.steps.map((s) => [s.key, s.decision, s.command])).toEqual([
      [
        "restart-northd-safely@ctl1",
        "run",
        "sudo -n /usr/local/libexec/ovnscope/act restart-northd-safely",
      ],
    ]);
  });

  it("restart-northd-safely waits while a database is down", () => {
    expect(plan("nb-down", "restart-northd-safely").steps[0]!.decision).toBe("blocked");
  });

  it("reconnect-chassis acts on the chosen node only, and skips a connected one", () => {
    expect(
      plan("controller-disconnected", "reconnect-chassis", "cmp1").steps.map((s) => [
        s.key,
        s.decision,
      ]),
    ).toEqual([["reconnect-controller@cmp1", "run"]]);
    expect(plan("healthy", "reconnect-chassis", "cmp1").noop).toBe(true);
  });

  it("rolling neutron restart: one step per neutron-server node", () => {
    expect(plan("healthy", "rolling-neutron-restart").steps.map((s) => s.key)).toEqual([
      "rolling-neutron@ctl1",
      "verify-gateways@ctl1",
    ]);
  });
});

describe("arguments from requests are validated", () => {
  const chassis = runbook("reconnect-chassis")!;
  it("a chassis runbook needs a node of the inventory that runs ovn-controller", () => {
    expect(validateTarget(chassis, LAB_LIKE_INVENTORY, "net1")).toBe("net1");
    expect(() => validateTarget(chassis, LAB_LIKE_INVENTORY, null)).toThrow(PlanError);
    expect(() => validateTarget(chassis, LAB_LIKE_INVENTORY, "cmp1; reboot")).toThrow(/no node/);
    expect(() => validateTarget(chassis, LAB_LIKE_INVENTORY, "nope")).toThrow(PlanError);
  });

  it("cloud-wide runbooks refuse a node", () => {
    expect(() =>
      validateTarget(runbook("recover-ovn-central")!, LAB_LIKE_INVENTORY, "ctl1"),
    ).toThrow(PlanError);
  });

  it("actionCommand refuses units outside the allow-lists (the sudoers lists the same)", () => {
    // @ts-expect-error: the type already refuses it; the runtime check is for data from JSON.
    expect(() => actionCommand({ verb: "start", unit: "sshd.service" })).toThrow(/refusing/);
    // @ts-expect-error: ovn-northd is never restarted through systemctl restart.
    expect(() => actionCommand({ verb: "restart", unit: "ovn-northd.service" })).toThrow(
      /refusing/,
    );
    expect(actionCommand({ verb: "start", unit: "ovn-northd.service" })).toBe(
      "sudo -n /usr/local/libexec/ovnscope/act start 'ovn-northd.service'",
    );
  });

  it("the runbooks, in the order the UI lists them", () => {
    expect(RUNBOOKS.map((r) => r.id)).toEqual([
      "recover-ovn-central",
      "restart-northd-safely",
      "rolling-neutron-restart",
      "reconnect-chassis",
      "rebind-gateways",
      "remove-stale-member",
      "rejoin-member",
    ]);
  });
});

describe("a unit masked by an administrator (sb-masked, captured)", () => {
  const step = (p: Plan, key: string) => p.steps.find((s) => s.key === key)!;

  it("the step that would start it is blocked for good, with the reason, before anything runs", () => {
    const p = plan("sb-masked");
    const sb = step(p, "start-sb@ctl1");
    expect(sb.decision).toBe("blocked");
    expect(sb.final).toBe(true);
    expect(sb.reason).toContain(
      "ovn-ovsdb-server-sb.service on ctl1 is masked by an administrator",
    );
    expect(sb.reason).toContain("unmasking is a decision this runbook does not take");
    // The whole plan says so, and promises nothing: no step will run, the backup included.
    expect(p.refusal).toContain("start-sb@ctl1");
    expect(p.refusal).toContain("masked");
    expect(p.steps.filter((s) => s.decision === "run").map((s) => s.key)).toEqual([]);
    expect(step(p, "backup-dbs@ctl1").decision).toBe("blocked");
    expect(p.noop).toBe(false);
  });

  it("only the masked unit's step is final; NB, which is not masked, is not blocked by a mask", () => {
    const p = plan("sb-masked");
    expect(p.steps.filter((s) => s.final).map((s) => s.key)).toEqual(["start-sb@ctl1"]);
    expect(step(p, "start-nb@ctl1").decision).toBe("skip");
  });

  it("plans of other states are not refused", () => {
    for (const state of ["healthy", "incident", "sb-down", "nb-hand-started"])
      expect(plan(state).refusal, state).toBeNull();
  });
});
