import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose, flatten } from "@/lib/diagnose";
import { serviceStates } from "@/lib/facts/services";
import type { RunRecord } from "@/lib/recovery/types";
import { labRecovery, type LabRecovery } from "../support/lab-collector";
import { eventually, labOk, nodeOut } from "../support/lab";

// Issue #21.2 on the real lab: ctl1 switched to Neutron's split layout (Debian's
// neutron-api.service under uWSGI beside neutron-rpc-server.service; `lab neutron-layout
// split`). ovnscope reads it as such, and recovery restarts the units it runs, through the
// product's act script and sudoers.

let lab: LabRecovery;

beforeAll(async () => {
  await labOk(["ready"]);
  await labOk(["neutron-layout", "split"]);
  lab = await labRecovery("neutron-split", 60_000);
}, 600_000);

afterAll(async () => {
  await lab?.close();
  await labOk(["neutron-layout", "monolithic"]);
  await labOk(["heal"]);
}, 600_000);

const activeSince = (unit: string) =>
  nodeOut("ctl1", `systemctl show -p ActiveEnterTimestampMonotonic --value ${unit}`).then(Number);

describe("Neutron's split layout on the lab", () => {
  it("is read as neutron-api (the API) and neutron-rpc-server, both ok, with no stray neutron-server", async () => {
    let states: ReturnType<typeof serviceStates> = [];
    await eventually(
      "both Neutron services ok",
      async () => {
        const s = await lab.collector.refreshAll();
        states = serviceStates(s.nodes.find((n) => n.name === "ctl1")!).filter((x) =>
          x.service.startsWith("neutron"),
        );
        return states.length === 2 && states.every((x) => x.health === "ok");
      },
      120_000,
      2000,
    );
    expect(states.map((x) => [x.service, x.unit, x.health])).toEqual([
      ["neutron-server", "neutron-api.service", "ok"],
      ["neutron-rpc", "neutron-rpc-server.service", "ok"],
    ]);
    const findings = flatten(diagnose(await lab.collector.refreshAll()));
    expect(findings.filter((f) => /outside systemd/.test(JSON.stringify(f)))).toEqual([]);
  }, 180_000);

  it("a rolling Neutron restart restarts neutron-api.service through act and sudoers", async () => {
    const before = await activeSince("neutron-api.service");
    const started = await lab.executor.start({
      runbook: "rolling-neutron-restart",
      operator: "test",
      confirm: "lab",
    });
    if (!started.started) throw new Error("run refused");
    let run: RunRecord | null = null;
    await eventually(
      "the run to end",
      async () => (run = await lab.executor.get(started.run.id))?.status !== "running",
      300_000,
      1000,
    );
    const step = run!.steps.find((s) => s.stepId === "rolling-neutron")!;
    expect(step.command).toBe(
      "sudo -n /usr/local/libexec/ovnscope/act restart 'neutron-api.service'",
    );
    // act ran it (sudoers allowed it) and waited for the API to listen; systemd restarted it.
    expect(step.output ?? "").toMatch(/restarted neutron-api\.service: active/);
    expect(await activeSince("neutron-api.service")).toBeGreaterThan(before);
    expect(await nodeOut("ctl1", "systemctl is-active neutron-server.service || true")).toBe(
      "inactive",
    );
    // Whether the step then verified depends on Neutron 21 under uWSGI: its OVN-backed reads
    // can take minutes after a restart (OVN's WSGI support came with 2024.2, LP #1912359). The
    // step says which: verified, or not verified with the API's own state.
    console.log(`rolling-neutron on the split layout: ${step.status}: ${step.fact}`);
    if (step.status !== "succeeded") expect(step.fact).toMatch(/^not verified within \d+ s: /);
  }, 400_000);
});
