import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { TEST_USERS, type TestUser } from "./auth";

export const LAB_INVENTORY = "/var/lib/ovnscope-lab/inventory.yaml";

/** The inventory browser tests run with: the lab's when it is up, else the example. */
export function testInventory(): string {
  return (
    process.env.OVNSCOPE_TEST_INVENTORY ??
    (existsSync(LAB_INVENTORY) ? LAB_INVENTORY : "examples/inventory.yaml")
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
  /** The accounts created before start (passwords included, for logging in). */
  users: TestUser[];
  /** The server's own fresh OVNSCOPE_DATA_DIR (removed by stop). */
  dataDir: string;
}

/** Runs `ovnscope user add` (the real CLI) with the password on standard input. */
export function addUserWithCli(env: Record<string, string>, user: TestUser): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["bin/ovnscope.mjs", "user", "add", user.name, "--role", user.role],
      { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`user add ${user.name} exited ${code}: ${out}`)),
    );
    child.stdin.end(`${user.password}\n`);
  });
}

export interface StartOptions {
  /** Accounts to create before start (default: one per role, TEST_USERS; none when reusing a data dir). */
  users?: TestUser[];
  /** Start on this existing data directory (a "restarted" server) instead of a fresh one. */
  dataDir?: string;
}

/**
 * Starts the built app (`next start`; run `npm run build` first) on a free loopback port,
 * with a fresh data directory holding the given accounts.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "ovnscope-data-"));
  const users = options.users ?? (options.dataDir ? [] : Object.values(TEST_USERS));
  const storeEnv = { OVNSCOPE_DATA_DIR: dataDir, ...env };
  // One after the other: the first run creates the schema.
  for (const user of users) await addUserWithCli(storeEnv, user);
  const child = spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      OVNSCOPE_INVENTORY: testInventory(),
      NEXT_TELEMETRY_DISABLED: "1",
      ...storeEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // A test or bench that dies without stop() must not leave a server reading the lab (a second
  // collector doubles every node's reads and skews what the next bench measures).
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`server exited (${child.exitCode}):\n${log}`);
    }
    try {
      // The login page: the one page that answers without a session.
      const res = await fetch(url + "/login", { signal: AbortSignal.timeout(5000) });
      if (res.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not answer within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    process: child,
    output: () => log,
    users,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        // Ended already, by itself or by a signal (kill -9 in a test).
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", done);
        child.kill("SIGTERM");
      }),
  };
}
