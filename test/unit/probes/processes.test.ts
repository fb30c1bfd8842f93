import { describe, expect, it } from "vitest";
import { commandOf, parseProcesses } from "@/lib/probes/processes";

// Command lines as `ps -eo args -ww` printed them on the lab's ctl1 (Neutron 21, Debian 12):
// the monolithic neutron-server, and the split layout (`lab/bin/lab neutron-layout split`:
// Debian's neutron-api.service under uWSGI beside neutron-rpc-server.service).
const RPC_MAIN =
  "/usr/bin/python3 /usr/bin/neutron-rpc-server --config-file=/etc/neutron/neutron.conf --config-dir=/etc/neutron/server.conf.d --config-file=/etc/neutron/plugins/ml2/ml2_conf.ini";
const RPC_WORKER =
  "neutron-server: neutron-server: rpc worker (/usr/bin/python3 /usr/bin/neutron-rpc-server --config-file=/etc/neutron/neutron.conf --config-dir=/etc/neutron/server.conf.d --config-file=/etc/neutron/plugins/ml2/ml2_conf.ini)";
const API_UWSGI =
  "/usr/bin/uwsgi_python311 --http-socket :9696 --ini /etc/neutron/neutron-api-uwsgi.ini --pyargv --config-dir=/etc/neutron/server.conf.d --config-file=/etc/neutron/neutron.conf --config-file=/etc/neutron/plugins/ml2/ml2_conf.ini";
const SERVER_MAIN =
  "/usr/bin/python3 /usr/bin/neutron-server --config-file=/etc/neutron/neutron.conf --config-file=/etc/neutron/plugins/ml2/ml2_conf.ini";
const SERVER_WORKER =
  "neutron-server: api worker (/usr/bin/python3 /usr/bin/neutron-server --config-file=/etc/neutron/neutron.conf --config-file=/etc/neutron/plugins/ml2/ml2_conf.ini)";

describe("which program a process runs", () => {
  it("Neutron's split layout: the rpc server's workers are neutron-rpc-server's, uWSGI's API is neutron-api", () => {
    expect(commandOf(RPC_MAIN)).toBe("neutron-rpc-server");
    // Retitled "neutron-server: …" by oslo.service: once taken for a stray neutron-server.
    expect(commandOf(RPC_WORKER)).toBe("neutron-rpc-server");
    expect(commandOf(API_UWSGI)).toBe("neutron-api");
  });

  it("the monolithic neutron-server and its workers, and the OVN daemons, as before", () => {
    expect(commandOf(SERVER_MAIN)).toBe("neutron-server");
    expect(commandOf(SERVER_WORKER)).toBe("neutron-server");
    expect(commandOf("neutron-server: periodic worker")).toBe("neutron-server");
    expect(
      commandOf("ovsdb-server /var/lib/ovn/ovnnb_db.db --remote=punix:/var/run/ovn/ovnnb_db.sock"),
    ).toBe("ovsdb-server");
    expect(commandOf("ovn-northd: monitoring pid 123 (healthy)")).toBe("ovn-northd");
  });

  it("uWSGI serving something else is not Neutron's API", () => {
    expect(commandOf("/usr/bin/uwsgi_python311 --ini /etc/keystone/keystone-uwsgi.ini")).toBe(
      "uwsgi_python311",
    );
  });

  it("parses a ps line into pid, parent and the program", () => {
    const [p] = parseProcesses(`   1451    1351 neutron 12 91234 ${RPC_WORKER}`);
    expect(p).toMatchObject({
      pid: 1451,
      ppid: 1351,
      user: "neutron",
      command: "neutron-rpc-server",
    });
  });
});
