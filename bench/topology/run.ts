/**
 * topology500_ms and topology2000_ms: the real TopologyView (React Flow) rendering a synthetic
 * cloud of 500 nodes and 200 routers, then 2,000 nodes and 500 routers (compute hosts grouped
 * by zone as the app groups them, issue #18) in Debian's headless Chromium with the app's CSS, from navigation until the
 * view is laid out (data-ready once every element has its position, which the server sends
 * with the model, computed by lib/views/topology-layout as the app does), drawn, and a click
 * on a card in view has opened its side panel. Built and served by serve.ts. Median of
 * 10 loads after 2 warm-up loads; merges its figures into bench/results.json. Before each, the
 * server's side at that size: topologyModel() on a collector-shaped snapshot of that many nodes
 * (bench/topology/snapshot.ts; diagnosis and grouping included) and its layout. See
 * bench/README.md, "Topology rendering".
 *   npx tsx bench/topology/run.ts [--nodes N [--routers R]] [--ungrouped]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { topologyModel, type TopoNode } from "../../lib/views/topology";
import { computeLayout, SIZE, type TopologyLayout } from "../../lib/views/topology-layout";
import { launchBrowser } from "../../test/support/browser";
import { serveBenchPage } from "./serve";
import { largeSnapshot } from "./snapshot";

const ROUNDS = 10;
const TARGET_MS = 1500;

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** The sizes measured: 500 nodes / 200 routers and 2,000 / 500, or the one asked for. */
function sizes(): { nodes: number; routers: number }[] {
  const nodes = Number(arg("nodes"));
  if (!arg("nodes"))
    return [
      { nodes: 500, routers: 200 },
      { nodes: 2000, routers: 500 },
    ];
  if (!Number.isInteger(nodes) || nodes < 10 || nodes > 20_000)
    throw new Error("--nodes: a whole number from 10 to 20000");
  const routers = Number(arg("routers") ?? (nodes >= 2000 ? 500 : 200));
  if (!Number.isInteger(routers) || routers < 0) throw new Error("--routers: a whole number");
  return [{ nodes, routers }];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The server's side at this size: topologyModel() on a snapshot of `nodes` nodes (diagnosis,
 * builders, grouping), median of 5 after one warm-up, and ELK's layout of the model it gives
 * (uncached, median of 3; ELK already loaded by the page's model).
 */
async function serverSide(nodes: number) {
  const snapshot = largeSnapshot(nodes);
  const builds: number[] = [];
  let model = topologyModel(snapshot);
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    model = topologyModel(snapshot);
    builds.push(performance.now() - t0);
  }
  const layouts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await computeLayout(model.nodes, model.edges);
    layouts.push(performance.now() - t0);
  }
  return {
    model_ms: Math.round(median(builds)),
    layout_ms: Math.round(median(layouts)),
    elements: model.nodes.length,
    edges: model.edges.length,
  };
}

/** The card nearest the middle of the view and wholly inside it, with the point to click. */
async function cardInView(page: Page): Promise<{ label: string; x: number; y: number }> {
  const card = await page.evaluate(() => {
    const view = document.querySelector(".react-flow")!.getBoundingClientRect();
    const [cx, cy] = [view.x + view.width / 2, view.y + view.height / 2];
    let best: { label: string; x: number; y: number; d: number } | null = null;
    for (const el of document.querySelectorAll<HTMLElement>("[data-topo-id]")) {
      const r = el.getBoundingClientRect();
      if (r.left < view.left || r.right > view.right || r.top < view.top || r.bottom > view.bottom)
        continue;
      const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
      const d = Math.hypot(x - cx, y - cy);
      // A group card expands on a click instead of opening the side panel.
      if (el.dataset.testid === "topo-group") continue;
      const label = el.querySelector(".font-mono")?.textContent ?? "";
      if (!best || d < best.d) best = { label, x, y, d };
    }
    return best;
  });
  if (!card) throw new Error("no card wholly in view");
  return card;
}

/**
 * The view draws only what is in it (onlyRenderVisibleElements): every element whose box meets
 * the view must be in the page, and nothing else. Positions are those the server sent with the
 * model; the viewport is read from the page. A pixel of tolerance at the border.
 */
async function undrawnInView(page: Page, nodes: TopoNode[], layout: TopologyLayout) {
  const view = await page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>(".react-flow__viewport")!;
    const m = new DOMMatrixReadOnly(getComputedStyle(viewport).transform);
    const box = document.querySelector(".react-flow")!.getBoundingClientRect();
    const drawn = [...document.querySelectorAll("[data-topo-id]")].map((e) =>
      e.getAttribute("data-topo-id"),
    );
    return { tx: m.e, ty: m.f, zoom: m.a, width: box.width, height: box.height, drawn };
  });
  const meets = (n: TopoNode, margin: number) => {
    const [px, py] = layout.at[n.id]!;
    const [x, y] = [px * view.zoom + view.tx, py * view.zoom + view.ty];
    const [w, h] = [SIZE[n.kind].width * view.zoom, SIZE[n.kind].height * view.zoom];
    return (
      x + w > -margin && y + h > -margin && x < view.width + margin && y < view.height + margin
    );
  };
  const drawn = new Set(view.drawn);
  return [
    ...nodes.filter((n) => meets(n, -1) && !drawn.has(n.id)).map((n) => `${n.id} missing`),
    ...nodes.filter((n) => !meets(n, 1) && drawn.has(n.id)).map((n) => `${n.id} extra`),
  ].slice(0, 5);
}

/** Pairs of cards whose boxes intersect, from React Flow's positions and the drawn sizes. */
async function overlappingCards(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll<HTMLElement>(".react-flow__node")].map((el) => {
      const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec(el.style.transform);
      return {
        id: el.dataset.id ?? "",
        x: Number(m?.[1]),
        y: Number(m?.[2]),
        w: el.offsetWidth,
        h: el.offsetHeight,
      };
    });
    const pairs: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
          pairs.push(`${a.id} × ${b.id}`);
      }
    return pairs;
  });
}

async function measure(hosts: number, routers: number, ungrouped: boolean) {
  const { url, model, layoutMs, close } = await serveBenchPage(hosts, routers, { ungrouped });
  try {
    const positions = model.layout!;
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
        // Interactive: a click on a card in view opens its side panel. The click is handled only
        // once the page has finished the work it queued for the first frame.
        const card = await cardInView(page);
        await page.mouse.click(card.x, card.y);
        await page.getByTestId("side-panel").waitFor({ timeout: 60_000 });
        const ms = Date.now() - t0;
        const panel = await page.getByTestId("side-panel").locator("h2").textContent();
        if (panel !== card.label)
          throw new Error(`clicked ${card.label}, the side panel shows ${panel}`);
        const wrong = await undrawnInView(page, model.nodes, positions);
        if (wrong.length) throw new Error(`in view but not drawn, or drawn out of view: ${wrong}`);
        if (i === 0) {
          const overlaps = await overlappingCards(page);
          if (overlaps.length) throw new Error(`cards overlap: ${overlaps.slice(0, 5).join(", ")}`);
        }
        if (i >= 2) times.push(ms);
        await page.close();
      }
    } finally {
      await browser.close();
    }
    times.sort((a, b) => a - b);
    const mid = median(times);
    const name = `topology${hosts}${ungrouped ? "_ungrouped" : ""}_ms`;
    const line = `${name} ${String(mid).padStart(10)}   < ${TARGET_MS}     ${mid < TARGET_MS ? "PASS" : "MISS"}   (${hosts} nodes, ${routers} routers: ${model.nodes.length} elements, ${model.edges.length} edges; min ${times[0]}, max ${times.at(-1)})`;
    console.log(line);
    const server = `server-side layout of this structure: ${Math.round(layoutMs.cold)} ms cold (first in the process), ${Math.round(layoutMs.warm)} ms warm; 0 on a refresh with the same structure (cached)`;
    console.log(server);
    const bodyKb = Math.round(Buffer.byteLength(JSON.stringify(model)) / 1024);
    console.log(`the page's model with its layout: ${bodyKb} KB of JSON`);
    // The app always groups: its own model is measured for the grouped figure only.
    const built = ungrouped ? null : await serverSide(hosts);
    if (built)
      console.log(
        `server-side model of a ${hosts}-node snapshot (diagnosis, builders, grouping): ${built.model_ms} ms, its layout ${built.layout_ms} ms uncached (${built.elements} elements, ${built.edges} edges)`,
      );
    const resultsFile = resolve("bench/results.json");
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {};
    const figure = {
      [name]: mid,
      target_ms: TARGET_MS,
      rounds: times,
      nodes: hosts,
      routers,
      grouped: !ungrouped,
      elements: model.nodes.length,
      edges: model.edges.length,
      model_kb: bodyKb,
      server_layout_ms: { cold: Math.round(layoutMs.cold), warm: Math.round(layoutMs.warm) },
      ...(built ? { server_model: built } : {}),
    };
    // 500 nodes keeps its place in the file (results.topology); other sizes beside it.
    results[hosts === 500 && !ungrouped ? "topology" : name.replace(/_ms$/, "")] = figure;
    writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");
  } finally {
    close();
  }
}

async function main() {
  for (const { nodes, routers } of sizes())
    await measure(nodes, routers, process.argv.includes("--ungrouped"));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
