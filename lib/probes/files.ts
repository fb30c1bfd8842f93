import type { FileText } from "@/lib/model/snapshot";
import { redactLine } from "./redact";

/**
 * Probes "dropins" and "config": the collect script prints each file as "@@file PATH" and its
 * text, secrets redacted on the node; every line is redacted here again (lib/probes/redact), so
 * no secret a node sends reaches the snapshot. Command: see the dropins() and config()
 * functions of deploy/libexec/ovnscope/collect.
 */
export function parseFiles(text: string): FileText[] {
  const files: FileText[] = [];
  let current: { path: string; lines: string[] } | null = null;
  for (const line of text.split("\n")) {
    const header = /^@@file (\/\S+)$/.exec(line);
    if (header) {
      if (current) files.push({ path: current.path, text: current.lines.join("\n").trimEnd() });
      current = { path: header[1]!, lines: [] };
    } else {
      current?.lines.push(redactLine(line));
    }
  }
  if (current) files.push({ path: current.path, text: current.lines.join("\n").trimEnd() });
  return files;
}
