/**
 * `ovnscope check --since DURATION`: what changed in the window, read from the history the
 * server records in its store (lib/history). The CLI only reads it: it never records (the
 * server is history's one writer per cloud) and never creates a store that is not there.
 */
import { existsSync } from "node:fs";
import type { HistoryEvent } from "@/lib/history/types";
import { translator, type Locale } from "@/lib/i18n/catalogue";
import { HISTORY_QUERY_MAX } from "@/lib/store/sql-store";
import { openStore, type StoreConfig } from "@/lib/store";
import { EXIT } from "./check";

export interface SinceReport {
  /** The window as given (`30m`). */
  window: string;
  from: number;
  to: number;
  /** Oldest first. */
  events: HistoryEvent[];
  /** More events than one read holds (HISTORY_QUERY_MAX): the newest are shown. */
  truncated: boolean;
  /** Why the history could not be read; events are then empty. */
  error: string | null;
}

/** Where the store is, for messages (never a password: a URL's credentials are dropped). */
function storePlace(config: StoreConfig): string {
  if (config.kind === "sqlite") return config.file;
  try {
    const u = new URL(config.url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}

type Window = { text: string; ms: number };

/** A window whose history could not be read, and why. */
export function unreadable(window: Window, to: number, error: string): SinceReport {
  return { window: window.text, from: to - window.ms, to, events: [], truncated: false, error };
}

/** Reads the cloud's events in [to - windowMs, to] from the store the server records into. */
export async function readSince(
  config: StoreConfig,
  cloud: string,
  window: Window,
  to: number,
): Promise<SinceReport> {
  const fail = (error: string) => unreadable(window, to, `no history: ${error}`);
  const place = storePlace(config);
  // Opening a SQLite file that is not there would create an empty store: the usual cause is
  // running the CLI where OVNSCOPE_DATA_DIR does not point at the server's.
  if (config.kind === "sqlite" && !existsSync(config.file))
    return fail(
      `no store at ${place} (set OVNSCOPE_DATA_DIR or DATABASE_URL as the server has them)`,
    );
  let store;
  try {
    store = await openStore(config);
  } catch (err) {
    return fail(`cannot open the store at ${place}: ${errText(err)}`);
  }
  try {
    if (!(await store.history.state(cloud)))
      return fail(
        `nothing recorded for cloud ${cloud} in ${place} (is the server running on this store with OVNSCOPE_HISTORY=on?)`,
      );
    const from = to - window.ms;
    const { events, truncated } = await store.history.query(cloud, {
      from,
      to,
      limit: HISTORY_QUERY_MAX,
      newest: true, // an alert's reader wants the latest when the window holds more
    });
    return { window: window.text, from, to, events, truncated, error: null };
  } catch (err) {
    return fail(`cannot read it from ${place}: ${errText(err)}`);
  } finally {
    await store.close();
  }
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The exit status of `check --since`: still what is wrong now (cron's alerting does not change
 * with the flag). A history that could not be read makes it 3 (could not check) unless the
 * check found something critical, which stays 2: worst first as Icinga orders states
 * (OK < WARNING < UNKNOWN < CRITICAL), so the report asked for is never silently missing and
 * a critical is never hidden behind it.
 */
export function sinceExit(checkExit: number, since: SinceReport): number {
  if (!since.error || checkExit === EXIT.critical) return checkExit;
  return EXIT.couldNotCheck;
}

export interface SinceSummary {
  opened: number;
  closed: number;
  /** Opened in the window and not closed after (as far as history knows). */
  stillOpen: number;
  regraded: number;
  /** Units, reachability, gateways. */
  other: number;
}

export function summarise(events: HistoryEvent[]): SinceSummary {
  const open = new Set<string>();
  const s: SinceSummary = { opened: 0, closed: 0, stillOpen: 0, regraded: 0, other: 0 };
  for (const e of events) {
    if (e.kind === "finding.opened") {
      s.opened++;
      open.add(e.subject);
    } else if (e.kind === "finding.closed") {
      s.closed++;
      open.delete(e.subject);
    } else if (e.kind === "finding.severity") s.regraded++;
    else s.other++;
  }
  s.stillOpen = open.size;
  return s;
}

/** `2m 7s`, `3h 12m`, `2d 4h`: the two largest units, for a cron mail. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60];
  if (d) return h ? `${d}d ${h}h` : `${d}d`;
  if (h) return m ? `${h}h ${m}m` : `${h}h`;
  if (m) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  return `${s}s`;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** One line per event, oldest first: a finding's title in `locale`, a change's from → to. */
export function formatSince(report: SinceReport, locale: Locale): string {
  if (report.error) return `ovnscope: ${report.error}`;
  const t = translator(locale);
  const s = summarise(report.events);
  const lines = [
    `since ${iso(report.from)} (${report.window}): ${s.opened} opened (${s.stillOpen} still open), ${s.closed} closed, ${s.regraded} re-graded, ${s.other} other changes`,
  ];
  if (report.events.length === 0) lines.push(`  ${t("check.sinceNone")}`);
  const openedAt = new Map<string, number>();
  const word = (v: string | null) => v ?? "(none)";
  for (const e of report.events) {
    const at = `  ${iso(e.at)}  `;
    const title = e.detail?.title ? t(e.detail.title.key, e.detail.title.params) : e.subject;
    const sev = (e.severity ?? "").toUpperCase().padEnd(8);
    switch (e.kind) {
      case "finding.opened":
        openedAt.set(e.subject, e.at);
        lines.push(`${at}OPENED    ${sev} ${title}  [${e.subject}]`);
        break;
      case "finding.severity":
        lines.push(
          `${at}REGRADED  ${sev} ${title}  [${e.subject}]  (was ${word(e.from).toUpperCase()})`,
        );
        break;
      case "finding.closed": {
        const since = openedAt.get(e.subject);
        const open = since === undefined ? "opened before the window" : shortDuration(e.at - since);
        lines.push(`${at}CLOSED    ${sev} ${title}  [${e.subject}]  (open ${open})`);
        break;
      }
      case "unit.changed":
        lines.push(`${at}unit      ${e.subject}: ${word(e.from)} → ${word(e.to)}`);
        break;
      case "node.reach":
        lines.push(`${at}reach     ${e.subject}: ${word(e.from)} → ${word(e.to)}`);
        break;
      case "gateway.moved": {
        const name = e.detail?.routerName ? `${e.detail.routerName} (${e.subject})` : e.subject;
        lines.push(`${at}gateway   ${name}: ${e.from ?? "nobody"} → ${e.to ?? "nobody"}`);
        break;
      }
    }
  }
  if (report.truncated)
    lines.push(
      `  … more than ${report.events.length} changes: the newest shown; ask a shorter window`,
    );
  return lines.join("\n");
}

/**
 * `--json`'s `since`: the events as /api/history gives them (times in ms), each finding's title
 * rendered in `locale` beside its message key, and the counts.
 */
export function sinceJson(report: SinceReport, locale: Locale) {
  const t = translator(locale);
  return {
    window: report.window,
    from: report.from,
    to: report.to,
    error: report.error,
    truncated: report.truncated,
    summary: summarise(report.events),
    events: report.events.map((e) => ({
      ...e,
      text: {
        title: e.detail?.title ? t(e.detail.title.key, e.detail.title.params) : null,
        severity: e.severity ? t(`severity.${e.severity}`) : null,
      },
    })),
  };
}
