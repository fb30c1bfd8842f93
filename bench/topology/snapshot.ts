import type { NodeSnapshot, Snapshot } from "@/lib/model/snapshot";
import { snapshotFromFixtures } from "../../test/support/fixtures";

/**
 * A cloud of `nodes` inventory nodes as the collector would assemble it, from the lab's
 * captured healthy state: ctl1 and net1 as they are, the rest copies of cmp1 named
 * `az<z>-cmp<nnnn>`, 250 to a zone (so grouped by name prefix into zones). Some are made
 * unwell the way the collector reports it: every 97th host's ovn-controller not connected to
 * SB, every 53rd unreachable with its last data kept (stale), every 131st never read at all.
 * What topologyModel() takes at 2,000 nodes (bench/topology/run.ts, test/unit/views).
 */
export function largeSnapshot(nodes: number): Snapshot {
  const base = snapshotFromFixtures("healthy");
  const cmp1 = base.nodes.find((n) => n.name === "cmp1")!;
  const kept = base.nodes.filter((n) => n.name !== "cmp1");
  const hosts: NodeSnapshot[] = [];
  const central = kept.find((n) => n.data?.sb)!;
  const sb = central.data!.sb!;
  const chassis = [...sb.chassis];
  const chassisPrivate = [...sb.chassisPrivate];
  const encaps = [...sb.encaps];
  const row = <T extends { name?: string; chassisName?: string }>(rows: T[]) =>
    rows.find((r) => (r.name ?? r.chassisName) === cmp1.name)!;
  for (let i = 1; i <= nodes - kept.length; i++) {
    const name = `az${Math.ceil(i / 250)}-cmp${String(i).padStart(4, "0")}`;
    // Its own chassis in SB (system-id = name, as the lab's), current like cmp1's; none for a
    // host never read, which would otherwise be drawn a second time, as a chassis no node claims.
    if (i % 131 !== 0) {
      chassis.push({ ...row(sb.chassis), uuid: `c-${name}`, name, hostname: name });
      chassisPrivate.push({ ...row(sb.chassisPrivate), uuid: `p-${name}`, name });
      encaps.push({ ...row(sb.encaps), uuid: `e-${name}`, chassisName: name });
    }
    const data = cmp1.data && {
      ...cmp1.data,
      ovs: cmp1.data.ovs && { ...cmp1.data.ovs, systemId: name },
    };
    let host: NodeSnapshot = {
      ...cmp1,
      name,
      address: `10.${Math.floor(i / 250)}.${i % 250}.1`,
      data,
    };
    if (i % 131 === 0)
      host = {
        ...host,
        reach: "unreachable",
        error: "no route to host",
        data: null,
        dataCollectedAt: null,
      };
    else if (i % 53 === 0) host = { ...host, reach: "unreachable", error: "connection timed out" };
    else if (i % 97 === 0 && host.data)
      host = { ...host, data: { ...host.data, controllerConnection: "not connected" } };
    hosts.push(host);
  }
  const withSb = kept.map((n) =>
    n === central
      ? { ...n, data: { ...n.data!, sb: { ...sb, chassis, chassisPrivate, encaps } } }
      : n,
  );
  return { ...base, nodes: [...withSb, ...hosts] };
}
