import type { ExecCommand, Unit } from "@/lib/model/snapshot";
import { ProbeParseError } from "./errors";

/**
 * Probe: unit states and properties, one `systemctl show` for every unit of interest.
 * Command (collect script, section "units"):
 *   systemctl show --no-pager --timestamp=unix -p Id,Names,LoadState,… UNIT…
 * Output: one block of KEY=VALUE lines per unit, blocks separated by a blank line, in the
 * order the units were named; properties are NOT in the order asked.
 */

function list(value: string | undefined): string[] {
  return value ? value.split(/\s+/).filter(Boolean) : [];
}

function int(value: string | undefined): number {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) ? n : 0;
}

/** "@1764084000" (--timestamp=unix) or "" / "n/a" → ISO or null. */
export function parseSystemdTimestamp(value: string | undefined): string | null {
  if (!value || value === "n/a") return null;
  const unix = /^@(\d+)$/.exec(value);
  if (unix) return Number(unix[1]) === 0 ? null : new Date(Number(unix[1]) * 1000).toISOString();
  // Older systemd without --timestamp=unix: "Wed 2026-11-25 15:20:01 UTC".
  const text = /^\w{3} (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/.exec(value);
  return text ? new Date(`${text[1]}T${text[2]}Z`).toISOString() : null;
}

/**
 * ExecStart/ExecStop values: "{ path=/usr/bin/x ; argv[]=/usr/bin/x --a b ; ignore_errors=no ; … }"
 * possibly several of them, space separated. argv is space-joined by systemd, so arguments
 * containing spaces cannot be told apart; they are split on spaces, which is enough to read
 * which script and which options a unit runs.
 */
export function parseExecCommands(value: string | undefined): ExecCommand[] {
  if (!value) return [];
  const commands: ExecCommand[] = [];
  for (const match of value.matchAll(/\{ path=([^;]*?) ; argv\[\]=([^;]*?) ; /g)) {
    commands.push({ path: match[1]!.trim(), argv: match[2]!.trim().split(/\s+/).filter(Boolean) });
  }
  return commands;
}

function toUnit(props: Map<string, string>): Unit {
  const p = (k: string) => props.get(k);
  return {
    id: p("Id") ?? "",
    names: list(p("Names")),
    loadState: p("LoadState") ?? "",
    activeState: p("ActiveState") ?? "",
    subState: p("SubState") ?? "",
    type: p("Type") ?? "",
    remainAfterExit: p("RemainAfterExit") === "yes",
    mainPid: int(p("MainPID")),
    execMainStatus: int(p("ExecMainStatus")),
    execMainCode: int(p("ExecMainCode")),
    nRestarts: int(p("NRestarts")),
    result: p("Result") ?? "",
    unitFileState: p("UnitFileState") ?? "",
    requires: list(p("Requires")),
    wants: list(p("Wants")),
    bindsTo: list(p("BindsTo")),
    partOf: list(p("PartOf")),
    after: list(p("After")),
    before: list(p("Before")),
    activeEnterTimestamp: parseSystemdTimestamp(p("ActiveEnterTimestamp")),
    inactiveEnterTimestamp: parseSystemdTimestamp(p("InactiveEnterTimestamp")),
    stateChangeTimestamp: parseSystemdTimestamp(p("StateChangeTimestamp")),
    fragmentPath: p("FragmentPath") ?? "",
    dropInPaths: list(p("DropInPaths")),
    execStart: parseExecCommands(p("ExecStart")),
    execStop: parseExecCommands(p("ExecStop")),
    execStopPost: parseExecCommands(p("ExecStopPost")),
  };
}

/** Parses the blocks; units that do not exist on the node (LoadState=not-found) are dropped. */
export function parseUnits(text: string): Unit[] {
  if (!text.trim()) throw new ProbeParseError("units", "empty output");
  const units: Unit[] = [];
  let blocks = 0;
  for (const block of text.split(/\n\s*\n/)) {
    const props = new Map<string, string>();
    for (const line of block.split("\n")) {
      const eq = line.indexOf("=");
      if (eq <= 0) continue;
      props.set(line.slice(0, eq), line.slice(eq + 1));
    }
    if (props.size === 0) continue;
    if (!props.has("Id") || !props.has("ActiveState"))
      throw new ProbeParseError("units", `a block without Id/ActiveState: ${block.slice(0, 80)}`);
    if (props.get("LoadState") === "not-found") {
      blocks += 1;
      continue;
    }
    units.push(toUnit(props));
    blocks += 1;
  }
  if (blocks === 0 && units.length === 0) throw new ProbeParseError("units", "no KEY=VALUE blocks");
  return units;
}
