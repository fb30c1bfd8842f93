/**
 * Imports run one way (issue #16): model ← facts ← diagnose ← views, and facts ← recovery.
 * Each layer lists what it may import; anything else is an upward or sideways import.
 * Outside lib/diagnose only its public modules are imported (never a rule file).
 */
import { describe, expect, it } from "vitest";
import { sourceFiles } from "./source-files";

/** What each layer may import from lib/ (prefixes of "@/lib/…" after the alias). */
const MAY_IMPORT: Record<string, string[]> = {
  model: ["model", "inventory/schema"],
  profiles: ["profiles", "inventory/schema"],
  facts: ["facts", "model", "profiles", "inventory/schema"],
  // probes/: the probe declarations (evidence command text) and Neutron's option tables.
  diagnose: ["diagnose", "facts", "model", "profiles", "inventory/schema", "i18n", "probes"],
  views: ["views", "facts", "model", "profiles", "inventory/schema", "i18n", "diagnose"],
  // metrics/: Prometheus series from facts and findings; its I/O (collector, store) is the route's.
  metrics: ["metrics", "facts", "model", "profiles", "inventory/schema", "diagnose"],
  // history/: pure events (changes, timeline, range) beside its recorder and store reads.
  history: [
    "history",
    "facts",
    "model",
    "profiles",
    "inventory",
    "diagnose",
    "store",
    "collect",
    "audit/filter",
    "recovery/types",
  ],
  recovery: [
    "recovery",
    "facts",
    "model",
    "profiles",
    "inventory",
    "diagnose",
    "ssh",
    "store",
    "audit",
    "collect",
  ],
};

/** lib/diagnose's public modules: its entry point, its types, and the flattening pure helper (client-safe). */
const DIAGNOSE_PUBLIC = new Set(["diagnose", "diagnose/types", "diagnose/flatten"]);

/** "@/lib/x/y" or a relative import, resolved to "x/y" under lib/ (null: not under lib/). */
function target(from: string, spec: string): string | null {
  if (spec.startsWith("@/lib/")) return spec.slice("@/lib/".length);
  if (!spec.startsWith(".")) return null;
  const parts = from.split("/").slice(0, -1);
  for (const p of spec.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts[0] === "lib" ? parts.slice(1).join("/") : null;
}

function imports(path: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  return specs.map((s) => target(path, s)).filter((t): t is string => t !== null);
}

const files = sourceFiles();
const layerOf = (t: string) => t.split("/")[0]!;

describe("import graph", () => {
  it("finds the sources and their imports (the test reads real code)", () => {
    const facts = files.filter((f) => f.path.startsWith("lib/facts/"));
    expect(facts.length).toBeGreaterThan(3);
    expect(files.some((f) => imports(f.path, f.text).includes("facts/services"))).toBe(true);
  });

  it("each layer imports only what it may", () => {
    const wrong: string[] = [];
    for (const f of files) {
      if (!f.path.startsWith("lib/")) continue;
      const layer = f.path.split("/")[1]!;
      const allowed = MAY_IMPORT[layer];
      if (!allowed) continue;
      for (const t of imports(f.path, f.text))
        if (!allowed.some((a) => t === a || t.startsWith(`${a}/`)))
          wrong.push(`${f.path} imports lib/${t}`);
    }
    expect(wrong).toEqual([]);
  });

  it("nothing outside lib/diagnose imports its internals (rule files, evidence helpers)", () => {
    const wrong: string[] = [];
    for (const f of files) {
      if (f.path.startsWith("lib/diagnose/")) continue;
      for (const t of imports(f.path, f.text))
        if (layerOf(t) === "diagnose" && !DIAGNOSE_PUBLIC.has(t))
          wrong.push(`${f.path} imports lib/${t}`);
    }
    expect(wrong).toEqual([]);
  });

  it("the checks would catch a violation", () => {
    expect(imports("lib/facts/x.ts", 'import { a } from "@/lib/views/topology";')).toEqual([
      "views/topology",
    ]);
    expect(imports("lib/diagnose/rules/x.ts", 'import { b } from "../../views/node";')).toEqual([
      "views/node",
    ]);
    expect(MAY_IMPORT.facts!.some((a) => "views/topology".startsWith(a))).toBe(false);
  });
});
