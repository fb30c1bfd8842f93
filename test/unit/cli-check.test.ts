import { describe, expect, it } from "vitest";
import { checkJson, parseCheckArgs, type CheckResult } from "@/lib/cli/check";
import { diagnose, type Finding } from "@/lib/diagnose";
import { translator } from "@/lib/i18n/catalogue";
import { snapshotFromFixtures } from "../support/fixtures";

describe("ovnscope check arguments", () => {
  const defaults = { inventory: "inv.yaml", json: false, accept: [], lang: null };

  it("parses --lang in both spellings, beside the other options", () => {
    expect(parseCheckArgs([], "inv.yaml")).toEqual(defaults);
    expect(
      parseCheckArgs(["--json", "--lang", "ko", "--accept", "a:b", "--inventory", "x"], "inv.yaml"),
    ).toEqual({ inventory: "x", json: true, accept: ["a:b"], lang: "ko" });
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
