/**
 * Where topology500_ms goes: loads the bench page (see serve.ts) in Debian's headless
 * Chromium under a DevTools trace and prints the renderer main thread's time by kind
 * (script by source file, style, layout, paint, GC) up to the moment run.ts stops its clock,
 * plus the page's own milestones. A tool for looking, not a figure: tracing slows the page.
 *   npx tsx bench/topology/profile.ts [--hosts 500] [--routers 200] [--out trace.json]
 */
import { writeFileSync } from "node:fs";
import { launchBrowser } from "../../test/support/browser";
import { serveBenchPage } from "./serve";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    data?: { url?: string; functionName?: string; frames?: { url?: string }[] };
  };
}

async function main() {
  const bench = await serveBenchPage(Number(arg("hosts", "500")), Number(arg("routers", "200")));
  const browser = await launchBrowser();
  try {
    for (let i = 0; i < 2; i++) {
      const warm = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await warm.goto(bench.url);
      await warm.locator("[data-testid=topology][data-ready] .react-flow__node").first().waitFor();
      await warm.close();
    }
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // Milestones seen from inside the page, on the same clock as the trace (performance.now).
    await page.addInitScript(() => {
      const w = window as unknown as { __marks: Record<string, number> };
      w.__marks = {};
      new MutationObserver(() => {
        const m = w.__marks;
        if (!m.flow && document.querySelector(".react-flow")) m.flow = performance.now();
        if (!m.ready && document.querySelector("[data-testid=topology][data-ready]")) {
          m.ready = performance.now();
          requestAnimationFrame(() => setTimeout(() => (m.painted = performance.now()), 0));
        }
        if (!m.node && document.querySelector(".react-flow__node")) m.node = performance.now();
        if (!m.visible && document.querySelector(".react-flow__node[style*=visible]"))
          m.visible = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await browser.startTracing(page, {
      categories: [
        "devtools.timeline",
        "disabled-by-default-devtools.timeline",
        "v8.execute",
        "blink.user_timing",
      ],
    });
    const t0 = Date.now();
    await page.goto(bench.url);
    await page.locator("[data-testid=topology][data-ready] .react-flow__node").first().waitFor();
    const wall = Date.now() - t0;
    await page.waitForTimeout(300);
    const marks = await page.evaluate(() => (window as unknown as { __marks: object }).__marks);
    const buf = await browser.stopTracing();
    const out = arg("out", "");
    if (out) writeFileSync(out, buf);
    const events = (JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
    const main = events.find(
      (e) =>
        e.name === "thread_name" &&
        e.args?.name === "CrRendererMain" &&
        events.some((x) => x.pid === e.pid && x.name === "FunctionCall"),
    );
    if (!main) throw new Error("no renderer main thread in the trace");
    const onMain = events
      .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur)
      .sort((a, b) => a.ts - b.ts);
    const nav = onMain.find((e) => e.name === "ParseHTML")?.ts ?? onMain[0]!.ts;
    // Self time per leaf category: walk nested complete events, charge each to the innermost.
    const kinds = new Map<string, number>();
    const stack: { end: number; kind: string }[] = [];
    let last = nav;
    const charge = (until: number) => {
      if (stack.length && until > last) {
        const k = stack.at(-1)!.kind;
        kinds.set(k, (kinds.get(k) ?? 0) + (until - last));
      }
      last = Math.max(last, until);
    };
    const kindOf = (e: TraceEvent, parent?: string) => {
      const url = e.args?.data?.url ?? e.args?.data?.frames?.[0]?.url ?? "";
      if (
        [
          "FunctionCall",
          "EvaluateScript",
          "TimerFire",
          "FireAnimationFrame",
          "EventDispatch",
          "v8.run",
          "RunMicrotasks",
          "V8.Execute",
        ].includes(e.name)
      )
        return parent?.startsWith("script") ? parent : `script ${url.replace(/^.*\//, "") || "?"}`;
      if (e.name === "UpdateLayoutTree" || e.name === "RecalculateStyles") return "style";
      if (e.name === "Layout") return "layout";
      if (
        [
          "Paint",
          "PrePaint",
          "Layerize",
          "UpdateLayer",
          "CompositeLayers",
          "Commit",
          "PaintImage",
          "RasterTask",
        ].includes(e.name)
      )
        return "paint/composite";
      if (
        e.name.startsWith("MinorGC") ||
        e.name.startsWith("MajorGC") ||
        e.name === "V8.GC" ||
        e.name.includes("GC")
      )
        return "gc";
      if (e.name === "ParseHTML" || e.name === "ParseAuthorStyleSheet") return "parse";
      if (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") return "task (other)";
      return parent ?? e.name;
    };
    for (const e of onMain) {
      while (stack.length && stack.at(-1)!.end <= e.ts) {
        charge(stack.at(-1)!.end);
        stack.pop();
      }
      charge(e.ts);
      stack.push({ end: e.ts + e.dur!, kind: kindOf(e, stack.at(-1)?.kind) });
    }
    while (stack.length) {
      charge(stack.at(-1)!.end);
      stack.pop();
    }
    // Long top-level tasks (> 30 ms), in order, with what they mostly were.
    const tasks = onMain.filter((e) => e.name === "RunTask" && e.dur! > 30_000);
    console.log(`wall ${wall} ms (traced; slower than the bench)`);
    console.log("page milestones (ms since navigation start):", marks);
    console.log("main thread by kind (ms, from ParseHTML to the end of the trace):");
    for (const [k, us] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 20))
      console.log(`  ${(us / 1000).toFixed(0).padStart(6)}  ${k}`);
    console.log("long tasks (start ms after ParseHTML, duration ms, top children):");
    for (const t of tasks) {
      const end = t.ts + t.dur!;
      const children = onMain
        .filter((c) => c !== t && c.ts >= t.ts && c.ts + c.dur! <= end && c.dur! > 10_000)
        .map(
          (c) =>
            `${c.name}${c.args?.data?.functionName ? `(${c.args.data.functionName})` : ""}:${(c.dur! / 1000).toFixed(0)}`,
        )
        .slice(0, 8);
      console.log(
        `  ${((t.ts - nav) / 1000).toFixed(0).padStart(6)} ${(t.dur! / 1000).toFixed(0).padStart(6)}  ${children.join(" ")}`,
      );
    }
  } finally {
    await browser.close();
    bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
