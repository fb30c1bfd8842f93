import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJournal } from "@/lib/probes/journal";
import { sessionLine } from "@/lib/facts/neutron-ovsdb";

// Real output of collect-journal's Neutron query on the clustered lab's ctl1 while neutron-server
// reconnected after quorum-lost (test/fixtures/neutron-ovsdb/cluster-reconnect.cmd): journalctl
// printed it newest first, and python-ovs wrote some pairs of lines in one go, so journald gave
// both the same microsecond.
const raw = readFileSync("test/fixtures/neutron-ovsdb/cluster-reconnect.jsonl", "utf8");
const stamps = raw
  .trim()
  .split("\n")
  .map((l) => Number((JSON.parse(l) as { __REALTIME_TIMESTAMP: string }).__REALTIME_TIMESTAMP));

describe("parseJournal: lines in the order they were written", () => {
  it("the capture is what the reader must undo: newest first, with shared microseconds", () => {
    expect(stamps.filter((t, i) => i > 0 && t < stamps[i - 1]!).length).toBeGreaterThan(50);
    expect(new Set(stamps).size).toBeLessThan(stamps.length);
  });

  it("oldest first; within one microsecond, journald's sequence number decides", () => {
    const lines = parseJournal(raw);
    expect(lines).toHaveLength(stamps.length);
    for (let i = 1; i < lines.length; i++)
      expect(Date.parse(lines[i]!.time)).toBeGreaterThanOrEqual(Date.parse(lines[i - 1]!.time));
    // Each pair python-ovs wrote at once, in its own order: the attempt, then its outcome.
    const pairs = lines.flatMap((l, i) =>
      i > 0 && l.time === lines[i - 1]!.time && l.pid === lines[i - 1]!.pid
        ? [[sessionLine(lines[i - 1]!.message), sessionLine(l.message)]]
        : [],
    );
    expect(pairs).toContainEqual(["connecting...", "connected"]);
    for (const [first, second] of pairs)
      expect(`${first} → ${second}`).toMatch(
        /^(connecting\.\.\. → (connected|connection attempt failed \(Connection refused\))|connection closed by client → continuing to reconnect in the background but suppressing further logging)$/,
      );
    // The api worker's SB session at 10:32:42.823: its last word there is "connected".
    const sb = lines.filter((l) => l.pid === 32861 && l.time === "2026-12-06T10:32:42.823Z");
    expect(sb.map((l) => sessionLine(l.message))).toEqual(["connecting...", "connected"]);
  });
});
