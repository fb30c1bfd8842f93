import type { NodeData, SectionName, SectionStatus } from "@/lib/model/snapshot";
import { ProbeParseError } from "@/lib/probes/errors";
import { NODE_PROBES, type ProbedField } from "@/lib/probes/registry";
import { splitSections, type RawSection } from "@/lib/probes/sections";

/**
 * One section through its parser: the value (or the fallback), its status, and the problem
 * to report when it failed or could not be parsed ("absent" is not a problem).
 */
export function readSection<T>(
  section: RawSection | undefined,
  name: SectionName,
  parse: (text: string) => T,
  fallback: T,
): { value: T; status: SectionStatus; problem: string | null } {
  const status = statusOf(section);
  if (status.state !== "ok")
    return {
      value: fallback,
      status,
      problem: status.state === "absent" ? null : `${name}: ${status.message}`,
    };
  try {
    return { value: parse(section!.stdout), status, problem: null };
  } catch (err) {
    const message =
      err instanceof ProbeParseError ? err.message : `parser failed: ${(err as Error).message}`;
    return { value: fallback, status: { state: "unparsable", message }, problem: message };
  }
}

/** The same, from the whole output (frames). */
export function parseNodeOutput(output: Buffer | string): ParsedNode {
  return parseNodeSections(splitSections(output));
}

/** One probe's section, read and checked: what a node's next identical section stands for. */
interface ParsedSection {
  value: unknown;
  status: SectionStatus;
  problems: string[];
}

/**
 * A node's last parse of each probe's section, by the section's digest (RawSection.digest):
 * a steady node prints the same units, config and databases refresh after refresh, and the
 * same bytes parse to the same value, so that value is kept instead of parsed again (the
 * collector keeps one per node). Values are shared by the snapshots that carry them and are
 * never modified, as the data of a followed node's kept read already is.
 */
export type SectionMemo = Map<ProbedField, { digest: string; read: ParsedSection }>;

function probeSection<T>(
  section: RawSection | undefined,
  name: SectionName,
  parse: (text: string) => T,
  fallback: T,
  check: ((value: T) => string | null) | undefined,
): ParsedSection {
  const { value, status, problem } = readSection(section, name, parse, fallback);
  const checked = status.state === "ok" ? (check?.(value) ?? null) : null;
  return { value, status, problems: [problem, checked].filter((p): p is string => !!p) };
}

/** Exit code the collect script uses for "this node has no such daemon/socket". */
const ABSENT_RC = 3;

export interface ParsedNode {
  data: NodeData;
  /** Sections that failed or could not be parsed; empty when the node answered in full. */
  problems: string[];
}

/**
 * Turns the node scripts' sections into NodeData, one probe at a time (lib/probes/registry): a
 * section that failed or cannot be parsed is recorded in `sections` and leaves its field at
 * the probe's fallback, the others stand. Sections of the scripts that run on their own
 * schedule (collect-journal, neutron-options), and those an older reader does not print
 * (addedLater), are read only when the output carries them.
 */
export function parseNodeSections(raw: Map<string, RawSection>, memo?: SectionMemo): ParsedNode {
  const sections: NodeData["sections"] = {};
  const problems: string[] = [];
  const fields: Partial<Record<ProbedField, unknown>> = {};
  for (const probe of NODE_PROBES) {
    if ((probe.script !== "collect" || probe.addedLater) && !raw.has(probe.section)) {
      fields[probe.field] = probe.fallback();
      continue;
    }
    const section = raw.get(probe.section);
    const digest = memo && section?.digest?.();
    const kept = digest ? memo!.get(probe.field) : undefined;
    const read: ParsedSection =
      kept && kept.digest === digest
        ? kept.read
        : probeSection(section, probe.section, probe.parse, probe.fallback(), probe.check);
    if (digest) memo!.set(probe.field, { digest, read });
    sections[probe.section] = read.status;
    problems.push(...read.problems);
    fields[probe.field] = read.value;
  }
  const data = {
    ...fields,
    journalCollectedAt: null,
    neutronOptionsCollectedAt: null,
    sections,
  } as NodeData;
  return { data, problems };
}

function statusOf(section: RawSection | undefined): SectionStatus {
  if (!section) return { state: "failed", rc: null, message: "missing from the output" };
  if (section.rc === ABSENT_RC && /^absent: /.test(section.stdout)) return { state: "absent" };
  if (section.rc === 0) return { state: "ok" };
  const detail = (section.stderr || section.stdout)
    .trim()
    .split("\n")
    .slice(-3)
    .join(" ")
    .slice(0, 300);
  return {
    state: "failed",
    rc: section.rc,
    message:
      section.rc === null
        ? `cut off before it finished${section.stderr ? `: ${section.stderr.trim().slice(0, 300)}` : ""}`
        : `exit ${section.rc}${detail ? `: ${detail}` : ""}`,
  };
}
