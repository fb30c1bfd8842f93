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
import { syntheticTopology } from "./model";

export interface BenchPage {
  url: string;
  model: TopologyModel;
  close: () => void;
}

export async function serveBenchPage(
  hosts: number,
  routers: number,
  { minify = true, entry = "bench/topology/entry.tsx" }: { minify?: boolean; entry?: string } = {},
): Promise<BenchPage> {
  const dir = mkdtempSync(join(tmpdir(), "ovnscope-topo-bench-"));
  let model: TopologyModel | null = null;
  const server = createServer((req, res) => {
    // The view's first SWR revalidation, answered as the app would: the same model, new JSON.
    if (req.url === "/api/topology" && model)
      return void res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(model));
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
    const synthetic = syntheticTopology(hosts, routers);
    model = synthetic;
    // The page shell of app/layout.tsx (body and main classes); the header is left out.
    writeFileSync(
      join(dir, "index.html"),
      `<!doctype html><html lang="en" data-theme="dark"><head>
<link rel="stylesheet" href="/globals.css"><link rel="stylesheet" href="/entry.css"></head>
<body class="min-h-screen font-sans text-sm antialiased"><main id="main" class="mx-auto max-w-7xl p-4"><div id="root"></div></main>
<script>window.__TOPOLOGY__=${JSON.stringify(synthetic)}</script><script src="/entry.js"></script></body></html>`,
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
    return { url, model: synthetic, close };
  } catch (err) {
    close();
    throw err;
  }
}
