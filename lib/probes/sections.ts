import type { SectionName } from "@/lib/model/snapshot";

/** One framed section of the collection output (see deploy/libexec/ovnscope/collect). */
export interface RawSection {
  stdout: string;
  stderr: string;
  /** null when the end marker never came (the script was cut off). */
  rc: number | null;
}

const MARKER = "@@ovnscope ";

/**
 * Splits the combined output of the collection scripts into sections. Tolerant by design:
 * a missing end marker leaves rc null, text outside sections is ignored, and a marker that
 * a command's unterminated last line pushed mid-line is still found.
 */
export function splitSections(output: string): Map<SectionName | string, RawSection> {
  const sections = new Map<string, RawSection>();
  interface Open {
    name: string;
    part: "stdout" | "stderr";
    lines: { stdout: string[]; stderr: string[] };
  }
  let current = null as Open | null;

  const close = (rc: number | null) => {
    if (!current) return;
    sections.set(current.name, {
      stdout: trimFraming(current.lines.stdout),
      stderr: trimFraming(current.lines.stderr),
      rc,
    });
    current = null;
  };

  for (const rawLine of output.split("\n")) {
    const at = rawLine.indexOf(MARKER);
    const text = at > 0 ? rawLine.slice(0, at) : at === 0 ? "" : rawLine;
    if (at > 0 && current) current.lines[current.part].push(text);
    if (at < 0) {
      current?.lines[current.part].push(rawLine);
      continue;
    }
    const [verb, name, extra] = rawLine
      .slice(at + MARKER.length)
      .trim()
      .split(/\s+/);
    if (!name) continue;
    if (verb === "begin") {
      close(null);
      current = { name, part: "stdout", lines: { stdout: [], stderr: [] } };
    } else if (verb === "stderr" && current?.name === name) {
      current.part = "stderr";
    } else if (verb === "end" && current?.name === name) {
      const rc = /^rc=(\d+)$/.exec(extra ?? "");
      close(rc ? Number(rc[1]) : null);
    } else if (verb === "http" && current) {
      // neutron-query's response trailer stays in the section text for its parser.
      current.lines[current.part].push(rawLine.slice(at));
    }
  }
  close(null);
  return sections;
}

/** The script adds one newline before markers; drop that framing, keep the content. */
function trimFraming(lines: string[]): string {
  const out = [...lines];
  while (out.length && out[out.length - 1] === "") out.pop();
  return out.join("\n");
}
