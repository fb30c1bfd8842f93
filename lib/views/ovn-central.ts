import type { NbState, SbState, Snapshot } from "@/lib/model/snapshot";

export interface OvnView<T> {
  state: T;
  node: string;
  collectedAt: string | null;
  /** True when the node's data is not from this collection (node unreachable now). */
  stale: boolean;
}

/** The NB and SB contents, from the first node that runs each database locally. */
export function ovnCentral(snapshot: Snapshot): {
  nb: OvnView<NbState> | null;
  sb: OvnView<SbState> | null;
} {
  let nb: OvnView<NbState> | null = null;
  let sb: OvnView<SbState> | null = null;
  for (const node of snapshot.nodes) {
    const stale = !(node.reach === "reachable" || node.reach === "partial");
    const at = node.dataCollectedAt;
    if (!nb && node.data?.nb) nb = { state: node.data.nb, node: node.name, collectedAt: at, stale };
    if (!sb && node.data?.sb) sb = { state: node.data.sb, node: node.name, collectedAt: at, stale };
  }
  return { nb, sb };
}

/** "tcp:10.250.0.11:6641" / "ssl:[::1]:6641" / "unix:/run/ovn/ovnnb_db.sock" → parts. */
export function parseOvsdbConnection(
  text: string,
): { proto: string; host: string; port: number | null } | null {
  const first = text.split(",")[0]?.trim() ?? "";
  const unix = /^unix:(.+)$/.exec(first);
  if (unix) return { proto: "unix", host: unix[1]!, port: null };
  const m = /^(tcp|ssl):\[?([^\]]+?)\]?:(\d+)$/.exec(first);
  return m ? { proto: m[1]!, host: m[2]!, port: Number(m[3]) } : null;
}
