import type { NodeData, SectionName, SectionStatus } from "@/lib/model/snapshot";
import { parseControllerConnection, parseNorthdStatus, parseRemotes } from "@/lib/probes/appctl";
import { parseConfig } from "@/lib/probes/config";
import { ProbeParseError } from "@/lib/probes/errors";
import { parseFiles } from "@/lib/probes/files";
import { parseJournal } from "@/lib/probes/journal";
import { parseListeners } from "@/lib/probes/listeners";
import { parseNeutronOptions } from "@/lib/probes/neutron-options";
import { COLLECT_VERSION, parseMeta } from "@/lib/probes/meta";
import { parseNb } from "@/lib/probes/ovn-nb";
import { parseSb } from "@/lib/probes/ovn-sb";
import { parseOvs } from "@/lib/probes/ovs";
import { parseProcesses } from "@/lib/probes/processes";
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
import { parseUnits } from "@/lib/probes/systemd-units";

/** Exit code the collect script uses for "this node has no such daemon/socket". */
const ABSENT_RC = 3;

export interface ParsedNode {
  data: NodeData;
  /** Sections that failed or could not be parsed; empty when the node answered in full. */
  problems: string[];
}

/**
 * Turns the collect script's sections into NodeData, one by one: a section that failed or
 * cannot be parsed is recorded in `sections` and leaves its field empty, the others stand.
 */
export function parseNodeSections(raw: Map<string, RawSection>): ParsedNode {
  const sections: NodeData["sections"] = {};
  const problems: string[] = [];

  function read<T>(name: SectionName, parse: (text: string) => T, fallback: T): T {
    const { value, status, problem } = readSection(raw.get(name), name, parse, fallback);
    sections[name] = status;
    if (problem) problems.push(problem);
    return value;
  }

  const meta = read("meta", parseMeta, null);
  if (meta && meta.version !== COLLECT_VERSION)
    problems.push(
      `the node runs collect script version ${meta.version}, this ovnscope reads version ${COLLECT_VERSION}: install deploy/libexec/ovnscope on it`,
    );

  const data: NodeData = {
    meta,
    units: read("units", parseUnits, []),
    dropIns: read("dropins", parseFiles, []),
    config: read("config", parseConfig, null),
    listeners: read("listen", parseListeners, []),
    processes: read("procs", parseProcesses, []),
    nb: read("nb", parseNb, null),
    sb: read("sb", parseSb, null),
    nbRemotes: read("nb-remotes", parseRemotes, null),
    sbRemotes: read("sb-remotes", parseRemotes, null),
    northdStatus: read("northd", parseNorthdStatus, null),
    ovs: read("ovs", parseOvs, null),
    controllerConnection: read("controller", parseControllerConnection, null),
    // collect-journal runs separately (see Collector); a combined output may carry it too.
    journal: raw.has("journal") ? read("journal", parseJournal, []) : [],
    journalCollectedAt: null,
    // neutron-options runs rarely and separately (see Collector); a combined output may carry it.
    neutronOptions: raw.has("neutron-options")
      ? read("neutron-options", parseNeutronOptions, null)
      : null,
    neutronOptionsCollectedAt: null,
    sections,
  };
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
