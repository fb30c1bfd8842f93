/**
 * `ovnscope user …`: manage accounts from a shell on the server (the first admin comes from
 * here). Passwords are read from standard input or prompted for, never taken from an
 * argument (arguments show in `ps` and shell history). Every change is audited as "cli".
 */
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { CLI_ACTOR } from "@/lib/audit";
import { generatePassword } from "@/lib/auth/password";
import { addUser, listUsers, removeUser, setPassword, setRole, UserError } from "@/lib/auth/users";
import { openStore, storeConfigFromEnv, type Store } from "@/lib/store";

export const USER_USAGE = `usage: ovnscope user add NAME --role viewer|operator|admin [--generate-password] [--if-missing]
       ovnscope user list [--json]
       ovnscope user passwd NAME [--generate-password]
       ovnscope user role NAME viewer|operator|admin
       ovnscope user remove NAME

The password comes from standard input (its first line) or, on a terminal, is asked for twice;
--generate-password makes a random one and prints it once. The store is SQLite in
$OVNSCOPE_DATA_DIR (default ./data), or PostgreSQL when $DATABASE_URL is set.`;

export type UserCommand =
  | { kind: "add"; name: string; role: string; generate: boolean; ifMissing: boolean }
  | { kind: "list"; json: boolean }
  | { kind: "passwd"; name: string; generate: boolean }
  | { kind: "role"; name: string; role: string }
  | { kind: "remove"; name: string }
  | { kind: "help" };

/** Parses `user …` arguments; a string is the usage problem. Pure. */
export function parseUserArgs(argv: string[]): UserCommand | string {
  const flags = new Set<string>();
  const positional: string[] = [];
  let role: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--role") {
      role = argv[++i];
      if (!role) return "--role needs a value";
    } else if (arg.startsWith("--role=")) role = arg.slice("--role=".length);
    else if (arg === "--password" || arg.startsWith("--password="))
      return "passwords are never taken from arguments: pipe it on standard input or type it at the prompt";
    else if (arg.startsWith("-")) flags.add(arg);
    else positional.push(arg);
  }
  const [sub, name, extra] = positional;
  const known = (allowed: string[]) => [...flags].find((f) => !allowed.includes(f));
  if (!sub || flags.has("--help") || flags.has("-h") || sub === "help") return { kind: "help" };
  let unknown: string | undefined;
  switch (sub) {
    case "add":
      if ((unknown = known(["--generate-password", "--if-missing"]))) break;
      if (!name || extra) return "user add takes one NAME";
      if (!role) return "user add needs --role viewer|operator|admin";
      return {
        kind: "add",
        name,
        role,
        generate: flags.has("--generate-password"),
        ifMissing: flags.has("--if-missing"),
      };
    case "list":
      if ((unknown = known(["--json"]))) break;
      if (name) return "user list takes no NAME";
      return { kind: "list", json: flags.has("--json") };
    case "passwd":
      if ((unknown = known(["--generate-password"]))) break;
      if (!name || extra) return "user passwd takes one NAME";
      return { kind: "passwd", name, generate: flags.has("--generate-password") };
    case "role":
      if ((unknown = known([]))) break;
      if (!name || !(extra ?? role)) return "user role takes NAME and ROLE";
      return { kind: "role", name, role: (extra ?? role)! };
    case "remove":
      if ((unknown = known([]))) break;
      if (!name || extra) return "user remove takes one NAME";
      return { kind: "remove", name };
    default:
      return `unknown user command ${JSON.stringify(sub)}`;
  }
  return `unknown option ${JSON.stringify(unknown)}`;
}

/** A refusal of the CLI itself (not of the user rules). */
class CliError extends Error {}

async function promptHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  const answer = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stderr.write("\n");
  return answer;
}

async function readStdinLine(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text.split(/\r?\n/)[0] ?? "";
}

/** The new password: generated, prompted twice on a terminal, or the first line of stdin. */
async function newPassword(name: string, generate: boolean): Promise<string> {
  if (generate) return generatePassword();
  if (!process.stdin.isTTY) return readStdinLine();
  const first = await promptHidden(`new password for ${name}: `);
  const again = await promptHidden("again: ");
  if (first !== again) throw new CliError("the two passwords differ");
  return first;
}

const iso = (ms: number) => new Date(ms).toISOString();

async function run(store: Store, cmd: Exclude<UserCommand, { kind: "help" }>): Promise<number> {
  const actor = { name: CLI_ACTOR, ip: null };
  switch (cmd.kind) {
    case "list": {
      const users = await listUsers(store);
      if (cmd.json) console.log(JSON.stringify(users));
      else
        for (const u of users)
          console.log(`${u.name.padEnd(32)} ${u.role.padEnd(8)} changed ${iso(u.updatedAt)}`);
      return 0;
    }
    case "add": {
      if (cmd.ifMissing && (await store.users.get(cmd.name))) {
        console.log(`user ${cmd.name} exists; left as it is`);
        return 0;
      }
      const password = await newPassword(cmd.name, cmd.generate);
      const user = await addUser(store, actor, { name: cmd.name, role: cmd.role, password });
      console.log(`user ${user.name} added (${user.role})`);
      if (cmd.generate) console.log(`password for ${user.name} (shown once): ${password}`);
      return 0;
    }
    case "passwd": {
      const password = await newPassword(cmd.name, cmd.generate);
      await setPassword(store, actor, cmd.name, password);
      console.log(`password of ${cmd.name} changed; their sessions ended`);
      if (cmd.generate) console.log(`password for ${cmd.name} (shown once): ${password}`);
      return 0;
    }
    case "role":
      await setRole(store, actor, cmd.name, cmd.role);
      console.log(`${cmd.name} is now ${cmd.role}`);
      return 0;
    case "remove":
      await removeUser(store, actor, cmd.name);
      console.log(`user ${cmd.name} removed`);
      return 0;
  }
}

/** Exit status: 0 done, 1 refused (bad name, exists, last admin, …), 2 usage. */
export async function runUserCommand(argv: string[]): Promise<number> {
  const cmd = parseUserArgs(argv);
  if (typeof cmd === "string") {
    console.error(`ovnscope: ${cmd}\n${USER_USAGE}`);
    return 2;
  }
  if (cmd.kind === "help") {
    console.log(USER_USAGE);
    return 0;
  }
  const store = await openStore(storeConfigFromEnv());
  try {
    return await run(store, cmd);
  } catch (err) {
    if (err instanceof UserError || err instanceof CliError) {
      console.error(`ovnscope: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}
