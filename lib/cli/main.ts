import { inventoryPath } from "@/lib/inventory";
import { DEFAULT_LOCALE } from "@/lib/i18n/catalogue";
import { checkJson, EXIT, formatReport, parseCheckArgs, runCheck } from "./check";
import { runUserCommand } from "./users";

const USAGE = `usage: ovnscope check [--inventory FILE] [--json] [--lang en|ko] [--accept FINDING-ID]…
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
                     known, accepted risk: still printed, not counted in the exit status`;

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
  if (args.json) console.log(JSON.stringify(checkJson(result, args.lang ?? DEFAULT_LOCALE)));
  else
    console.log(
      formatReport(
        result,
        args.lang ?? ((process.env.LANG ?? "").startsWith("ko") ? "ko" : DEFAULT_LOCALE),
      ),
    );
  return result.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(EXIT.couldNotCheck);
  },
);
