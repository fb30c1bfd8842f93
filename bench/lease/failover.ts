/**
 * failover_collector_ms (issue #18): two ovnscope instances on one PostgreSQL against the lab;
 * kill -9 of the instance that collects, timed until the other serves a snapshot read after
 * the kill. Then a fresh instance joins as the next follower and the round repeats.
 * Target: < 2 × the lease. `npx tsx bench/lease/failover.ts [--rounds N] [--lease MS]`
 * (needs the lab up and `npm run build`); writes failover_collector_ms into bench/results.json.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { apiFetch, apiSession, TEST_USERS, type ApiSession } from "../../test/support/auth";
import { startPostgres } from "../../test/support/postgres";
import { startServer, type RunningServer } from "../../test/support/server";
import { quantile, round } from "../lib/stats";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg("--rounds", 5);
const LEASE_MS = arg("--lease", 4000);

interface Status {
  generation: number;
  finishedAt: string;
  collection: { role: string; instance: string };
}

interface Instance {
  server: RunningServer;
  session: ApiSession;
}

async function status(i: Instance): Promise<Status> {
  const res = await apiFetch(i.server.url, "/api/status", i.session);
  return (await res.json()) as Status;
}

async function main() {
  const pg = startPostgres();
  const env = {
    DATABASE_URL: pg.createDatabase("bench"),
    OVNSCOPE_COLLECTOR_LEASE_MS: String(LEASE_MS),
  };
  const start = async (first: boolean): Promise<Instance> => {
    const server = await startServer(env, first ? {} : { users: [] });
    return { server, session: await apiSession(server.url, TEST_USERS.viewer) };
  };
  const live: Instance[] = [await start(true), await start(false)];
  const figures: number[] = [];
  try {
    for (let round_ = 1; round_ <= ROUNDS; round_++) {
      const roles = await Promise.all(live.map(status));
      const at = roles.findIndex((s) => s.collection.role === "collector");
      if (at < 0) throw new Error(`no instance collects: ${JSON.stringify(roles)}`);
      const [collector] = live.splice(at, 1);
      const follower = live[0]!;
      const killedAt = Date.now();
      collector!.server.process.kill("SIGKILL");
      for (;;) {
        const s = await status(follower).catch(() => null);
        if (s?.collection.role === "collector" && Date.parse(s.finishedAt) > killedAt) break;
        if (Date.now() - killedAt > 10 * LEASE_MS) throw new Error("no takeover within 10 leases");
        await new Promise((r) => setTimeout(r, 50));
      }
      const ms = Date.now() - killedAt;
      figures.push(ms);
      console.log(`round ${round_}: takeover and fresh data ${ms} ms after kill -9`);
      await collector!.server.stop();
      live.push(await start(false));
    }
  } finally {
    for (const i of live) await i.server.stop();
    pg.stop();
  }
  const median = round(quantile(figures, 0.5));
  const target = 2 * LEASE_MS;
  console.log(
    `failover_collector_ms ${median} (median of ${figures.length}; max ${Math.max(...figures)}) target < ${target} (2 × lease ${LEASE_MS} ms): ${median < target ? "PASS" : "MISS"}`,
  );
  const file = resolve("bench/results.json");
  const results = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  results.failover_collector_ms = median;
  results.failoverCollector = { leaseMs: LEASE_MS, rounds: figures, target };
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
