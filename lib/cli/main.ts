import { inventoryPath } from "@/lib/inventory";
import { DEFAULT_LOCALE } from "@/lib/i18n/catalogue";
import { storeConfigFromEnv } from "@/lib/store";
import { checkJson, EXIT, formatReport, parseCheckArgs, runCheck } from "./check";
import {
  formatSince,
  readSince,
  sinceExit,
  sinceJson,
  unreadable,
  type SinceReport,
} from "./since";
import { runUserCommand } from "./users";

const USAGE = `usage: ovnscope check [--inventory FILE] [--json] [--lang en|ko] [--accept FINDING-ID]… [--since DURATION]
       ovnscope user add|list|passwd|role|remove …   (ovnscope user --help)

Reads every node of the inventory once (SSH, the same collector and rules as the dashboard)
and prints the findings, worst first. Exit status: 0 healthy, 1 warnings, 2 critical,
3 could not check (bad inventory, no node readable).
  --inventory FILE   the inventory (default: $OVNSCOPE_INVENTORY, else ./inventory.yaml)
  --json             print {snapshot, findings} as JSON instead of the report; each finding
                     keeps its message keys and gets "text": its title, explanation, cause,
                     action… rendered in --lang
  --lang en|ko       the language of the report and of --json's texts (default: en for
                     --json, else ko when $LANG starts with ko, else en)
  --accept ID        a finding (by its id, e.g. northd-stops-dbs:ctl1:hazard) that is a
                     known, accepted risk: still printed, not counted in the exit status
  --since DURATION   also print what changed in the last DURATION (30m, 2h, 1d; at most 30d):
                     findings opened, re-graded and closed, unit, reachability and gateway
                     changes, from the history the server records in its store
                     ($OVNSCOPE_DATA_DIR or $DATABASE_URL, as for the server). The exit status
                     still says what is wrong now; history that cannot be read makes it 3
                     unless the check is critical (2)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command ? 0 : EXIT.couldNotCheck;
  }
  if (command === "user") return runUserCommand(rest);
  if (command !== "check") {
    console.error(`ovnscope: unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return EXIT.couldNotCheck;
  }
  const args = parseCheckArgs(rest, inventoryPath());
  if (typeof args === "string") {
    console.error(`ovnscope: ${args}\n${USAGE}`);
    return EXIT.couldNotCheck;
  }
  if ("help" in args) {
    console.log(USAGE);
    return 0;
  }
  const result = await runCheck(args.inventory, args.accept);
  // After the check, so the window ends after anything the server recorded while it ran.
  const since: SinceReport | null = !args.since
    ? null
    : result.snapshot
      ? await readSince(storeConfigFromEnv(), result.snapshot.cloud, args.since, Date.now())
      : unreadable(args.since, Date.now(), "no history: the inventory names no cloud to read");
  const exitCode = since ? sinceExit(result.exitCode, since) : result.exitCode;
  if (args.json) {
    const lang = args.lang ?? DEFAULT_LOCALE;
    const out = { ...checkJson(result, lang), exitCode };
    console.log(JSON.stringify(since ? { ...out, since: sinceJson(since, lang) } : out));
  } else {
    const lang = args.lang ?? ((process.env.LANG ?? "").startsWith("ko") ? "ko" : DEFAULT_LOCALE);
    console.log(formatReport(result, lang));
    if (since) console.log(`\n${formatSince(since, lang)}`);
  }
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(EXIT.couldNotCheck);
  },
);
