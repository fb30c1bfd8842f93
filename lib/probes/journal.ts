import type { JournalEntry } from "@/lib/model/snapshot";

/**
 * Probe "journal": recent lines of the OVN/OVS/Neutron units, evidence for findings such
 * as "Connection refused", "cannot lock file", "database is locked".
 * Command: deploy/libexec/ovnscope/collect-journal: neutron-server's warnings and errors, then
 * the OVN/OVS units' lines (journalctl -o json --output-fields=MESSAGE,… -u UNIT…).
 * One JSON object a line. MESSAGE is an array of bytes when it is not valid UTF-8.
 * A line that is not JSON is skipped (journalctl may print "-- No entries --").
 */

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((b) => typeof b === "number"))
    return Buffer.from(value as number[]).toString("utf8");
  return "";
}

/** journald's sequence number, from the cursor every JSON entry carries ("…;i=13e9;…"). */
const SEQNUM = /(?:^|;)i=([0-9a-f]+)(?:;|$)/;

export function parseJournal(output: string): JournalEntry[] {
  const rows: { entry: JournalEntry; micros: number; seq: number }[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const micros = Number(row.__REALTIME_TIMESTAMP);
    if (!Number.isFinite(micros)) continue;
    const pid = Number(text(row._PID));
    const seq = SEQNUM.exec(text(row.__CURSOR));
    rows.push({
      micros,
      seq: seq ? parseInt(seq[1]!, 16) : 0,
      entry: {
        time: new Date(Math.floor(micros / 1000)).toISOString(),
        // Messages systemd writes about a unit carry UNIT=; the daemon's own lines _SYSTEMD_UNIT=.
        unit: text(row.UNIT) || text(row._SYSTEMD_UNIT),
        priority: Number(text(row.PRIORITY) || 6),
        pid: Number.isFinite(pid) && pid > 0 ? pid : null,
        identifier: text(row.SYSLOG_IDENTIFIER),
        message: text(row.MESSAGE),
      },
    });
  }
  // Two queries, one after the other, and journalctl (systemd 252) prints a query with several
  // -u, --grep and -n newest first: put them back in time order. By the microsecond, then by
  // journald's sequence number: lines a process writes in one go share their timestamp (seen:
  // python-ovs's "connecting..." and "connected"), and their order is the news.
  return rows.sort((a, b) => a.micros - b.micros || a.seq - b.seq).map((r) => r.entry);
}
