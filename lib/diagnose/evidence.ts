import type { JournalEntry, NodeData, NodeSnapshot, SectionName, Unit } from "@/lib/model/snapshot";
import { defaultProfile } from "@/lib/profiles";
import { probeCommand } from "@/lib/probes/registry";
import type { Evidence } from "./types";
import { describeUnit } from "@/lib/facts/unit-state";

export function evidence(
  node: NodeSnapshot | null,
  probe: SectionName,
  fact: string,
  command?: string,
): Evidence {
  return {
    node: node?.name ?? null,
    probe,
    // The probe's command on this node's profile (evidence about no node: the first profile's).
    command: command ?? probeCommand(probe, node?.profile ?? defaultProfile()),
    fact,
    at: node?.dataCollectedAt ?? null,
  };
}

/** Nothing listens on `port` of `node`: what does listen there, each port once. */
export function closedPortEvidence(node: NodeSnapshot, data: NodeData, port: number): Evidence {
  const open = [...new Set(data.listeners.map((l) => l.port))].sort((a, b) => a - b);
  return evidence(
    node,
    "listen",
    `no socket listens on port ${port}; listening: ${open.join(", ") || "none"}`,
  );
}

export function unitEvidence(node: NodeSnapshot, u: Unit): Evidence {
  return evidence(node, "units", describeUnit(u), `systemctl show ${u.id}`);
}

/**
 * At most `max` characters of a long line; when `keep` is given and would be cut off, the part
 * that ends with it instead (the fact a finding names stays visible in its evidence).
 */
export function excerpt(text: string, max: number, keep?: string): string {
  if (text.length <= max) return text;
  const at = keep ? text.indexOf(keep) : -1;
  if (at < 0 || at + keep!.length <= max) return text.slice(0, max);
  const end = at + keep!.length;
  return `…${text.slice(end - max + 1, end)}${end < text.length ? "…" : ""}`;
}

/** A journal line as evidence, timed by the line itself (`keep`: see excerpt). */
export function journalEvidence(
  node: NodeSnapshot,
  unitId: string,
  j: JournalEntry,
  keep?: string,
): Evidence {
  return {
    ...evidence(
      node,
      "journal",
      `${j.time} ${excerpt(j.message, 300, keep)}`,
      `journalctl -u ${unitId}`,
    ),
    at: j.time,
  };
}
