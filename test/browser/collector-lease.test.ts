/**
 * Two ovnscope instances on one real PostgreSQL, against the lab (issue #18): one collects for
 * the cloud (holds the lease `collector:<cloud>`) and the other serves what it publishes
 * without opening a single SSH session; kill -9 of the collector, and the other takes over
 * within two leases, serving data read after the kill. SSH sessions are counted on the nodes
 * themselves (sshd's established connections), not taken from the app's word.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFetch, apiSession, TEST_USERS, type ApiSession } from "../support/auth";
import { eventually, labNodes, nodeExec } from "../support/lab";
import { startPostgres, type TestPostgres } from "../support/postgres";
import { startServer, type RunningServer } from "../support/server";

// Long enough that the new collector's first read (SSH connections to every node, on a busy CI
// machine) is small beside it: the takeover itself is lease-bound.
const LEASE_MS = 6000;

interface Status {
  generation: number;
  finishedAt: string;
  collection: { role: string; instance: string; collector: string | null };
}

let pg: TestPostgres;
const servers: RunningServer[] = [];

beforeAll(() => {
  pg = startPostgres();
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.stop();
  pg?.stop();
}, 60_000);

async function status(server: RunningServer, session: ApiSession): Promise<Status> {
  const res = await apiFetch(server.url, "/api/status", session);
  expect(res.status).toBe(200);
  return (await res.json()) as Status;
}

/** Established SSH connections to each node's sshd, as the node's kernel lists them. */
async function sshSessions(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const node of labNodes()) {
    const r = await nodeExec(node, "ss -Htn state established '( sport = :22 )' | wc -l");
    out[node] = Number(r.stdout.trim());
  }
  return out;
}

describe("one collector per cloud across instances on PostgreSQL", () => {
  it("the second instance serves the first one's snapshots and reads no node; kill -9 of the collector, and it takes over", async () => {
    const env = {
      DATABASE_URL: pg.createDatabase("lease"),
      OVNSCOPE_COLLECTOR_LEASE_MS: String(LEASE_MS),
    };
    const before = await sshSessions();
    const a = await startServer(env);
    servers.push(a);
    const sa = await apiSession(a.url, TEST_USERS.viewer);
    const first = await status(a, sa);
    expect(first.collection.role).toBe("collector");
    await eventually(
      "A's sessions open on every node",
      async () => {
        const now = await sshSessions();
        return labNodes().every((n) => now[n]! > before[n]!);
      },
      20_000,
    );
    const withA = await sshSessions();

    const b = await startServer(env, { users: [] });
    servers.push(b);
    const sb = await apiSession(b.url, TEST_USERS.viewer);
    const seen = await status(b, sb);
    expect(seen.collection).toMatchObject({
      role: "follower",
      collector: first.collection.instance,
    });
    // B serves A's generations as they come, and opens nothing on the nodes.
    await eventually(
      "B serves a newer generation of A's",
      async () => (await status(b, sb)).generation > seen.generation,
      20_000,
    );
    await new Promise((r) => setTimeout(r, 3000));
    expect(await sshSessions(), "B opened no SSH session").toEqual(withA);
    const pagesB = await apiFetch(b.url, "/api/overview", sb);
    expect(pagesB.status).toBe(200);

    // kill -9 of the collector: B takes over, and serves data read after the kill.
    const lastOfA = (await status(b, sb)).generation;
    const killedAt = Date.now();
    a.process.kill("SIGKILL");
    let took: Status | null = null;
    await eventually(
      "B collects, with a snapshot read after the kill",
      async () => {
        const s = await status(b, sb);
        if (s.collection.role === "collector" && Date.parse(s.finishedAt) > killedAt) took = s;
        return took !== null;
      },
      4 * LEASE_MS,
      100,
    );
    const failoverMs = Date.now() - killedAt;
    console.log(
      `failover_collector_ms ${failoverMs} (lease ${LEASE_MS} ms, target < ${2 * LEASE_MS})`,
    );
    expect(failoverMs).toBeLessThan(2 * LEASE_MS);
    expect(took!.generation, "generations go on from A's").toBeGreaterThan(lastOfA);
    expect(took!.collection.instance).not.toBe(first.collection.instance);
    // A's sessions died with it; B holds one set.
    await eventually(
      "one set of sessions per node again, B's",
      async () => JSON.stringify(await sshSessions()) === JSON.stringify(withA),
      20_000,
    );
  }, 120_000);
});
