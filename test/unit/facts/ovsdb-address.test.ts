/** The one OVSDB connection-method parser, on strings the lab's real nodes hold. */
import { describe, expect, it } from "vitest";
import {
  listeningPorts,
  parseOvsdbAddresses,
  parseOvsdbConnection,
} from "@/lib/facts/ovsdb-address";
import { snapshotFromFixtures } from "../../support/fixtures";

const ctl1 = (state: string) => snapshotFromFixtures(state).nodes.find((n) => n.name === "ctl1")!;

describe("OVSDB addresses", () => {
  it("reads the remotes a real NB/SB server listens on", () => {
    const data = ctl1("healthy").data!;
    expect(data.nbRemotes).toContain("ptcp:6641:0.0.0.0");
    expect(listeningPorts(data.nbRemotes)).toEqual([6641]);
    expect(listeningPorts(data.sbRemotes)).toEqual([6642]);
    // NB answering only on its unix socket: no TCP port.
    expect(listeningPorts(ctl1("nb-unix-only").data!.nbRemotes)).toEqual([]);
  });

  it("reads Neutron's configured connections (active methods)", () => {
    const ovn = ctl1("healthy").data!.config!.neutronOvn;
    expect(parseOvsdbConnection(ovn.nbConnection!)).toEqual({
      proto: "tcp",
      host: "10.250.0.11",
      port: 6641,
      passive: false,
    });
    // The wrong-port fault's connection, as its config file says it.
    expect(
      parseOvsdbConnection(ctl1("ml2-wrong-nb").data!.config!.neutronOvn.nbConnection!)?.port,
    ).toBe(6645);
  });

  it("takes every member of a cluster's list, IPv6 in brackets, unix sockets", () => {
    const list = "tcp:10.0.0.1:6641,ssl:[fd00::2]:6641, tcp:10.0.0.3:6641";
    expect(parseOvsdbAddresses(list).map((a) => `${a.proto} ${a.host} ${a.port}`)).toEqual([
      "tcp 10.0.0.1 6641",
      "ssl fd00::2 6641",
      "tcp 10.0.0.3 6641",
    ]);
    expect(parseOvsdbConnection(list)?.host).toBe("10.0.0.1");
    expect(parseOvsdbConnection("unix:/run/ovn/ovnnb_db.sock")).toMatchObject({
      proto: "unix",
      port: null,
    });
    expect(parseOvsdbConnection("bogus")).toBeNull();
    expect(listeningPorts(["pssl:6642", "punix:/x.sock", "ptcp:6641:[::]"])).toEqual([6642, 6641]);
  });
});
