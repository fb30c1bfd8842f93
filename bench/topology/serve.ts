/**
 * Builds the topology bench page (the real TopologyView bundled with esbuild, a synthetic
 * cloud injected as window.__TOPOLOGY__) into a temp dir and serves it on loopback. Shared by
 * run.ts (the figure) and profile.ts (where the time goes).
 */
import tailwind from "@tailwindcss/postcss";
import { build } from "esbuild";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type { TopologyModel } from "@/lib/views/topology";
import { computeLayout, withLayout } from "@/lib/views/topology-layout";
import { syntheticTopology, type SyntheticOptions } from "./model";

export interface BenchPage {
  url: string;
  model: TopologyModel;
  /**
   * The server-side layout's time for this structure: `cold` is the first in the process
   * (loading ELK included, as after a server start), `warm` one more uncached run (as after a
   * change of structure). The page's loads find it cached, as every refresh with the same
   * structure does.
   */
  layoutMs: { cold: number; warm: number };
  close: () => void;
}

export async function serveBenchPage(
  hosts: number,
  routers: number,
  {
    minify = true,
    entry = "bench/topology/entry.tsx",
    ungrouped = false,
  }: { minify?: boolean; entry?: string } & Pick<SyntheticOptions, "ungrouped"> = {},
): Promise<BenchPage> {
  const dir = mkdtempSync(join(tmpdir(), "ovnscope-topo-bench-"));
  let model: TopologyModel | null = null;
  const server = createServer((req, res) => {
    // The view's first SWR revalidation, answered as app/api/topology does: the model with its
    // layout from the server-side code (the same structure, so the cached layout); with
    // `?expand=`, those groups drawn host by host (a new structure, laid out then).
    const api = new URL(req.url ?? "/", "http://bench");
    if (api.pathname === "/api/topology" && model) {
      const expand = (api.searchParams.get("expand") ?? "").split(",").filter(Boolean);
      const asked = expand.length
        ? syntheticTopology(hosts, routers, { expand, ungrouped })
        : model;
      return void withLayout(asked).then((m) =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(m)),
      );
    }
    const file = join(dir, req.url === "/" ? "index.html" : (req.url ?? "").replace(/^\//, ""));
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    const type = file.endsWith(".js")
      ? "text/javascript"
      : file.endsWith(".css")
        ? "text/css"
        : "text/html";
    res.writeHead(200, { "content-type": type }).end(readFileSync(file));
  });
  const close = () => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await build({
      entryPoints: { entry: resolve(entry) },
      bundle: true,
      minify,
      outdir: dir,
      // Code splitting as Next does: what the view imports on demand (ELK, for a model sent
      // without a layout) is a chunk of its own that a page given a layout never loads.
      splitting: true,
      format: "esm",
      jsx: "automatic",
      tsconfig: resolve("tsconfig.json"),
      define: { "process.env.NODE_ENV": '"production"' },
      // next/link reads other process.env keys; a browser bundle outside Next has none.
      banner: { js: 'var process = { env: { NODE_ENV: "production" } };' },
      loader: { ".css": "css" },
      logLevel: "error",
    });
    // The app's own stylesheet (Tailwind over app/, components/, lib/), as Next builds it, so
    // the view has its real sizes, borders, rings and fonts.
    // PostCSS is not a dependency of its own: the one Tailwind's plugin was installed with.
    const require = createRequire(import.meta.url);
    const postcss = createRequire(require.resolve("@tailwindcss/postcss"))("postcss") as (
      plugins: unknown[],
    ) => { process: (css: string, options: { from: string }) => Promise<{ css: string }> };
    const globals = resolve("app/globals.css");
    const css = await postcss([tailwind()]).process(readFileSync(globals, "utf8"), {
      from: globals,
    });
    writeFileSync(join(dir, "globals.css"), css.css);
    // As app/topology/page.tsx does: the model and its layout, computed on the server.
    model = syntheticTopology(hosts, routers, { ungrouped });
    let started = performance.now();
    const synthetic = await withLayout(model);
    const cold = performance.now() - started;
    started = performance.now();
    await computeLayout(model.nodes, model.edges);
    const layoutMs = { cold, warm: performance.now() - started };
    // The page shell of app/layout.tsx (body and main classes); the header is left out.
    writeFileSync(
      join(dir, "index.html"),
      `<!doctype html><html lang="en" data-theme="dark"><head>
<link rel="stylesheet" href="/globals.css"><link rel="stylesheet" href="/entry.css"></head>
<body class="min-h-screen font-sans text-sm antialiased"><main id="main" class="mx-auto max-w-7xl p-4"><div id="root"></div></main>
<script>window.__TOPOLOGY__=${JSON.stringify(synthetic)}</script><script type="module" src="/entry.js"></script></body></html>`,
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
    return { url, model: synthetic, layoutMs, close };
  } catch (err) {
    close();
    throw err;
  }
}
