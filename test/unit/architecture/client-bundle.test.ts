/**
 * What a browser downloads: client components ("use client") and everything they import at
 * run time. Type-only imports cost nothing; a value import of a server module drags it and all
 * it imports into the page's bundle. Two things must never get there: the whole diagnosis
 * (lib/diagnose's rules and facts: heavy, and server work) and zod (its eval probe breaks the
 * CSP, which forbids eval: test/browser/csp.test.ts saw it when the topology's bundle reached
 * the inventory schema).
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "./source-files";

const files = new Map(sourceFiles().map((f) => [f.path, f.text]));

/** Value imports (not `import type`, not `export type`), resolved to repository paths. */
function valueImports(path: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)"/g,
  )) {
    if (m[2]) continue;
    // `import { type A, type B } from …` is type-only too.
    const names = /^\{([^}]*)\}$/.exec(m[3]!.trim())?.[1];
    if (names && names.split(",").every((n) => !n.trim() || /^type\s/.test(n.trim()))) continue;
    out.push(resolve(path, m[4]!));
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+"([^"]+)"/g)) out.push(resolve(path, m[1]!));
  return out;
}

function resolve(from: string, spec: string): string {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) {
    const parts = from.split("/").slice(0, -1);
    for (const p of spec.split("/")) {
      if (p === "..") parts.pop();
      else if (p !== ".") parts.push(p);
    }
    base = parts.join("/");
  } else return spec; // a package
  for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base])
    if (files.has(candidate) || (candidate === base && existsSync(base))) return candidate;
  return base;
}

/** Every module a client component pulls into the browser, with the path that pulled it. */
function clientReach(): Map<string, string> {
  const reached = new Map<string, string>();
  const queue = [...files].filter(([, t]) => /^["']use client["']/m.test(t)).map(([p]) => p);
  for (const p of queue) reached.set(p, p);
  while (queue.length) {
    const path = queue.shift()!;
    const text = files.get(path);
    if (!text) continue;
    for (const dep of valueImports(path, text)) {
      if (reached.has(dep)) continue;
      reached.set(dep, `${reached.get(path)} → ${dep}`);
      queue.push(dep);
    }
  }
  return reached;
}

describe("the client bundle", () => {
  const reached = clientReach();

  it("walks real client components (the test reads the code)", () => {
    expect([...reached.keys()].filter((p) => p.startsWith("components/")).length).toBeGreaterThan(
      20,
    );
    expect(reached.has("lib/diagnose/flatten.ts")).toBe(true);
    expect(
      valueImports("x.ts", 'import type { A } from "zod";\nimport { type B } from "zod";'),
    ).toEqual([]);
    expect(valueImports("x.ts", 'import { z } from "zod";')).toEqual(["zod"]);
  });

  it("never reaches zod, the inventory schema, the rules or the facts", () => {
    const forbidden = [...reached].filter(
      ([p]) =>
        p === "zod" ||
        p === "lib/inventory/schema.ts" ||
        p === "lib/diagnose/index.ts" ||
        p.startsWith("lib/diagnose/rules/") ||
        p.startsWith("lib/facts/"),
    );
    expect(forbidden.map(([, via]) => via)).toEqual([]);
  });
});
