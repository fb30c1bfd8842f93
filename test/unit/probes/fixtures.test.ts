import { describe, expect, it } from "vitest";
import { parseNodeOutput } from "@/lib/collect/node-data";
import { parseNeutron } from "@/lib/probes/neutron";
import { splitSections } from "@/lib/probes/sections";
import { capturedAt, fixtureText } from "../../support/fixtures";

// Parsers on output captured from the real lab (test/fixtures/collect/healthy, see the .cmd
// file beside each capture for the command and time).

describe("parsers on the healthy lab capture", () => {
  const ctl1 = parseNodeOutput(fixtureText("healthy", "ctl1"));
  const cmp1 = parseNodeOutput(fixtureText("healthy", "cmp1"));

  it("reads every section without a problem", () => {
    expect(ctl1.problems).toEqual([]);
    expect(cmp1.problems).toEqual([]);
    expect(
      Object.entries(cmp1.data.sections)
        .filter(([, s]) => s.state !== "ok")
        .map(([n, s]) => [n, s.state]),
    ).toEqual([
      ["nb", "absent"],
      ["sb", "absent"],
      ["nb-remotes", "absent"],
      ["sb-remotes", "absent"],
      ["nb-server", "absent"],
      ["nb-cluster", "absent"],
      ["sb-server", "absent"],
      ["sb-cluster", "absent"],
      ["northd", "absent"],
    ]);
    // ctl1 serves NB and SB standalone: their _Server answers, no cluster/status to ask.
    expect([ctl1.data.sections["nb-server"], ctl1.data.sections["nb-cluster"]]).toEqual([
      { state: "ok" },
      { state: "absent" },
    ]);
    expect(ctl1.data.nbServer!.find((d) => d.name === "OVN_Northbound")!.model).toBe("standalone");
  });

  it("systemctl show: the units present, with properties, drop-ins and exec lines", () => {
    const ids = ctl1.data.units.map((u) => u.id);
    for (const id of [
      "ovn-northd.service",
      "ovn-ovsdb-server-nb.service",
      "ovn-ovsdb-server-sb.service",
      "ovn-controller.service",
      "neutron-server.service",
    ])
      expect(ids).toContain(id);
    const northd = ctl1.data.units.find((u) => u.id === "ovn-northd.service")!;
    expect(northd).toMatchObject({
      activeState: "active",
      subState: "running",
      type: "forking",
      partOf: ["ovn-central.service"],
    });
    expect(northd.execStart[0]?.argv).toContain("--ovn-manage-ovsdb=no");
    expect(northd.execStop[0]?.argv.slice(1)).toEqual(["stop_northd", "--no-monitor"]);
    // systemd's whole-second unix timestamps, before the capture.
    expect(northd.activeEnterTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(Date.parse(northd.activeEnterTimestamp!)).toBeLessThanOrEqual(
      Date.parse(capturedAt("healthy", "ctl1")),
    );
    expect(northd.mainPid).toBeGreaterThan(0);
    const vswitchd = ctl1.data.units.find((u) => u.id === "ovs-vswitchd.service")!;
    expect(vswitchd.dropInPaths.length).toBeGreaterThan(0);
    expect(ctl1.data.dropIns.map((f) => f.path)).toEqual(
      expect.arrayContaining(vswitchd.dropInPaths),
    );
  });

  it("ss and ps: NB/SB/Neutron sockets with their processes; neutron-server's python main and workers", () => {
    const ports = new Map(ctl1.data.listeners.map((l) => [l.port, l.processes.map((p) => p.name)]));
    expect(ports.get(6641)).toEqual(["ovsdb-server"]);
    expect(ports.get(6642)).toEqual(["ovsdb-server"]);
    expect(ports.get(9696)?.length).toBeGreaterThan(0);
    const commands = ctl1.data.processes.map((p) => p.command);
    for (const c of [
      "ovsdb-server",
      "ovs-vswitchd",
      "ovn-northd",
      "ovn-controller",
      "neutron-server",
    ])
      expect(commands).toContain(c);
    expect(
      ctl1.data.processes.filter(
        (p) => p.command === "ovsdb-server" && p.args.includes("ovnnb_db"),
      ),
    ).toHaveLength(1);
  });

  it("config: Neutron's [ovn] connections and OVN_CTL_OPTS, secrets redacted on the node", () => {
    expect(ctl1.data.config?.neutronOvn).toMatchObject({
      nbConnection: "tcp:10.250.0.11:6641",
      sbConnection: "tcp:10.250.0.11:6642",
      source: "/etc/neutron/plugins/ml2/ml2_conf.ini",
    });
    expect(ctl1.data.config?.ovnCtlOpts).toContain("--db-nb-create-insecure-remote=yes");
    const neutronConf =
      ctl1.data.config?.files.find((f) => f.path === "/etc/neutron/neutron.conf")?.text ?? "";
    expect(neutronConf).toContain("mysql+pymysql://<redacted>@");
    expect(neutronConf).not.toMatch(/neutron:neutron@/);
  });

  it("OVSDB queries: routers, gateway chassis, cr-lrp bound, chassis, bridges and mappings", () => {
    const nb = ctl1.data.nb!;
    const sb = ctl1.data.sb!;
    expect(nb.routers.map((r) => r.externalIds["neutron:router_name"])).toEqual(["router1"]);
    const gwPort = nb.routerPorts.find((p) => p.gatewayChassis.length > 0)!;
    expect(
      nb.gatewayChassis
        .filter((g) => gwPort.gatewayChassis.includes(g.uuid))
        .map((g) => g.chassisName)
        .sort(),
    ).toEqual(["ctl1", "net1"]);
    const cr = sb.portBindings.find((b) => b.logicalPort === `cr-${gwPort.name}`)!;
    expect(sb.chassis.find((c) => c.uuid === cr.chassis)?.name).toBeTruthy();
    expect(sb.chassis.map((c) => c.name).sort()).toEqual(["cmp1", "ctl1", "net1"]);
    expect(ctl1.data.ovs).toMatchObject({
      systemId: "ctl1",
      bridgeMappings: { physnet1: "br-ex" },
      cmsOptions: ["enable-chassis-as-gw"],
    });
    expect(ctl1.data.ovs?.bridges.map((b) => b.name)).toEqual(
      expect.arrayContaining(["br-ex", "br-int"]),
    );
    expect(cmp1.data.ovs?.cmsOptions).toEqual([]);
    expect(ctl1.data.nbRemotes).toContain("ptcp:6641:0.0.0.0");
    expect(ctl1.data.northdStatus).toBe("active");
    expect(cmp1.data.controllerConnection).toBe("connected");
  });

  it("journal: JSON lines with unit, priority and time", () => {
    expect(ctl1.data.journal.length).toBeGreaterThan(10);
    for (const j of ctl1.data.journal) {
      expect(Date.parse(j.time)).toBeLessThanOrEqual(Date.parse(capturedAt("healthy", "ctl1")));
      expect(Date.parse(j.time)).toBeGreaterThan(
        Date.parse(capturedAt("healthy", "ctl1")) - 86_400_000,
      );
      expect(j.priority).toBeGreaterThanOrEqual(0);
    }
    // Healthy: Neutron logged nothing the reader keeps (only why it stops); OVN's units did.
    expect(ctl1.data.journal.some((j) => j.unit === "ovn-northd.service")).toBe(true);
    expect(ctl1.data.journal.some((j) => j.unit === "neutron-server.service")).toBe(false);
  });

  it("Neutron API: router1 with its gateway port ACTIVE on the external flat network physnet1", () => {
    const neutron = parseNeutron(
      splitSections(fixtureText("healthy", "ctl1")).get("neutron")!.stdout,
    );
    expect(neutron.routers.map((r) => r.name)).toEqual(["router1"]);
    expect(neutron.gatewayPorts).toHaveLength(1);
    expect(neutron.gatewayPorts[0]).toMatchObject({
      status: "ACTIVE",
      deviceId: neutron.routers[0]!.id,
      hostId: expect.any(String),
    });
    expect(neutron.externalNetworks[0]).toMatchObject({
      name: "public",
      networkType: "flat",
      physicalNetwork: "physnet1",
    });
    expect(neutron.agents.length).toBeGreaterThan(0);
  });
});
