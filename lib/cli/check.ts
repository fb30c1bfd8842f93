import { Collector } from "@/lib/collect/collector";
import { diagnose, flatten, type Finding } from "@/lib/diagnose";
import { isLocale, LOCALES, translator, type Locale, type Translate } from "@/lib/i18n/catalogue";
import { InventoryError, loadInventoryFile } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";
import { maxAnswerBytesFromEnv } from "@/lib/ssh/bounded";
import { DEFAULT_POOL_OPTIONS, SshPool } from "@/lib/ssh/pool";
import { parseDuration } from "@/lib/history/range";
import { FINDING_ID } from "@/lib/views/finding";
import { isCurrent } from "@/lib/model/current";

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

export interface CheckArgs {
  inventory: string;
  json: boolean;
  accept: string[];
  /** --lang: the language of the report and of --json's texts; null: not given. */
  lang: Locale | null;
  /** --since: also report what changed in this window, from the server's history (./since). */
  since: { text: string; ms: number } | null;
}

/**
 * `ovnscope check`'s options, or what is wrong with them (the CLI prints it and exits 3, like
 * any other input it cannot check with). `inventory` is the default inventory file.
 */
export function parseCheckArgs(
  argv: string[],
  inventory: string,
): CheckArgs | { help: true } | string {
  const args: CheckArgs = { inventory, json: false, accept: [], lang: null, since: null };
  const langs = LOCALES.join(" or ");
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const [name, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (arg === "--json") args.json = true;
    else if (arg === "--help" || arg === "-h") return { help: true };
    else if (name === "--inventory") {
      const file = value();
      if (!file) return "--inventory takes a file";
      args.inventory = file;
    } else if (name === "--accept") {
      const id = value();
      if (!id) return "--accept takes a finding id";
      if (!FINDING_ID.test(id)) return `--accept takes a finding id, not ${JSON.stringify(id)}`;
      args.accept.push(id);
    } else if (name === "--lang") {
      const lang = value();
      if (!lang) return `--lang takes ${langs}`;
      if (!isLocale(lang)) return `--lang takes ${langs}, not ${JSON.stringify(lang)}`;
      args.lang = lang;
    } else if (name === "--since") {
      const text = value();
      const ms = text ? parseDuration(text) : null;
      if (!text || ms === null)
        return `--since takes a duration such as 30m, 2h or 1d (s, m, h or d; at most 30d)${text ? `, not ${JSON.stringify(text)}` : ""}`;
      args.since = { text, ms };
    } else return `unknown option ${JSON.stringify(arg)}`;
  }
  return args;
}

/**
 * One collection and the rules: the same code the server runs. `accept` lists finding ids a
 * cron job should stop alarming on (a known, accepted risk such as a distribution's stock
 * unit); they are still reported, and a finding that is not listed still counts.
 */
export async function runCheck(inventoryPath: string, accept: string[] = []): Promise<CheckResult> {
  let inventory;
  let maxAnswerBytes;
  try {
    inventory = loadInventoryFile(inventoryPath);
    maxAnswerBytes = maxAnswerBytesFromEnv();
  } catch (err) {
    const error = err instanceof InventoryError ? err.message : String(err);
    return { exitCode: EXIT.couldNotCheck, snapshot: null, findings: [], accepted: [], error };
  }
  const pool = new SshPool({ ...DEFAULT_POOL_OPTIONS, maxAnswerBytes });
  try {
    const snapshot = await new Collector(inventory, pool, { maxAgeMs: 0, fanOut: 64 }).refresh();
    const all = diagnose(snapshot);
    const findings = all.filter((f) => !accept.includes(f.id));
    const accepted = all.filter((f) => accept.includes(f.id));
    const counted = flatten(findings);
    const noneRead = !snapshot.nodes.some(isCurrent);
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

/** A finding's texts, rendered from its message keys in one language. */
export interface FindingText {
  severity: string;
  title: string;
  explanation: string;
  cause: string | null;
  action: string | null;
  runbook: string | null;
}

export type RenderedFinding = Omit<Finding, "symptoms"> & {
  text: FindingText;
  symptoms: RenderedFinding[];
};

function render(f: Finding, t: Translate): RenderedFinding {
  const text = (m: Finding["title"] | null) => (m ? t(m.key, m.params) : null);
  return {
    ...f,
    text: {
      severity: t(`severity.${f.severity}`),
      title: t(f.title.key, f.title.params),
      explanation: t(f.explanation.key, f.explanation.params),
      cause: text(f.cause),
      action: text(f.action),
      runbook: f.runbook ? t(`runbook.${f.runbook}`) : null,
    },
    symptoms: f.symptoms.map((s) => render(s, t)),
  };
}

/**
 * What `check --json` prints: the result with every finding's text (symptoms' too) rendered
 * in `locale` beside its message keys — cron mails and CI logs are read by people; programs
 * keep matching on ids and keys.
 */
export function checkJson(result: CheckResult, locale: Locale) {
  const t = translator(locale);
  return {
    exitCode: result.exitCode,
    error: result.error,
    lang: locale,
    findings: result.findings.map((f) => render(f, t)),
    accepted: result.accepted.map((f) => render(f, t)),
    snapshot: result.snapshot,
  };
}
