import { inventoryPath } from "@/lib/inventory";
import { FINDING_ID } from "@/lib/views/finding";
import { EXIT, formatReport, runCheck } from "./check";
import { runUserCommand } from "./users";

const USAGE = `usage: ovnscope check [--inventory FILE] [--json] [--accept FINDING-ID]…
       ovnscope user add|list|passwd|role|remove …   (ovnscope user --help)

Reads every node of the inventory once (SSH, the same collector and rules as the dashboard)
and prints the findings, worst first. Exit status: 0 healthy, 1 warnings, 2 critical,
3 could not check (bad inventory, no node readable).
  --inventory FILE   the inventory (default: $OVNSCOPE_INVENTORY, else ./inventory.yaml)
  --json             print {snapshot, findings} as JSON instead of the report
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
  let file = inventoryPath();
  let json = false;
  const accept: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--json") json = true;
    else if (arg === "--inventory" && rest[i + 1]) file = rest[++i]!;
    else if (arg === "--accept" && rest[i + 1]) {
      const id = rest[++i]!;
      if (!FINDING_ID.test(id)) {
        console.error(`ovnscope: --accept takes a finding id, not ${JSON.stringify(id)}`);
        return EXIT.couldNotCheck;
      }
      accept.push(id);
    } else if (arg?.startsWith("--inventory=")) file = arg.slice("--inventory=".length);
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      return 0;
    } else {
      console.error(`ovnscope: unknown option ${JSON.stringify(arg)}\n${USAGE}`);
      return EXIT.couldNotCheck;
    }
  }
  const result = await runCheck(file, accept);
  if (json)
    console.log(
      JSON.stringify({
        exitCode: result.exitCode,
        error: result.error,
        findings: result.findings,
        accepted: result.accepted,
        snapshot: result.snapshot,
      }),
    );
  else console.log(formatReport(result, (process.env.LANG ?? "").startsWith("ko") ? "ko" : "en"));
  return result.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(EXIT.couldNotCheck);
  },
);
