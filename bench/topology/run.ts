/**
 * topology500_ms: the real TopologyView (React Flow + elkjs) rendering a synthetic cloud of
 * 500 nodes and 200 routers in Debian's headless Chromium, from navigation to laid out and
 * drawn (the view marks itself data-ready once ELK has placed every element). Bundled with
 * esbuild (already installed as tsx's engine) and served from loopback. Median of 10 loads
 * after 2 warm-up loads; merges its figure into bench/results.json.
 */
import { build } from "esbuild";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launchBrowser } from "../../test/support/browser";
import { syntheticTopology } from "./model";

const HOSTS = 500;
const ROUTERS = 200;
const ROUNDS = 10;
const TARGET_MS = 1500;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "ovnscope-topo-bench-"));
  const server = createServer((req, res) => {
    const file = join(dir, req.url === "/" ? "index.html" : (req.url ?? "").replace(/^\//, ""));
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    const type = file.endsWith(".js")
      ? "text/javascript"
      : file.endsWith(".css")
        ? "text/css"
        : "text/html";
    res.writeHead(200, { "content-type": type }).end(readFileSync(file));
  });
  try {
    await build({
      entryPoints: [resolve("bench/topology/entry.tsx")],
      bundle: true,
      minify: true,
      outdir: dir,
      jsx: "automatic",
      tsconfig: resolve("tsconfig.json"),
      define: { "process.env.NODE_ENV": '"production"' },
      // next/link reads other process.env keys; a browser bundle outside Next has none.
      banner: { js: 'var process = { env: { NODE_ENV: "production" } };' },
      loader: { ".css": "css" },
      logLevel: "error",
    });
    const model = syntheticTopology(HOSTS, ROUTERS);
    writeFileSync(
      join(dir, "index.html"),
      `<!doctype html><html data-theme="dark"><head><link rel="stylesheet" href="/entry.css"></head>
<body style="margin:0"><div id="root" style="height:100vh"></div>
<script>window.__TOPOLOGY__=${JSON.stringify(model)}</script><script src="/entry.js"></script></body></html>`,
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
    const browser = await launchBrowser();
    const times: number[] = [];
    try {
      for (let i = 0; i < ROUNDS + 2; i++) {
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        const t0 = Date.now();
        await page.goto(url);
        await page
          .locator("[data-testid=topology][data-ready] .react-flow__node")
          .first()
          .waitFor({ timeout: 60_000 })
          .catch((err: Error) => {
            throw new Error(`${err.message}\npage errors: ${errors.join("\n")}`);
          });
        const ms = Date.now() - t0;
        const drawn = await page.locator(".react-flow__node").count();
        if (drawn !== model.nodes.length)
          throw new Error(`drew ${drawn} of ${model.nodes.length} elements`);
        if (i >= 2) times.push(ms);
        await page.close();
      }
    } finally {
      await browser.close();
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const line = `topology500_ms ${String(median).padStart(10)}   < ${TARGET_MS}     ${median < TARGET_MS ? "PASS" : "MISS"}   (${model.nodes.length} elements, ${model.edges.length} edges; min ${times[0]}, max ${times.at(-1)})`;
    console.log(line);
    const resultsFile = resolve("bench/results.json");
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {};
    results.topology = {
      topology500_ms: median,
      target_ms: TARGET_MS,
      rounds: times,
      elements: model.nodes.length,
      edges: model.edges.length,
    };
    writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
