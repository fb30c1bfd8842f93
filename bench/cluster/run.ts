/**
 * Figures of clustered OVN central (issue #17), on the clustered lab (lab up --controllers 3),
 * against the built app (`next start`) at the default refresh interval (5 s):
 *
 * - election_ms: SIGKILL of the NB leader's ovsdb-server (the time the fault recorded) → another
 *   member says it leads: the fault waits for that, reading the members every 200 ms, so this
 *   is the kill until the fault returned (an upper bound, by at most 200 ms).
 * - detect_leader_loss_ms: the same kill → /api/topology no longer shows the killed member as
 *   NB's leader (it shows the new one, or the loss), polled every 100 ms. Target: ≤ election_ms + 1,000 ms. With a
 *   poll every 5 s and no OVSDB monitor yet (issue #18), expect up to one interval more.
 * - recover_quorum_ms: `lab fault quorum-lost` returned → Recover OVN central started through
 *   the API once the quorum-lost finding shows → the run succeeded.
 *
 * `--rounds N` (default 3). Merges its figures into bench/results.json under `cluster`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { RunRecord } from "@/lib/recovery/types";
import type { TopologyModel } from "@/lib/views/topology";
import { apiFetch, apiSession, TEST_USERS } from "../../test/support/auth";
import { LAB_STATE, labControllers, labOk, raftStatus } from "../../test/support/lab";
import { LAB_INVENTORY, startServer } from "../../test/support/server";
import { summarize as summary } from "../lib/stats";

const INTERVAL_MS = 5000;
/** What `lab fault leader-killed` records: node, pid, term, killed_at (epoch seconds). */
const KILLED = resolve(LAB_STATE, "fault-data/leader-killed");
const ROUNDS = (() => {
  const argv = process.argv.slice(2);
  const i = argv.indexOf("--rounds");
  const n = Number(i >= 0 ? argv[i + 1] : 3);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--rounds wants a whole number ≥ 1`);
  return n;
})();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `stepMs` until it is true; ms from `t0`, or throws after `timeoutMs`. */
async function until(
  what: string,
  t0: number,
  check: () => Promise<boolean>,
  stepMs: number,
  timeoutMs = 60_000,
) {
  while (Date.now() - t0 < timeoutMs) {
    if (await check()) return Date.now() - t0;
    await sleep(stepMs);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/** The node whose NB member leads, as the members say. */
async function nbLeader(): Promise<string | null> {
  for (const n of labControllers()) if ((await raftStatus(n, "nb"))?.role === "leader") return n;
  return null;
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) throw new Error("run `npm run build` first");
  if (labControllers().length !== 3)
    throw new Error("needs the clustered lab: bash lab/bin/lab up --controllers 3");
  await labOk(["heal"]);
  const cloud = /name:\s*(\S+)/.exec(readFileSync(LAB_INVENTORY, "utf8"))![1]!;
  const server = await startServer({
    OVNSCOPE_INVENTORY: LAB_INVENTORY,
    OVNSCOPE_REFRESH_MS: String(INTERVAL_MS),
  });
  const viewer = await apiSession(server.url, TEST_USERS.viewer);
  const operator = await apiSession(server.url, TEST_USERS.operator);
  const topology = async () =>
    (await (await apiFetch(server.url, "/api/topology", viewer)).json()) as TopologyModel;
  const shownLeader = async () =>
    (await topology()).nodes.find((x) => x.id.endsWith(":nb-db") && x.sub.endsWith(" · leader"))
      ?.id ?? null;
  const election: number[] = [];
  const detect: number[] = [];
  const recover: number[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      await labOk(["heal"]);
      const old = await nbLeader();
      await until(
        "the dashboard shows the NB leader",
        Date.now(),
        async () => (await shownLeader()) === `service:${old}:nb-db`,
        500,
      );
      await labOk(["fault", "leader-killed"]);
      const returned = Date.now();
      const killedAt = Math.round(
        Number(/^killed_at=(\S+)$/m.exec(readFileSync(KILLED, "utf8"))![1]) * 1000,
      );
      const e = returned - killedAt;
      const d = await until(
        "the dashboard no longer shows the killed leader",
        killedAt,
        async () => (await shownLeader()) !== `service:${old}:nb-db`,
        100,
      );
      election.push(e);
      detect.push(d);
      console.log(`round ${round}: ${old}'s NB killed; election ${e} ms, shown ${d} ms`);

      await labOk(["heal"]);
      await labOk(["fault", "quorum-lost"]);
      const t1 = Date.now();
      await until(
        "quorum-lost shown",
        t1,
        async () => {
          const r = await apiFetch(server.url, "/api/findings/ovn-cluster%3ANB%3Aquorum", viewer);
          return r.ok && ((await r.json()) as { finding: unknown }).finding != null;
        },
        200,
      );
      const start = await apiFetch(server.url, "/api/recovery/runs", operator, {
        method: "POST",
        body: { runbook: "recover-ovn-central", confirm: cloud },
      });
      if (start.status !== 202) throw new Error(`run refused: ${start.status}`);
      const { run } = (await start.json()) as { run: RunRecord };
      let status = "running";
      await until(
        "the run ends",
        t1,
        async () => {
          const r = await apiFetch(server.url, `/api/recovery/runs/${run.id}`, operator);
          status = ((await r.json()) as { run: RunRecord }).run.status;
          return status !== "running";
        },
        250,
        300_000,
      );
      const ms = Date.now() - t1;
      if (status === "succeeded") recover.push(ms);
      console.log(`round ${round}: quorum-lost → run ${status} in ${ms} ms`);
      if (status !== "succeeded") {
        const r = await apiFetch(server.url, `/api/recovery/runs/${run.id}`, operator);
        const ended = ((await r.json()) as { run: RunRecord }).run;
        console.log(`  ${ended.summary ?? ""}`);
        for (const step of ended.steps)
          if (step.status !== "skipped")
            console.log(`  ${step.key} ${step.status}: ${step.fact ?? ""}`);
      }
    }
  } finally {
    await server.stop();
    await labOk(["heal"]);
  }
  const s = { election: summary(election), detect: summary(detect), recover: summary(recover) };
  const beyond = detect.map((d, i) => d - election[i]!);
  console.log("\nfigure                     median      p90   target");
  const row = (name: string, x: { median: number; p90: number }, target: string) =>
    console.log(
      `${name.padEnd(26)} ${String(x.median).padStart(7)} ${String(x.p90).padStart(8)}   ${target}`,
    );
  row("election_ms", s.election, "");
  row("detect_leader_loss_ms", s.detect, "≤ election + 1000");
  row("detect_beyond_election_ms", summary(beyond), "≤ 1000");
  row("recover_quorum_ms", s.recover, `${recover.length}/${ROUNDS} green`);
  const file = resolve("bench/results.json");
  const results = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  results.cluster = {
    election_ms: s.election,
    detect_leader_loss_ms: s.detect,
    detect_beyond_election_ms: summary(beyond),
    recover_quorum_ms: s.recover,
    rounds: ROUNDS,
    refresh_ms: INTERVAL_MS,
  };
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
