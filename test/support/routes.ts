/**
 * Every page and route handler of the app, read from app/ on disk (not a hand-kept list), so
 * a route added later is walked by the access tests without anyone remembering to.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface AppRoute {
  kind: "page" | "api";
  /** The file, relative to the repo. */
  file: string;
  /** A concrete URL path: dynamic segments filled with sample values. */
  path: string;
  /** HTTP methods the route handler exports (pages: GET). */
  methods: string[];
}

const SAMPLE: Record<string, string> = { name: "ctl1", id: "sample-id" };
const METHODS =
  /export\s+(?:async\s+function|const|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g;

function urlPath(segments: string[]): string {
  const parts = segments
    .filter((s) => !/^\(.*\)$/.test(s)) // route groups do not show in the URL
    .map((s) => {
      const m = /^\[(?:\.\.\.)?(\w+)\]$/.exec(s) ?? /^\[\[\.\.\.(\w+)\]\]$/.exec(s);
      return m ? (SAMPLE[m[1]!] ?? "sample") : s;
    });
  return "/" + parts.join("/");
}

export function appRoutes(root = "app"): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (!entry.startsWith("_")) walk(full, [...segments, entry]); // _private folders
      } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry))
        routes.push({ kind: "page", file: full, path: urlPath(segments), methods: ["GET"] });
      else if (/^route\.(ts|js)$/.test(entry))
        routes.push({
          kind: "api",
          file: full,
          path: urlPath(segments),
          methods: [...readFileSync(full, "utf8").matchAll(METHODS)].map((m) => m[1]!),
        });
    }
  };
  walk(root, []);
  return routes;
}
