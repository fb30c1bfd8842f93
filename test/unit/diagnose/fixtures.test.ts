import { describe, expect, it } from "vitest";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import { serviceStates } from "@/lib/facts/services";
import { en } from "@/lib/i18n/en";
import { ko } from "@/lib/i18n/ko";
import { gatewayChain } from "@/lib/facts/gateway-chain";
import { CAPTURED_STATES, snapshotFromFixtures } from "../../support/fixtures";

// Diagnosis on snapshots built from output captured in the real lab (test/fixtures/collect,
// made by capture-all.sh: each fault injected for real, captured, healed).

const ids = (fs: Finding[]) => fs.map((f) => f.id);
const roots = (state: string) => diagnose(snapshotFromFixtures(state));
const health = (state: string, node: string, service: string) =>
  serviceStates(snapshotFromFixtures(state).nodes.find((n) => n.name === node)!).find(
    (s) => s.service === service,
  )?.health;

describe("diagnosis on captured lab states", () => {
  it("healthy: every service ok, no critical or warning finding but the northd restart hazard", () => {
    const s = snapshotFromFixtures("healthy");
    for (const node of s.nodes)
      expect(
        serviceStates(node).filter((x) => x.health !== "ok"),
        node.name,
      ).toEqual([]);
    const findings = diagnose(s);
    expect(findings.filter((f) => f.severity === "critical")).toEqual([]);
    expect(ids(findings.filter((f) => f.severity === "warning"))).toEqual([
      "northd-stops-dbs:ctl1:hazard",
    ]);
    const router = s.neutron.routers[0]!;
    const chain = gatewayChain(s, router.id)!;
    expect(chain.firstBroken).toBeNull();
    expect(chain.links.every((l) => l.status === "ok")).toBe(true);
  });

  it("incident: one root finding (northd stopped the DBs) with the symptoms attached, not repeated", () => {
    const findings = roots("incident");
    const root = findings[0]!;
    expect(root.id).toBe("northd-stops-dbs:ctl1");
    expect(root.severity).toBe("critical");
    expect(root.runbook).toBe("recover-ovn-central");
    expect(root.title.params?.source).toBe(
      "/etc/systemd/system/ovn-northd.service.d/incident.conf",
    );
    const symptoms = ids(flatten(root.symptoms));
    for (const s of [
      "service:ctl1:nb-db",
      "service:ctl1:sb-db",
      "db-endpoint:nb:ctl1:6641",
      "db-endpoint:sb:ctl1:6642",
    ])
      expect(symptoms).toContain(s);
    expect(symptoms).toContain("neutron-crashloop:ctl1");
    // The evidence is what the journal says: in the lab neutron-server names the SB port.
    const crash = flatten(root.symptoms).find((f) => f.id === "neutron-crashloop:ctl1")!;
    expect(crash.evidence.some((e) => /Connection refused|retrieve schema/.test(e.fact))).toBe(
      true,
    );
    // No other root repeats what the root explains.
    const otherRoots = ids(findings.slice(1));
    expect(otherRoots.filter((id) => symptoms.includes(id))).toEqual([]);
    expect(findings.filter((f) => f.severity === "critical")).toHaveLength(1);
  });

  it("incident-dbs-back: a neutron-server that came back by itself is not crash-looping, whatever its predecessors logged", () => {
    const s = snapshotFromFixtures("incident-dbs-back");
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
    const unit = ctl1.units.find((u) => u.id === "neutron-server.service")!;
    // What made the old rule say "keeps exiting": restarts, and refused connections logged by
    // the process before this one, shortly before this start.
    expect(unit.activeState).toBe("active");
    expect(unit.nRestarts).toBeGreaterThan(0);
    const started = Date.parse(unit.activeEnterTimestamp!);
    const earlier = ctl1.journal.filter(
      (j) =>
        j.unit.startsWith("neutron-server") &&
        /Connection refused/.test(j.message) &&
        Date.parse(j.time) < started,
    );
    expect(earlier.length).toBeGreaterThan(0);
    expect(started - Date.parse(earlier.at(-1)!.time)).toBeLessThan(120_000);
    expect(s.neutron.state).toBe("ok");
    const all = ids(flatten(diagnose(s)));
    expect(all.filter((id) => id.startsWith("neutron-crashloop"))).toEqual([]);
    expect(health("incident-dbs-back", "ctl1", "neutron-server")).toBe("ok");
    // The incident's cause is still there to be fixed: the hazard of the drop-in, no outage.
    expect(diagnose(s).filter((f) => f.severity === "critical")).toEqual([]);
  });

  it("nb-down: a neutron-server whose sessions retry NB runs on, never exited: not crash-looping", () => {
    const s = snapshotFromFixtures("nb-down");
    const ctl1 = s.nodes.find((n) => n.name === "ctl1")!.data!;
    const unit = ctl1.units.find((u) => u.id === "neutron-server.service")!;
    expect([unit.activeState, unit.nRestarts]).toEqual(["active", 0]);
    // Its workers' python-ovs sessions log each retry with "Connection refused", the API hangs.
    const retries = ctl1.journal.filter(
      (j) =>
        j.unit === "neutron-server.service" &&
        /connection attempt failed \(Connection refused\)/.test(j.message),
    );
    expect(retries.length).toBeGreaterThan(3);
    expect(s.neutron.state).not.toBe("ok");
    expect(ids(flatten(diagnose(s))).filter((id) => id.startsWith("neutron-crashloop"))).toEqual(
      [],
    );
  });

  it("nb-down / sb-down / northd-down / neutron-down: the stopped service is the root", () => {
    expect(health("nb-down", "ctl1", "nb-db")).toBe("down");
    expect(ids(roots("nb-down"))).toContain("service:ctl1:nb-db");
    expect(health("sb-down", "ctl1", "sb-db")).toBe("down");
    expect(ids(roots("sb-down"))).toContain("service:ctl1:sb-db");
    expect(health("northd-down", "ctl1", "northd")).toBe("down");
    expect(ids(roots("northd-down"))).toContain("service:ctl1:northd");
    expect(health("neutron-down", "ctl1", "neutron-server")).toBe("down");
    const neutronDown = roots("neutron-down");
    expect(ids(neutronDown)).toContain("service:ctl1:neutron-server");
    expect(ids(flatten(neutronDown))).toContain("gateway:neutron");
  });

  it("ml2-wrong-nb: Neutron points at a port nothing listens on, while the NB DB listens on 6641", () => {
    const findings = roots("ml2-wrong-nb");
    expect(findings[0]?.id).toBe("db-endpoint:nb:ctl1:6645");
    expect(ids(flatten(findings[0]!.symptoms))).toContain("neutron-crashloop:ctl1");
    const f = flatten(findings).find((x) => x.rule === "db-endpoint")!;
    expect(f.id).toBe("db-endpoint:nb:ctl1:6645");
    expect(f.title.key).toBe("f.db-endpoint.wrong-port.title");
    expect(health("ml2-wrong-nb", "ctl1", "nb-db")).toBe("ok");
  });

  it("nb-unix-only: NB runs without a TCP remote; the root says so, with its remotes, and offers no restart", () => {
    const findings = roots("nb-unix-only");
    const f = findings[0]!;
    expect(f.id).toBe("db-endpoint:nb:ctl1:6641");
    expect(f.title.key).toBe("f.db-endpoint.no-tcp-remote.title");
    expect(f.runbook).toBeNull();
    expect(f.evidence.map((e) => e.fact)).toContain(
      "NB ovsdb-server remotes: db:OVN_Northbound,NB_Global,connections, punix:/var/run/ovn/ovnnb_db.sock",
    );
    // The database itself is healthy (it listens where its remotes say); Neutron is what fails.
    expect(health("nb-unix-only", "ctl1", "nb-db")).toBe("ok");
    expect(ids(flatten(f.symptoms))).toContain("gateway:neutron");
    // Not mistaken for a database that is down.
    expect(roots("nb-down").find((x) => x.id === "db-endpoint:nb:ctl1:6641")).toBeUndefined();
    expect(
      flatten(roots("nb-down")).find((x) => x.id === "db-endpoint:nb:ctl1:6641")?.title.key,
    ).toBe("f.db-endpoint.closed.title");
  });

  it("bridge-mapping-missing: the gateway chain breaks at the bridge mapping", () => {
    const s = snapshotFromFixtures("bridge-mapping-missing");
    const chain = gatewayChain(s, s.neutron.routers[0]?.id ?? "")!;
    expect(chain.firstBroken).toBe("bridge-mapping");
    expect(ids(flatten(diagnose(s)))).toContain(`gateway:${chain.routerId}`);
  });

  it("stray-ovsdb: a second NB server outside systemd is found, with the unit's failure under it", () => {
    const findings = roots("stray-ovsdb");
    const f = findings.find((x) => x.rule === "stray-ovsdb")!;
    expect(f.id).toBe("stray-ovsdb:ctl1:nb");
    expect(ids(f.symptoms)).toContain("service:ctl1:nb-db");
  });

  it("controller-disconnected: cmp1's ovn-controller is not connected, nothing else is down", () => {
    const findings = flatten(roots("controller-disconnected"));
    expect(ids(findings)).toContain("controller:cmp1");
    expect(findings.filter((f) => f.severity === "critical").map((f) => f.id)).toEqual([
      "controller:cmp1",
    ]);
  });

  it("every finding's texts exist in both catalogues", () => {
    for (const state of CAPTURED_STATES) {
      for (const f of flatten(roots(state))) {
        for (const m of [f.title, f.explanation, f.cause, f.action]) {
          if (!m) continue;
          expect(en[m.key], `${state}: ${m.key}`).toBeTypeOf("string");
          expect(ko[m.key], `${state}: ${m.key}`).toBeTypeOf("string");
        }
      }
    }
  });
});
