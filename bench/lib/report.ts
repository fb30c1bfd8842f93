/** The printed table of bench/results.json. */
import type { NodeCpuAround, NodeProfile } from "./profile";
import type { Summary } from "./stats";

export interface Target {
  figure: string;
  value: number;
  op: "<=" | ">=" | "<";
  target: number;
  pass: boolean | null;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Results = any;

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);
const fmt = (v: unknown) =>
  typeof v === "number"
    ? Number.isFinite(v)
      ? String(v)
      : "n/a"
    : v === undefined
      ? "n/a"
      : String(v);

export function printReport(r: Results): void {
  const out: string[] = [];
  const f = r.figures;
  const t = new Map<string, Target>((r.targets as Target[]).map((x) => [x.figure, x]));
  out.push("");
  out.push(`ovnscope bench — ${r.generatedAt}  (${r.machine.cpus} CPUs, ${r.machine.cpuModel})`);
  if (r.lab) {
    out.push(`lab before: ${r.lab.stateBefore}`);
    out.push(`lab after:  ${r.lab.stateAfter}`);
    if (r.lab.faultsDuringRounds.length)
      out.push(`faults recorded during the rounds: ${r.lab.faultsDuringRounds.join(", ")}`);
    out.push(
      `rounds counted: ${r.lab.roundsCounted}` +
        (r.lab.roundsExcluded
          ? `, excluded: ${r.lab.roundsExcluded} (lab fault state changed during them, or a read was incomplete)`
          : ""),
    );
  }
  out.push("");
  out.push(`${pad("figure", 22)} ${lpad("value", 10)}   ${pad("target", 10)} result`);
  out.push("-".repeat(56));
  const row = (name: string, unit = "") => {
    const tg = t.get(name);
    const res = tg ? (tg.pass === null ? "n/a" : tg.pass ? "PASS" : "MISS") : "";
    out.push(
      `${pad(name, 22)} ${lpad(fmt(f[name]) + unit, 10)}   ${pad(tg ? `${tg.op} ${tg.target}` : "", 10)} ${res}`,
    );
  };
  row("floor_ms");
  row("refresh_ms_ovnscope");
  row("refresh_ms_pssh");
  row("refresh_ms_ansible");
  row("ratio_to_floor");
  row("ratio_vs_pssh");
  row("ratio_vs_ansible");
  row("node_cpu_ms");
  for (const [n, v] of Object.entries(f.node_cpu_ms_per_node ?? {}))
    out.push(`${pad(`  node_cpu_ms ${n}`, 22)} ${lpad(fmt(v), 10)}`);
  row("floor_oneshot_ms");
  row("node_cpu_oneshot_ms");
  for (const [n, v] of Object.entries(f.node_cpu_oneshot_ms_per_node ?? {}))
    out.push(`${pad(`  node_cpu_oneshot_ms ${n}`, 22)} ${lpad(fmt(v), 10)}`);
  for (const size of [500, 2000]) {
    row(`sim${size}_refresh_ms`);
    row(`sim${size}_rss_mb`);
    row(`sim${size}_cpu_ms`);
  }

  const d = r.details;
  if (d) {
    out.push("");
    out.push(
      `lab reads (median [p10–p90] ms over ${d.methods.floor.ms.n} interleaved rounds; host CPU = whole machine per read)`,
    );
    for (const [k, m] of Object.entries(d.methods) as [
      string,
      { label: string; ms: Summary; hostCpuMs: Summary; invalid: number },
    ][])
      out.push(
        `  ${pad(k, 20)} ${lpad(fmt(m.ms.median), 7)} [${fmt(m.ms.p10)}–${fmt(m.ms.p90)}]  host CPU ${lpad(fmt(m.hostCpuMs.median), 6)} ms` +
          `${m.invalid ? `  (${m.invalid} incomplete, excluded)` : ""}  ${m.label}`,
      );
    out.push("floor per node: one served request (in-node wall ms / its CPU ms / output bytes)");
    for (const [n, v] of Object.entries(d.floorPerNode) as [
      string,
      { ms: Summary; cpuMs: Summary; bytes: number },
    ][])
      out.push(
        `  ${pad(n, 8)} ${lpad(fmt(v.ms.median), 7)} / ${lpad(fmt(v.cpuMs.median), 5)} / ${v.bytes}`,
      );
    out.push("whole-node CPU per ovnscope refresh over SSH (all node processes, idle subtracted)");
    for (const n of d.nodeCpuViaSsh as NodeCpuAround[])
      out.push(
        `  ${pad(n.node, 8)} ${lpad(fmt(n.cpuMs), 6)} ms   ${n.byName.map((x) => `${x.name} ${x.cpuMs}`).join(", ")}`,
      );
    out.push(
      "collect script profile (median per run; per section: CPU ms of its processes + CPU ms daemons spent answering it (wall ms))",
    );
    for (const p of d.profiles as NodeProfile[]) {
      out.push(
        `  ${p.node}: total ${p.totalCpuMs} (script ${p.scriptCpuMs}, sudo ${p.sudoCpuMs}` +
          `${p.neutronQueryCpuMs !== null ? `, neutron-query ${p.neutronQueryCpuMs}` : ""}); base (shell, mktemp, query strings) ${p.baseCpuMs}; daemons ${p.daemonsTotalMs}: ` +
          p.daemons
            .slice(0, 4)
            .map((x) => `${x.name} ${x.cpuMs}`)
            .join(", "),
      );
      out.push(
        `    in-node wall: sudo -n collect ${p.collectWallMs} ms` +
          (p.neutronQueryWallMs !== null ? `, neutron-query ${p.neutronQueryWallMs} ms` : ""),
      );
      for (const c of p.neutronCalls)
        out.push(
          `    GET ${pad(c.path, 48)} ${lpad(fmt(c.wallMs), 6)} ms wall, neutron-server ${c.neutronServerCpuMs} ms CPU, mariadb ${c.databaseCpuMs} ms`,
        );
      const secs = [...p.sections].sort(
        (a, b) => b.cpuMs + b.daemonCpuMs - (a.cpuMs + a.daemonCpuMs),
      );
      out.push(
        "    " +
          secs
            .map(
              (s) =>
                `${s.name} ${s.cpuMs}${s.daemonCpuMs >= 1 ? `+${s.daemonCpuMs}` : ""} (${s.wallMs} ms)`,
            )
            .join(", "),
      );
    }
  }
  const s = r.sim500;
  if (s) {
    out.push("");
    out.push(
      `simulated fleet: ${s.nodes} sshd (${Object.entries(s.roles)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ")}), fan-out ${s.fanOut}` +
        (s.nodeFlags.length ? `, node flags ${s.nodeFlags.join(" ")}` : ""),
    );
    out.push(
      `  cold refresh ${s.coldRefreshMs} ms (${s.coldReachable}/${s.nodes} reachable), ${s.warmupRefreshes} warm-up refreshes`,
    );
    out.push(
      `  warm refresh ${s.refreshMs.median} ms [${s.refreshMs.p10}–${s.refreshMs.p90}], ovnscope CPU ${s.cpuMs.median} ms, ` +
        `whole machine CPU ${s.hostCpuMs.median} ms per refresh; min reachable ${s.reachableMin}/${s.nodes}`,
    );
    out.push(
      `  RSS ${s.rssMb} MB at the end (max ${s.rssMaxMb} MB over the rounds; at start ${s.rssStartMb} MB; after a full GC ${fmt(s.rssAfterGcMb)} MB), V8 heap ${s.heapUsedMb}/${s.heapTotalMb} MB used/total ` +
        `(live after GC ${fmt(s.heapUsedAfterGcMb)} MB), external ${s.externalMb} MB, snapshot as JSON ${s.snapshotJsonMb} MB`,
    );
    out.push(
      `  sshd: started ${s.sshd.started}, stopped ${s.sshd.stopped} processes, left over ${s.sshd.leftover}`,
    );
    if (s.cpuProfile) {
      out.push(
        `  CPU profile of ${s.cpuProfile.cpuMsPerRefresh} ms CPU per warm refresh (${s.cpuProfile.file}), top self time:`,
      );
      for (const x of s.cpuProfile.top.functions.slice(0, 10))
        out.push(`    ${lpad(fmt(x.pct), 5)} %  ${x.fn}`);
      out.push("  by file (native time charged to its JavaScript caller):");
      for (const x of s.cpuProfile.top.files.slice(0, 10))
        out.push(`    ${lpad(fmt(x.pct), 5)} %  ${x.file}`);
    }
  }
  process.stdout.write(out.join("\n") + "\n");
}
