import type { RaftPeer, RaftStatus, ServedDatabase } from "@/lib/model/snapshot";
import { ProbeParseError } from "./errors";
import { optionalBool, optionalString, parseQueryResults, str, type Row } from "./ovsdb";

/**
 * Probes "nb-server"/"sb-server" and "nb-cluster"/"sb-cluster": how an NB or SB ovsdb-server
 * runs its database, and, for a clustered one, what its raft says.
 *
 *   ovsdb-client query unix:/var/run/ovn/ovnnb_db.sock \
 *     '["_Server",{"op":"select","table":"Database","where":[],"columns":[…]}]'
 *   ovn-appctl -t /var/run/ovn/ovnnb_db.ctl cluster/status OVN_Northbound
 *
 * cluster/status is printed by ovsdb/raft.c (raft_unixctl_status); the fields and their order
 * are ovsdb-server's, read here one labelled line at a time so that a field a newer OVS adds
 * (or drops) costs only that field. ovn-kubernetes parses the same text for its metrics
 * (go-controller/pkg/metrics/ovn_db.go).
 */

export function parseServedDatabases(text: string): ServedDatabase[] {
  const [rows] = parseQueryResults("server", text, 1) as [Row[]];
  return rows.map((row) => {
    const index = row.index;
    return {
      name: str(row, "name"),
      model: str(row, "model"),
      connected: optionalBool(row, "connected") ?? false,
      leader: optionalBool(row, "leader") ?? false,
      cid: optionalString(row, "cid"),
      sid: optionalString(row, "sid"),
      index: typeof index === "number" ? index : null,
    };
  });
}

const FIELD = /^([A-Z][A-Za-z ]*?):\s?(.*)$/;
// "f26c (f26c at tcp:127.0.0.1:6623) (self) next_index=2 match_index=4 last msg 327 ms ago"
const PEER =
  /^([0-9a-f]{4}) \(\S+ at (\S+)\)( \(self\))?(?: next_index=(\d+) match_index=(\d+))?(?: last msg (\d+) ms ago)?/;
const FULL_ID = /^[0-9a-f]{4} \(([0-9a-f-]{36})\)$/;

function int(value: string | undefined): number | null {
  if (value === undefined || !/^-?\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** "N ms ago" at the start of a value (Last Election started/won). */
function msAgo(value: string | undefined): number | null {
  const m = value ? /^(\d+) ms ago/.exec(value) : null;
  return m ? Number(m[1]) : null;
}

export function parseRaftStatus(text: string): RaftStatus {
  const fields = new Map<string, string>();
  const servers: RaftPeer[] = [];
  let inServers = false;
  for (const raw of text.split("\n")) {
    if (inServers && /^\s+\S/.test(raw)) {
      const m = PEER.exec(raw.trim());
      if (m)
        servers.push({
          sid: m[1]!,
          address: m[2]!,
          self: Boolean(m[3]),
          nextIndex: int(m[4]),
          matchIndex: int(m[5]),
          lastMsgMs: int(m[6]),
        });
      continue;
    }
    inServers = false;
    const m = FIELD.exec(raw);
    if (!m) continue;
    if (m[1] === "Servers") inServers = true;
    else fields.set(m[1]!, m[2]!.trim());
  }
  const need = (key: string) => {
    const value = fields.get(key);
    if (value === undefined) throw new ProbeParseError("cluster", `no "${key}:" line`);
    return value;
  };
  const fullId = (key: string) => FULL_ID.exec(need(key))?.[1] ?? null;
  const serverId = fullId("Server ID");
  if (!serverId) throw new ProbeParseError("cluster", `Server ID: ${need("Server ID")}`);
  const term = int(need("Term"));
  if (term === null) throw new ProbeParseError("cluster", `Term is not a number: ${need("Term")}`);
  const log = /^\[(\d+), (\d+)\]$/.exec(fields.get("Log") ?? "");
  return {
    name: need("Name"),
    clusterId: fullId("Cluster ID"),
    serverId,
    address: need("Address"),
    status: need("Status"),
    role: need("Role"),
    term,
    leader: need("Leader"),
    vote: fields.get("Vote") ?? "unknown",
    lastElectionStartedMs: msAgo(fields.get("Last Election started")),
    lastElectionWonMs: msAgo(fields.get("Last Election won")),
    electionTimerMs: int(fields.get("Election timer")),
    log: log ? { start: Number(log[1]), next: Number(log[2]) } : null,
    notCommitted: int(fields.get("Entries not yet committed")) ?? 0,
    notApplied: int(fields.get("Entries not yet applied")) ?? 0,
    connections: (fields.get("Connections") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .flatMap((token) => {
        const m = /^(\()?(<-|->)([0-9a-f]{4})\)?$/.exec(token);
        return m
          ? [
              {
                direction: m[2] === "<-" ? ("in" as const) : ("out" as const),
                sid: m[3]!,
                failing: Boolean(m[1]),
              },
            ]
          : [];
      }),
    disconnections: int(fields.get("Disconnections")) ?? 0,
    servers,
  };
}
