import { Collector } from "@/lib/collect/collector";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import { translator, type Locale } from "@/lib/i18n/catalogue";
import { InventoryError, loadInventoryFile } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";
import { DEFAULT_POOL_OPTIONS, SshPool } from "@/lib/ssh/pool";

/** Exit codes of `ovnscope check`, for cron and CI. */
export const EXIT = { healthy: 0, warnings: 1, critical: 2, couldNotCheck: 3 } as const;

export interface CheckResult {
  exitCode: number;
  snapshot: Snapshot | null;
  findings: Finding[];
  /** Findings the operator accepted (--accept ID): shown, not counted in the exit status. */
  accepted: Finding[];
  error: string | null;
}

/**
 * One collection and the rules: the same code the server runs. `accept` lists finding ids a
 * cron job should stop alarming on (a known, accepted risk such as a distribution's stock
 * unit); they are still reported, and a finding that is not listed still counts.
 */
export async function runCheck(inventoryPath: string, accept: string[] = []): Promise<CheckResult> {
  let inventory;
  try {
    inventory = loadInventoryFile(inventoryPath);
  } catch (err) {
    const error = err instanceof InventoryError ? err.message : String(err);
    return { exitCode: EXIT.couldNotCheck, snapshot: null, findings: [], accepted: [], error };
  }
  const pool = new SshPool(DEFAULT_POOL_OPTIONS);
  try {
    const snapshot = await new Collector(inventory, pool, { maxAgeMs: 0, fanOut: 64 }).refresh();
    const all = diagnose(snapshot);
    const findings = all.filter((f) => !accept.includes(f.id));
    const accepted = all.filter((f) => accept.includes(f.id));
    const counted = flatten(findings);
    const noneRead = snapshot.nodes.every((n) => n.reach !== "reachable" && n.reach !== "partial");
    const exitCode = noneRead
      ? EXIT.couldNotCheck
      : counted.some((f) => f.severity === "critical")
        ? EXIT.critical
        : counted.some((f) => f.severity === "warning")
          ? EXIT.warnings
          : EXIT.healthy;
    return {
      exitCode,
      snapshot,
      findings,
      accepted,
      error: noneRead ? "no node could be read" : null,
    };
  } finally {
    pool.close();
  }
}

/** The human report: worst first, each finding with its evidence, symptoms indented. */
export function formatReport(result: CheckResult, locale: Locale): string {
  const t = translator(locale);
  const lines: string[] = [];
  if (result.error) lines.push(`ovnscope: ${result.error}`);
  if (result.snapshot) {
    const s = result.snapshot;
    lines.push(`cloud ${s.cloud}: ${s.nodes.length} nodes read at ${s.finishedAt}`);
    for (const n of s.nodes)
      lines.push(`  ${n.name.padEnd(12)} ${n.reach}${n.error ? `: ${n.error}` : ""}`);
  }
  const print = (f: Finding, depth: number) => {
    const pad = "  ".repeat(depth);
    lines.push(
      `${pad}${f.severity.toUpperCase().padEnd(8)} ${t(f.title.key, f.title.params)}  [${f.id}]`,
    );
    lines.push(`${pad}         ${t(f.explanation.key, f.explanation.params)}`);
    if (f.action) lines.push(`${pad}         → ${t(f.action.key, f.action.params)}`);
    for (const e of f.evidence)
      lines.push(`${pad}         · ${e.node ?? "-"}: ${e.fact}   (${e.command})`);
    for (const s of f.symptoms) print(s, depth + 1);
  };
  if (result.findings.length === 0 && result.snapshot) lines.push(t("findings.none"));
  for (const f of result.findings) print(f, 0);
  for (const f of result.accepted)
    lines.push(`ACCEPTED ${t(f.title.key, f.title.params)}  [${f.id}] (--accept: not counted)`);
  return lines.join("\n");
}
