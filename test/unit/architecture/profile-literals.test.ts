/**
 * Names that differ by deployment — unit names, OVN database files, ctl and db sockets, OVSDB
 * ports — live only in lib/profiles (issue #16): a new deployment shape is a new profile file,
 * not edits to rules, checks and views. This reads every string, template, regex and number
 * literal in lib/, app/ and components/ (comments are not code and are not read).
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "./source-files";

const DEPLOYMENT_NAME = /\b[a-z0-9@_-]+\.service(?![\w.])|ovn[ns]b_db|\.ctl\b|\.sock\b|:664[1-4]\b/;
const OVSDB_PORT = /^664[1-4]$/;

/**
 * Files allowed to spell such names, each with why. Anything else is a finding of this test.
 */
const ALLOWED: Record<string, string> = {
  "lib/ssh/command.ts":
    "the act allow-list: which units ovnscope may ever restart is a reviewed safety list, mirrored by deploy/sudoers.d/ovnscope and act, never derived from data",
};

function literalsOf(path: string, text: string): { line: number; text: string }[] {
  const kind = path.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const out: { line: number; text: string }[] = [];
  const visit = (n: ts.Node) => {
    const stringy =
      ts.isStringLiteralLike(n) ||
      ts.isTemplateHead(n) ||
      ts.isTemplateMiddle(n) ||
      ts.isTemplateTail(n) ||
      ts.isJsxText(n) ||
      ts.isRegularExpressionLiteral(n);
    const t = n.getText(sf);
    if ((stringy && DEPLOYMENT_NAME.test(t)) || (ts.isNumericLiteral(n) && OVSDB_PORT.test(t)))
      out.push({ line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, text: t });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("deployment names only in lib/profiles", () => {
  it("finds them where they are (the test reads real code)", () => {
    const profiles = sourceFiles().filter((f) => f.path.startsWith("lib/profiles/"));
    expect(profiles.flatMap((f) => literalsOf(f.path, f.text)).length).toBeGreaterThan(4);
    expect(literalsOf("x.ts", "// ovn-northd.service\nconst a = 1;")).toEqual([]);
    expect(
      literalsOf("x.ts", 'const p = 6641; const u = `${n}.ctl`; const s = "x.service";'),
    ).toHaveLength(3);
  });

  it("no unit name, DB file, socket or OVSDB port outside lib/profiles and the allow-list", () => {
    const found: string[] = [];
    for (const f of sourceFiles()) {
      if (f.path.startsWith("lib/profiles/") || ALLOWED[f.path]) continue;
      for (const l of literalsOf(f.path, f.text))
        found.push(`${f.path}:${l.line} ${l.text.slice(0, 80)}`);
    }
    expect(found).toEqual([]);
  });

  it("every allow-list entry still needs its exception", () => {
    const files = new Map(sourceFiles().map((f) => [f.path, f.text]));
    for (const path of Object.keys(ALLOWED))
      expect(literalsOf(path, files.get(path) ?? "").length, path).toBeGreaterThan(0);
  });
});
