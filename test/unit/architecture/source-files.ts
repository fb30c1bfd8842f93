/** The project's TypeScript sources, for tests that read the code itself (import graph, literals). */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..", "..");
const DIRS = ["lib", "app", "components"];

export function sourceFiles(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(e.name) && !e.name.endsWith(".d.ts"))
        out.push({ path: relative(ROOT, full), text: readFileSync(full, "utf8") });
    }
  };
  for (const d of DIRS) walk(join(ROOT, d));
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
