/**
 * A real, throw-away PostgreSQL server for tests: Debian's `postgresql` binaries, initdb into
 * a temp dir, listening only on a unix socket in that dir (no TCP port at all), trust auth
 * for the one local user. As root it runs as the postgres user (initdb refuses root).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface TestPostgres {
  /** A DATABASE_URL for the database `ovnscope` over the socket. */
  url: string;
  /** Another empty database on the same server. */
  createDatabase(name: string): string;
  stop(): void;
}

function pgBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => path.join(root, v, "bin")).find((b) => existsSync(`${b}/initdb`));
  if (!bin)
    throw new Error(
      "PostgreSQL server binaries not found: install Debian's postgresql (scripts/host-deps.sh)",
    );
  return bin;
}

export function startPostgres(): TestPostgres {
  const bin = pgBin();
  const dir = mkdtempSync(path.join(tmpdir(), "ovnscope-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const argv = asRoot ? ["runuser", "-u", "postgres", "--", cmd, ...args] : [cmd, ...args];
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", timeout: 120_000 });
    if (r.status !== 0)
      throw new Error(`${path.basename(cmd)} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const data = path.join(dir, "data");
  const port = "5432"; // only names the socket file; nothing listens on TCP
  run(`${bin}/initdb`, ["-D", data, "-U", "ovnscope", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  run(`${bin}/pg_ctl`, [
    "-D",
    data,
    "-l",
    path.join(dir, "server.log"),
    "-w",
    "-t",
    "60",
    "-o",
    `-c listen_addresses='' -c unix_socket_directories='${dir}' -p ${port} -c fsync=off`,
    "start",
  ]);
  const urlFor = (db: string) =>
    `postgresql://ovnscope@localhost/${db}?host=${encodeURIComponent(dir)}&port=${port}`;
  const psql = (sql: string) =>
    run(`${bin}/psql`, [
      "-h",
      dir,
      "-p",
      port,
      "-U",
      "ovnscope",
      "-d",
      "postgres",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      sql,
    ]);
  psql("CREATE DATABASE ovnscope");
  let stopped = false;
  return {
    url: urlFor("ovnscope"),
    createDatabase(name) {
      psql(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
      return urlFor(name);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(`${bin}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
