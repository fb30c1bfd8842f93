import { describe, expect, it } from "vitest";
import { readNodeOutput } from "@/lib/collect/read-output";
import { loadInventoryFile } from "@/lib/inventory";
import type { NodeData } from "@/lib/model/snapshot";
import { redactLine } from "@/lib/probes/redact";
import { NODE_PROBES } from "@/lib/probes/registry";
import { readSections } from "@/lib/probes/sections";
import { shellQuote } from "@/lib/ssh/command";
import { labInventoryPath, labOk, nodeExec } from "../support/lab";

// One node reader: `collect` (the sudo entry point) hands every form to collect-serve.py, one
// python3 process that reads the daemons over their sockets, /proc and netlink instead of
// running their tools. It prints each section as the tool prints it, because lib/probes parses
// those formats; so on every lab node its sections are compared here, through the same
// parsers, with what the real tools print at the same moment (ss, ps, systemctl show,
// ovsdb-client query with the reader's own transactions, ovn-appctl, the files themselves).

const LIBEXEC = "/usr/local/libexec/ovnscope";
const COLLECT = `${LIBEXEC}/collect`;
/** The empty frame that ends each served answer (lib/ssh/frames). */
const SERVED = "@@ovnscope frame served rc=0 out=0 err=0\n\n";

/** What may differ between two reads a moment apart: clocks, ages, memory, counters. */
const VOLATILE = new Set(["time", "uptimeSeconds", "elapsedSeconds", "rssKb"]);
// OVN's configuration sequence numbers: neutron-server bumps nb_cfg for its liveness checks.
const COUNTERS = /^(nb|sb|hv)Cfg(Timestamp)?$/;
// systemd lists a unit's dependencies in hash order, different from one call to the next.
const SETS = new Set(["after", "before", "requires", "wants", "bindsTo", "partOf"]);

function comparable(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      VOLATILE.has(key) || COUNTERS.test(key)
        ? undefined
        : SETS.has(key) && Array.isArray(v)
          ? [...(v as string[])].sort()
          : v,
    ) ?? "null",
  );
}

function parse(node: string, stdout: string): NodeData {
  const inv = loadInventoryFile(labInventoryPath());
  const read = readNodeOutput(
    inv.nodes.find((n) => n.name === node)!,
    undefined,
    { stdout, stderr: "" },
    new Date().toISOString(),
  );
  expect(read.ran, `${node}: ${read.node.error}`).toBe(true);
  return read.node.data!;
}

/** The reader's own constants (its queries, unit properties, files), read from the node's copy. */
interface ReaderConstants {
  props: string;
  nb: unknown;
  sb: unknown;
  ovs: unknown;
  server: unknown;
  config: string[];
}
async function readerConstants(node: string): Promise<ReaderConstants> {
  const py = [
    "import importlib.util as u, json",
    `s = u.spec_from_file_location("reader", "${LIBEXEC}/collect-serve.py")`,
    "m = u.module_from_spec(s); s.loader.exec_module(m)",
    'print(json.dumps({"props": m.UNIT_PROPS, "nb": m.NB_QUERY, "sb": m.SB_QUERY, "ovs": m.OVS_QUERY, "server": m.SERVER_QUERY, "config": m.CONFIG_FILES}))',
  ].join("\n");
  // -B: no __pycache__ left beside the installed reader.
  const r = await nodeExec(node, `python3 -B -I -S -c ${shellQuote(py)}`);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReaderConstants;
}

/**
 * The same sections from the real tools, framed with frame.sh (absent where the reader says
 * absent: no socket, no pidfile). Units: the ones the reader found present.
 */
function toolsScript(c: ReaderConstants, units: string[]): string {
  const q = (s: unknown) => shellQuote(JSON.stringify(s));
  return `set -u
. ${LIBEXEC}/frame.sh
dir=$(mktemp -d)
db() { [ -S "$1" ] || { echo "absent: $1"; return 3; }; ovsdb-client --timeout=3 query "unix:$1" "$2"; }
ctl() { [ -S "$1" ] || { echo "absent: $1"; return 3; }; ovn-appctl --timeout=2 -t "$1" "$2"; }
daemon() { pid=$(cat /var/run/ovn/$1.pid 2>/dev/null) || pid=
  [ -n "$pid" ] && [ -S /var/run/ovn/$1.$pid.ctl ] || { echo "absent: $1"; return 3; }
  ovn-appctl --timeout=2 -t "$1" "$2"; }
conns() { ss -H -tnp state established | sed 's/^/ESTAB /'; } # ss omits the state it filters on
frame_run "$dir" listen ss -H -ltnp
frame_run "$dir" conns conns
frame_run "$dir" procs ps -eo pid=,ppid=,user=,etimes=,rss=,args= -ww
frame_run "$dir" units systemctl show --no-pager --timestamp=unix -p ${shellQuote(c.props)} ${units.map(shellQuote).join(" ")}
frame_run "$dir" nb db /var/run/ovn/ovnnb_db.sock ${q(c.nb)}
frame_run "$dir" sb db /var/run/ovn/ovnsb_db.sock ${q(c.sb)}
frame_run "$dir" ovs db /var/run/openvswitch/db.sock ${q(c.ovs)}
frame_run "$dir" nb-server db /var/run/ovn/ovnnb_db.sock ${q(c.server)}
frame_run "$dir" sb-server db /var/run/ovn/ovnsb_db.sock ${q(c.server)}
frame_run "$dir" nb-remotes ctl /var/run/ovn/ovnnb_db.ctl ovsdb-server/list-remotes
frame_run "$dir" sb-remotes ctl /var/run/ovn/ovnsb_db.ctl ovsdb-server/list-remotes
frame_run "$dir" northd daemon ovn-northd status
frame_run "$dir" controller daemon ovn-controller connection-status
frames_out "$dir" listen conns procs units nb sb ovs nb-server sb-server nb-remotes sb-remotes northd controller
rm -rf "$dir"`;
}

/** The processes the reader keeps (its DAEMON, PYTHON + NEUTRON_SCRIPT, UWSGI + ini filters). */
function isDaemon(args: string): boolean {
  const [first = "", second = ""] = args.split(/\s+/);
  return (
    /(^|\/)(ovsdb-server|ovn-northd|ovn-controller|ovs-vswitchd|neutron-server)(:|$)/.test(first) ||
    (/(^|\/)python[0-9.]*$/.test(first) &&
      /(^|\/)neutron-(server|rpc-server|periodic-workers|ovn-maintenance-worker|api)$/.test(
        second,
      )) ||
    (/(^|\/)uwsgi[_a-z0-9]*$/.test(first) && / --ini \S*neutron-api\S*\.ini( |$)/.test(args))
  );
}

describe("collect-serve.py, the node reader, against the real tools", () => {
  it("prints what the tools print, on every node; refuses other requests; serves again", async () => {
    await labOk(["ready"]);
    const inv = loadInventoryFile(labInventoryPath());
    for (const { name } of inv.nodes) {
      const constants = await readerConstants(name);
      const served = await nodeExec(
        name,
        `printf 'collect\\nrm -rf /\\ncollect\\n' | ${COLLECT} --serve; echo "$(ps -C python3 -o args= | grep -c 'collect-serve.py$')"`,
      );
      expect(served.code, served.stderr).toBe(0);
      const [first, refused, second, rest] = served.stdout.split(SERVED);
      expect(refused).toBe("@@ovnscope frame refused rc=64 out=0 err=0\n\n");
      expect(rest!.trim(), "the served process exits at end of input").toBe("0");
      expect(first, "no section failed").not.toMatch(/ err=[1-9]/);
      // Units over systemd's private socket print in the order asked (Id first); systemctl,
      // its fallback, prints its own order (Type first).
      expect(first, "units read over D-Bus").toMatch(
        /@@ovnscope frame units rc=0 out=\d+ err=0\nId=/,
      );
      const reader = parse(name, first!);
      const once = await nodeExec(name, COLLECT);
      expect(once.code, once.stderr).toBe(0);
      expect(comparable(parse(name, once.stdout)), `${name}: collect`).toEqual(comparable(reader));
      expect(comparable(parse(name, second!)), `${name}: served again`).toEqual(comparable(reader));

      const units = reader.units.map((u) => u.id);
      const tools = await nodeExec(name, toolsScript(constants, units));
      expect(tools.code, tools.stderr).toBe(0);
      const raw = readSections(tools.stdout).sections;
      const compared: string[] = [];
      for (const probe of NODE_PROBES) {
        const section = raw.get(probe.section);
        if (!section) continue; // not a tool's (meta, config, dropins, journal, …)
        const what = `${name}: ${probe.section}`;
        expect(reader.sections[probe.section]?.state, what).toBe(
          section.rc === 3 ? "absent" : "ok",
        );
        if (section.rc !== 0) continue;
        let tool: unknown = probe.parse(section.stdout);
        let mine: unknown = reader[probe.field];
        if (probe.field === "connections") {
          // ss shows every connection; the reader keeps OVSDB's: the OVN NB/SB ports and the
          // ports an ovsdb-server listens on here.
          const ports = new Set([
            6641,
            6642,
            ...reader.listeners
              .filter((l) => l.processes.some((p) => p.name === "ovsdb-server"))
              .map((l) => l.port),
          ]);
          tool = (tool as NodeData["connections"]).filter(
            (c) => ports.has(c.port) || ports.has(c.peerPort),
          );
        }
        if (probe.field === "listeners" || probe.field === "connections") {
          const byAddress = (a: unknown[]) =>
            [...a].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
          tool = byAddress(tool as unknown[]);
          mine = byAddress(mine as unknown[]);
        }
        if (probe.field === "processes") {
          // ps shows every process; the reader keeps the daemons: the same ones, the same facts.
          tool = (tool as NodeData["processes"]).filter((p) => isDaemon(p.args));
        }
        expect(comparable(mine), what).toEqual(comparable(tool));
        if ((Array.isArray(tool) ? tool.length : tool) !== null) compared.push(probe.section);
      }
      // Every node has sockets, daemons, units, OVS and ovn-controller (with its SB session) to compare.
      expect(compared, name).toEqual(
        expect.arrayContaining(["listen", "conns", "procs", "units", "ovs", "controller"]),
      );
      expect(
        reader.connections.length,
        `${name}: ovn-controller's SB session at least`,
      ).toBeGreaterThan(0);
      if (name === "ctl1")
        expect(compared).toEqual(
          expect.arrayContaining([
            "nb",
            "sb",
            "nb-server",
            "sb-server",
            "nb-remotes",
            "sb-remotes",
            "northd",
          ]),
        );

      // Config: the files themselves, comments and blank lines dropped, redacted by the
      // server's copy of the rules.
      const files = await nodeExec(
        name,
        `for f in ${constants.config.map(shellQuote).join(" ")}; do [ -f "$f" ] && [ -s "$f" ] && { echo "@@file $f"; grep -Ev '^[[:space:]]*([#;]|$)' "$f"; }; done; true`,
      );
      const expected = files.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => (l.startsWith("@@file ") ? l : redactLine(l)));
      const config = readSections(first!).sections.get("config")!.stdout;
      expect(config.split("\n").filter(Boolean), `${name}: config`).toEqual(expected);
    }
  });

  it("a node that cannot run the reader says so: an error, never an empty read", async () => {
    // collect without collect-serve.py beside it…
    const copy = await nodeExec(
      "cmp1",
      `d=$(mktemp -d) && cp ${COLLECT} "$d/" && printf 'collect\\n' | "$d/collect" --serve; rc=$?; rm -rf "$d"; exit $rc`,
    );
    expect(copy.code).toBe(69);
    expect(copy.stdout).toBe("");
    expect(copy.stderr).toMatch(/collect-serve\.py is not installed/);
    // …and on a node without python3 (hidden in a mount namespace of its own).
    const none = await nodeExec(
      "cmp1",
      `unshare -m sh -c 'for p in /usr/bin/python3*; do mount --bind /dev/null "$p"; done; printf "collect\\n" | ${COLLECT} --serve'`,
    );
    expect(none.code, none.stderr).toBe(69);
    expect(none.stdout).toBe("");
    expect(none.stderr).toMatch(/this node has no python3/);
    const inv = loadInventoryFile(labInventoryPath());
    const read = readNodeOutput(
      inv.nodes.find((n) => n.name === "cmp1")!,
      undefined,
      { stdout: none.stdout, stderr: none.stderr },
      new Date().toISOString(),
    );
    expect(read.ran).toBe(false);
    expect(read.node.reach).toBe("partial");
    expect(read.node.error).toMatch(/^collect: this node has no python3/);
  });
});
