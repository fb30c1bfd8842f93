import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeWatch, DEFAULT_WATCH_OPTIONS } from "@/lib/collect/watch";
import { loadInventoryFile } from "@/lib/inventory";
import { SshPool } from "@/lib/ssh/pool";
import { labInventoryPath, labOk, nodeExec, nodeOut } from "../support/lab";
import { labCollector, TEST_POOL } from "../support/lab-collector";

// Issue #15 §3 on the real lab: a node that never stops talking — ctl1's journal follow
// printing one endless line, cmp1 holding a config file far larger than any answer may be —
// costs the server a bounded amount of memory, is reported as "output over limit" with what
// was read, and every other node keeps refreshing on time.

const FLOOD_WRAPPER = "/usr/sbin/journalctl"; // before /usr/bin in the scripts' PATH
const BIG_CONFIG = "/etc/sysconfig/ovn-northd"; // shown by collect, read by nothing on Debian
const MAX_ANSWER = 2 * 1024 * 1024;

let pool: SshPool;

beforeAll(async () => {
  await labOk(["ready"]);
  pool = new SshPool({ ...TEST_POOL, maxAnswerBytes: MAX_ANSWER, maxLineBytes: 64 * 1024 });
});

afterAll(async () => {
  pool?.close();
  await nodeExec("ctl1", `rm -f ${FLOOD_WRAPPER}`);
  await nodeExec("cmp1", `rm -f ${BIG_CONFIG}`);
});

const mib = (n: number) => Math.round(n / (1024 * 1024));

describe("a node that floods its output", () => {
  it("is cut off and reported; the others refresh on time; memory stays bounded", async () => {
    await nodeOut(
      "ctl1",
      [
        `cat >${FLOOD_WRAPPER} <<'EOF'`,
        "#!/bin/sh",
        `case " $* " in *" --follow "*) yes flood | tr -d '\\n'; exit ;; esac`,
        'exec /usr/bin/journalctl "$@"',
        "EOF",
        `chmod 755 ${FLOOD_WRAPPER}`,
      ].join("\n"),
    );
    // 8 MiB of configuration lines: four times what one answer may carry here.
    await nodeOut(
      "cmp1",
      `mkdir -p /etc/sysconfig && yes 'OVN_NORTHD_OPTS=--padding-to-make-this-file-enormous-0123456789' | head -c 8388608 >${BIG_CONFIG}`,
    );

    const inventory = loadInventoryFile(labInventoryPath());
    const collector = labCollector(pool);
    const problems: { node: string; problem: string | null }[] = [];
    const watch = new ChangeWatch(
      inventory,
      pool,
      (since) => collector.refreshSince(since),
      { ...DEFAULT_WATCH_OPTIONS, reopenMs: 500, floodBackoffMs: 1000 },
      (node, problem) => {
        problems.push({ node, problem });
        collector.noteStreamProblem(node, problem);
      },
    );
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const durations: number[] = [];
    const net1Ms: number[] = [];
    watch.start();
    try {
      const end = Date.now() + 20_000;
      let last;
      while (Date.now() < end) {
        const t0 = performance.now();
        last = await collector.refresh();
        durations.push(performance.now() - t0);
        net1Ms.push(last.nodes.find((n) => n.name === "net1")!.durationMs);
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        await new Promise((r) => setTimeout(r, 500));
      }
      const byName = new Map(last!.nodes.map((n) => [n.name, n]));
      // cmp1: what it sent up to the limit was read; the rest of the node is said to be missing.
      const cmp1 = byName.get("cmp1")!;
      expect(cmp1.reach).toBe("partial");
      expect(cmp1.error).toMatch(/output over limit: the node sent more than 2 MiB/);
      expect(cmp1.data?.meta?.hostname).toBe("cmp1");
      // ctl1: its state reads whole; its watch was ended for flooding, and that is said.
      const ctl1 = byName.get("ctl1")!;
      expect(ctl1.data?.nb).not.toBeNull();
      expect(ctl1.error).toMatch(/output over limit: a line longer than 64 KiB/);
      expect(problems.filter((p) => p.node === "ctl1" && p.problem).length).toBeGreaterThan(1);
      // net1 is untouched by its neighbours' floods.
      expect(byName.get("net1")!.reach).toBe("reachable");
      expect(byName.get("net1")!.error).toBeNull();
    } finally {
      watch.stop();
    }
    const slowest = Math.max(...durations);
    const net1Slowest = Math.max(...net1Ms);
    console.log(
      `output flood: ${durations.length} refreshes, slowest ${Math.round(slowest)} ms (cmp1's python reads its 8 MiB file first); net1's read at most ${net1Slowest} ms; server RSS ${mib(rssBefore)} MiB before, ${mib(rssPeak)} MiB at most (limit per answer ${mib(MAX_ANSWER)} MiB)`,
    );
    // Bounds with room for a loaded 2-core CI machine: a node's read is ~0.1 s; the pool's
    // timeout (6 s here) is what an unbounded read would have hit.
    expect(net1Slowest).toBeLessThan(2000);
    expect(slowest).toBeLessThan(6000);
    expect(rssPeak - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });
});
