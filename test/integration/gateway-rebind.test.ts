import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Collector } from "@/lib/collect/collector";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import type { RecoveryExecutor } from "@/lib/recovery/executor";
import type { RunRecord } from "@/lib/recovery/types";
import { labRecovery, type LabRecovery } from "../support/lab-collector";
import { eventually, labOk, nodeOut } from "../support/lab";

// Issue #20 against the real lab: the router gateway loses its binding after recovery the way
// the lab can — BFD broken between the two gateway chassis (lab fault gateway-bfd-down: their
// tunnel packets to each other dropped as they leave) — the dashboard says why, Rebind router
// gateways never calls it succeeded while the port is unbound, and once the underlay carries
// BFD again the runbook brings the gateway back and verifies it stays bound.

let collector: Collector;
let lab: LabRecovery;
let executor: RecoveryExecutor;

beforeAll(async () => {
  await labOk(["ready"]);
  lab = await labRecovery("rebind", 25_000);
  ({ collector, executor } = lab);
});

afterAll(async () => {
  await lab?.close();
  await labOk(["heal"]);
});

async function runToEnd(name: string): Promise<RunRecord> {
  const started = await executor.start({ runbook: name, operator: "test", confirm: "lab" });
  if (!started.started)
    throw new Error(
      started.reason === "locked" ? `refused: held by ${started.lock.operator}` : started.refusal,
    );
  let r: RunRecord | null = null;
  await eventually(
    `run ${started.run.id} to end`,
    async () => (r = await executor.get(started.run.id))?.status !== "running",
    300_000,
    500,
  );
  return r!;
}

/** SB's own word on the gateway's cr-lrp: the chassis name it is bound to, "" when none. */
const boundTo = () =>
  nodeOut(
    "ctl1",
    'c=$(ovn-sbctl --bare --columns=chassis find Port_Binding type=chassisredirect); [ -z "$c" ] || ovn-sbctl --bare --columns=name list Chassis $c',
  );

const controllerPids = async () =>
  Object.fromEntries(
    await Promise.all(
      ["ctl1", "net1"].map(
        async (n) =>
          [n, await nodeOut(n, "systemctl show -p MainPID --value ovn-controller")] as const,
      ),
    ),
  );

describe("a router gateway that loses its binding: explained, never called recovered, mended", () => {
  it("BFD broken between the gateway chassis: the finding names it with both sides' bfd_status, and Rebind router gateways tries the candidates and never says succeeded", async () => {
    await labOk(["fault", "gateway-bfd-down"]);
    await eventually("cr-lrp unbound", async () => (await boundTo()) === "", 30_000, 500);

    let gateway: Finding | undefined;
    const bfdDown = (f: Finding | undefined) =>
      (f?.evidence ?? []).filter((e) => e.probe === "ovs" && / down: .*state=down/.test(e.fact));
    // The finding comes with the first side to time out; the other side's session (its own
    // detection time, 3 s) may still say up on that read: wait until both sides say down.
    await eventually(
      "the unclaimed finding, with both sides' BFD down",
      async () => {
        gateway = flatten(diagnose(await collector.refreshAll())).find((f) =>
          String(f.title.key).startsWith("f.gateway.unclaimed."),
        );
        return bfdDown(gateway).length >= 2;
      },
      30_000,
      1000,
    );
    expect(gateway!.title.key).toBe("f.gateway.unclaimed.bfd-down.title");
    expect(gateway!.severity).toBe("critical");
    expect(gateway!.runbook).toBe("rebind-gateways");
    const bfd = gateway!.evidence
      .filter((e) => e.probe === "ovs")
      .map((e) => `${e.node} ${e.fact}`);
    expect(bfd).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^ctl1 BFD to net1 down: ovn-net1-0 → 10\.250\.1\.12: bfd .*enable=true.*; bfd_status .*state=down/,
        ),
        expect.stringMatching(
          /^net1 BFD to ctl1 down: ovn-ctl1-0 → 10\.250\.1\.11: bfd .*enable=true.*; bfd_status .*state=down/,
        ),
      ]),
    );

    const before = await controllerPids();
    const r = await runToEnd("rebind-gateways");
    // Over a broken underlay each gateway believes the other down, so a restart can win the port
    // for a while and hold it through one window (seen in CI: the second try "held", then the
    // final read found it gone). Which try holds varies; what must not: the run never says
    // succeeded, and each try that failed says why.
    expect(r.status, r.summary ?? "").toBe("failed");
    const tries = r.steps.filter((s) => s.stepId === "rebind-gateway");
    expect(tries.length).toBeGreaterThan(0);
    expect(tries[0]!.status).not.toBe("skipped");
    for (const t of tries.filter((s) => s.status === "failed"))
      expect(t.fact).toMatch(/^not verified within \d+ s: /);
    const after = await controllerPids();
    expect(["ctl1", "net1"].some((n) => after[n] !== before[n])).toBe(true);
  }, 240_000);

  it("once the underlay carries BFD again, Rebind router gateways brings the gateway back and it stays bound through the settle window", async () => {
    // The underlay mended by hand (what heal does for this fault), nothing else touched.
    for (const n of ["ctl1", "net1"])
      await nodeOut(n, "nft delete table netdev ovnslab_fault_underlay");
    const r = await runToEnd("rebind-gateways");
    expect(r.status, r.summary ?? "").toBe("succeeded");
    const gateways = r.steps.filter((s) => /^(rebind-gateway|verify-gateways)$/.test(s.stepId));
    for (const s of gateways)
      expect(["succeeded", "skipped"], `${s.key}: ${s.fact}`).toContain(s.status);
    // Verified as held over the settle window, with how it was chosen: on consecutive reads,
    // or since the claim ovn-controller's log records (gateway-tenure.ts) and on reads since;
    // no window at all where the cloud's state shows the election over (electionOver).
    expect(r.steps.find((s) => s.stepId === "verify-gateways")!.fact).toMatch(
      /router1 ACTIVE, cr-lrp on (ctl1|net1); held (on \d+ consecutive reads over|for) [\d.]+ s \(settle window (6\.0 s: 2 × BFD detection time 3000 ms between ctl1 and net1|0\.0 s: election over: router1's cr-lrp held by (ctl1|net1), its highest-priority candidate .*BFD up)/,
    );
    const host = await boundTo();
    expect(["ctl1", "net1"]).toContain(host);
    // And it stays bound afterwards.
    await new Promise((res) => setTimeout(res, 10_000));
    expect(await boundTo()).toBe(host);
  }, 240_000);

  it("a candidate's ovn-controller just restarted: the port it leaves unbound for a moment is OVN's own election, waited for, and no other candidate is restarted", async () => {
    // What Recover OVN central's reconnect-controller does right before rebind-gateway. On
    // the lab, ctl1's restart leaves the cr-lrp unbound for 1–2 s until net1 claims it again;
    // before, rebind-gateway restarted net1's ovn-controller then, starting the election over.
    await eventually("bound", async () => (await boundTo()) !== "", 30_000, 500);
    await nodeOut("ctl1", "systemctl restart ovn-controller");
    const before = await controllerPids();
    const r = await runToEnd("rebind-gateways");
    expect(r.status, r.summary ?? "").toBe("succeeded");
    const rebind = r.steps.filter((s) => s.stepId === "rebind-gateway");
    for (const s of rebind)
      if (s.status !== "skipped") {
        expect(s.noCommand, `${s.key}: ${s.output}`).toBe(true);
        // The newest sign of the election: ctl1's start, or a BFD change it causes on either
        // node (CI once saw net1's "Disabled BFD" line be the newest). A line before it says
        // how the port fell back while the step watched it (CI saw it: held 0.2 s, unbound);
        // lines after it, how it fell back while the step waited.
        expect(s.output).toMatch(
          /^not run: OVN is electing router1's gateway by itself: (ctl1's ovn-controller\.service started|(ctl1|net1)'s ovn-controller (en|dis)abled BFD on )/m,
        );
        for (const line of s.output!.split("\n").filter((l) => !l.startsWith("not run: ")))
          expect(line).toMatch(/^(fell back|moved) at \d\d:\d\d:\d\d\.\d{3} /);
      }
    expect(await controllerPids()).toEqual(before);
    expect(["ctl1", "net1"]).toContain(await boundTo());
  }, 120_000);
});
