import { describe, expect, it } from "vitest";
import { checkJson, parseCheckArgs, type CheckResult } from "@/lib/cli/check";
import {
  formatSince,
  shortDuration,
  sinceExit,
  sinceJson,
  summarise,
  type SinceReport,
} from "@/lib/cli/since";
import { diagnose, type Finding } from "@/lib/diagnose";
import { changesSince, observe } from "@/lib/history/changes";
import { EMPTY_HISTORY_STATE, type HistoryEvent } from "@/lib/history/types";
import { translator } from "@/lib/i18n/catalogue";
import { snapshotFromFixtures } from "../support/fixtures";

describe("ovnscope check arguments", () => {
  const defaults = { inventory: "inv.yaml", json: false, accept: [], lang: null, since: null };

  it("parses --lang in both spellings, beside the other options", () => {
    expect(parseCheckArgs([], "inv.yaml")).toEqual(defaults);
    expect(
      parseCheckArgs(["--json", "--lang", "ko", "--accept", "a:b", "--inventory", "x"], "inv.yaml"),
    ).toEqual({ inventory: "x", json: true, accept: ["a:b"], lang: "ko", since: null });
    expect(parseCheckArgs(["--lang=en", "--inventory=y"], "inv.yaml")).toEqual({
      ...defaults,
      inventory: "y",
      lang: "en",
    });
    expect(parseCheckArgs(["--help"], "inv.yaml")).toEqual({ help: true });
  });

  it("refuses a language it has no catalogue for, or none at all, saying which it has", () => {
    expect(parseCheckArgs(["--lang", "fr"], "inv.yaml")).toBe('--lang takes en or ko, not "fr"');
    expect(parseCheckArgs(["--lang=KO"], "inv.yaml")).toBe('--lang takes en or ko, not "KO"');
    expect(parseCheckArgs(["--json", "--lang"], "inv.yaml")).toBe("--lang takes en or ko");
    expect(parseCheckArgs(["--accept", "$(reboot)"], "inv.yaml")).toBe(
      '--accept takes a finding id, not "$(reboot)"',
    );
    expect(parseCheckArgs(["--bogus"], "inv.yaml")).toBe('unknown option "--bogus"');
  });
});

describe("ovnscope check --json", () => {
  // The seed incident as captured on the lab; symptoms nested by hand as well, whatever the
  // correlation makes of this capture.
  const snapshot = snapshotFromFixtures("incident");
  const [root, ...rest] = diagnose(snapshot);
  const result: CheckResult = {
    exitCode: 2,
    snapshot,
    findings: [{ ...root!, symptoms: [...root!.symptoms, ...rest.slice(1, 3)] }],
    accepted: rest.slice(0, 1),
    error: null,
  };
  type Rendered = Finding & {
    text: {
      severity: string;
      title: string;
      explanation: string;
      cause: string | null;
      action: string | null;
      runbook: string | null;
    };
    symptoms: Rendered[];
  };
  const walk = (fs: Rendered[]): Rendered[] => fs.flatMap((f) => [f, ...walk(f.symptoms)]);

  it.each(["en", "ko"] as const)(
    "%s: every finding (symptoms and accepted ones too) has its text beside its keys",
    (lang) => {
      const t = translator(lang);
      const out = JSON.parse(JSON.stringify(checkJson(result, lang))) as {
        lang: string;
        exitCode: number;
        findings: Rendered[];
        accepted: Rendered[];
        snapshot: unknown;
      };
      expect(out.lang).toBe(lang);
      expect(out.exitCode).toBe(2);
      expect(out.snapshot).toEqual(JSON.parse(JSON.stringify(snapshot)));
      const rendered = walk([...out.findings, ...out.accepted]);
      expect(rendered.length).toBeGreaterThan(3);
      expect(rendered.some((f) => f.symptoms.length === 0)).toBe(true);
      for (const f of rendered) {
        // The keys stay, for programs; the text is what the catalogue renders from them.
        expect(f.title.key).toMatch(/^f\./);
        expect(f.text.title).toBe(t(f.title.key, f.title.params));
        expect(f.text.explanation).toBe(t(f.explanation.key, f.explanation.params));
        expect(f.text.cause).toBe(f.cause ? t(f.cause.key, f.cause.params) : null);
        expect(f.text.action).toBe(f.action ? t(f.action.key, f.action.params) : null);
        expect(f.text.runbook).toBe(f.runbook ? t(`runbook.${f.runbook}`) : null);
        expect(f.text.severity).toBe(t(`severity.${f.severity}`));
        // Every placeholder filled.
        for (const text of Object.values(f.text)) if (text) expect(text).not.toMatch(/\{\w+\}/);
      }
    },
  );

  it("Korean text is Korean, English text English, the keys the same", () => {
    const en = checkJson(result, "en");
    const ko = checkJson(result, "ko");
    const enAll = walk(en.findings as Rendered[]);
    const koAll = walk(ko.findings as Rendered[]);
    expect(koAll.map((f) => f.title)).toEqual(enAll.map((f) => f.title));
    for (const [e, k] of enAll.map((f, i) => [f, koAll[i]!] as const)) {
      expect(e.text.title).not.toBe(k.text.title);
      expect(k.text.title).toMatch(/[\uac00-\ud7a3]/); // Hangul
      expect(e.text.title).not.toMatch(/[\uac00-\ud7a3]/);
    }
  });
});

describe("ovnscope check --since", () => {
  it("takes a duration in either spelling, beside the other options", () => {
    expect(parseCheckArgs(["--since", "30m"], "inv.yaml")).toMatchObject({
      since: { text: "30m", ms: 1_800_000 },
    });
    expect(parseCheckArgs(["--json", "--since=2h", "--lang", "ko"], "inv.yaml")).toEqual({
      inventory: "inv.yaml",
      json: true,
      accept: [],
      lang: "ko",
      since: { text: "2h", ms: 7_200_000 },
    });
    expect(parseCheckArgs(["--since", "30d"], "inv.yaml")).toMatchObject({
      since: { ms: 2_592_000_000 },
    });
  });

  it.each([
    [["--since"], "--since takes a duration such as 30m, 2h or 1d (s, m, h or d; at most 30d)"],
    [["--since", "30"], 'not "30"'],
    [["--since", "-5m"], 'not "-5m"'],
    [["--since", "0m"], 'not "0m"'],
    [["--since", "31d"], 'not "31d"'],
    [["--since=1w"], 'not "1w"'],
    [["--since", "$(reboot)"], 'not "$(reboot)"'],
  ])("refuses %j, saying what it takes", (argv, said) => {
    const out = parseCheckArgs(argv, "inv.yaml");
    expect(typeof out).toBe("string");
    expect(out).toContain(said);
    expect(out).toMatch(/^--since takes a duration/);
  });

  // Real events: the lab's captures through history's own change detection (healthy, then the
  // seed incident, then healthy again), at made-up times one and four minutes apart.
  const T0 = Date.parse("2026-12-05T11:00:00Z");
  const observeAt = (state: string, at: number) => {
    const s = snapshotFromFixtures(state);
    return { ...observe(s, diagnose(s)), at };
  };
  const base = changesSince(EMPTY_HISTORY_STATE, observeAt("healthy", T0 - 60_000)).state;
  const broke = changesSince(base, observeAt("incident", T0 + 60_000));
  const healed = changesSince(broke.state, observeAt("healthy", T0 + 300_000));
  let id = 0;
  const events: HistoryEvent[] = [...broke.events, ...healed.events].map((e) => ({
    ...e,
    id: ++id,
  }));
  const report: SinceReport = {
    window: "30m",
    from: T0 - 1_200_000,
    to: T0 + 600_000,
    events,
    truncated: false,
    error: null,
  };
  const opened = events.filter((e) => e.kind === "finding.opened");
  const closed = events.filter((e) => e.kind === "finding.closed");
  // The incident's findings; the stock hazard closes during it (NB and SB are down) and opens again.
  const incident = opened.filter((e) => e.at === T0 + 60_000);
  const reopened = opened.filter((e) => e.at === T0 + 300_000);

  it("the captures give the report something to say: findings open and close, units change", () => {
    expect(opened.length).toBeGreaterThan(1);
    expect(closed.map((e) => e.subject).sort()).toEqual(opened.map((e) => e.subject).sort());
    expect(events.some((e) => e.kind === "unit.changed")).toBe(true);
    expect(incident.length).toBeGreaterThan(1);
    expect(reopened.map((e) => e.subject)).toEqual(["northd-stops-dbs:ctl1:hazard"]);
  });

  it("text: the window and its counts, then one line per change, oldest first, titles in --lang", () => {
    for (const lang of ["en", "ko"] as const) {
      const t = translator(lang);
      const text = formatSince(report, lang);
      const [head, ...lines] = text.split("\n");
      expect(head).toBe(
        `since 2026-12-05T10:40:00Z (30m): ${opened.length} opened (1 still open), ${closed.length} closed, 0 re-graded, ${events.length - opened.length - closed.length} other changes`,
      );
      expect(lines).toHaveLength(events.length);
      for (const e of incident) {
        const title = t(e.detail!.title!.key, e.detail!.title!.params);
        expect(lines).toContain(
          `  2026-12-05T11:01:00Z  OPENED    ${e.severity!.toUpperCase().padEnd(8)} ${title}  [${e.subject}]`,
        );
        expect(lines).toContain(
          `  2026-12-05T11:05:00Z  CLOSED    ${e.severity!.toUpperCase().padEnd(8)} ${title}  [${e.subject}]  (open 4m)`,
        );
      }
      const unit = events.find((e) => e.kind === "unit.changed")!;
      expect(lines).toContain(
        `  2026-12-05T11:01:00Z  unit      ${unit.subject}: ${unit.from ?? "(none)"} → ${unit.to ?? "(none)"}`,
      );
      expect(/[\uac00-\ud7a3]/.test(text)).toBe(lang === "ko");
    }
  });

  it("text: a closing whose opening is before the window, a gateway move, nothing at all, no history", () => {
    const close = { ...closed[0]!, at: T0 };
    const move: HistoryEvent = {
      ...close,
      id: 99,
      kind: "gateway.moved",
      subject: "9f1c",
      router: "9f1c",
      severity: null,
      from: "net1",
      to: null,
      detail: { routerName: "router1" },
    };
    const text = formatSince({ ...report, events: [close, move] }, "en");
    expect(text).toContain("(open opened before the window)");
    expect(text).toContain("  2026-12-05T11:00:00Z  gateway   router1 (9f1c): net1 → nobody");
    expect(text.split("\n")[0]).toContain(
      "0 opened (0 still open), 1 closed, 0 re-graded, 1 other",
    );
    expect(formatSince({ ...report, events: [] }, "en").split("\n")[1]).toBe(
      `  ${translator("en")("check.sinceNone")}`,
    );
    expect(formatSince({ ...report, error: "no history: no store at /x" }, "en")).toBe(
      "ovnscope: no history: no store at /x",
    );
  });

  it("json: the events as /api/history gives them, with rendered titles and the counts", () => {
    const out = JSON.parse(JSON.stringify(sinceJson(report, "ko"))) as ReturnType<typeof sinceJson>;
    expect(out).toMatchObject({ window: "30m", from: report.from, to: report.to, error: null });
    expect(out.summary).toEqual(summarise(events));
    expect(out.summary).toMatchObject({ opened: opened.length, stillOpen: 1 });
    const first = out.events.find((e) => e.kind === "finding.opened")!;
    expect(first.detail!.title!.key).toMatch(/^f\./);
    expect(first.text.title).toMatch(/[\uac00-\ud7a3]/);
    expect(first.text.severity).toBe(translator("ko")(`severity.${first.severity!}`));
    expect(out.events.find((e) => e.kind === "unit.changed")!.text).toEqual({
      title: null,
      severity: null,
    });
  });

  it("the exit status stays the check's; unreadable history is 3 unless the check is critical", () => {
    const bad = { ...report, error: "no history: x" };
    expect([0, 1, 2, 3].map((c) => sinceExit(c, report))).toEqual([0, 1, 2, 3]);
    expect([0, 1, 2, 3].map((c) => sinceExit(c, bad))).toEqual([3, 3, 2, 3]);
  });

  it("short durations: the two largest units", () => {
    expect(
      [0, 42_000, 120_000, 127_000, 3_600_000, 11_520_000, 190_800_000].map(shortDuration),
    ).toEqual(["0s", "42s", "2m", "2m 7s", "1h", "3h 12m", "2d 5h"]);
  });
});
