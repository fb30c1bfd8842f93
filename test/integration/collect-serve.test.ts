import { describe, expect, it } from "vitest";
import { readNodeOutput } from "@/lib/collect/read-output";
import { loadInventoryFile } from "@/lib/inventory";
import type { NodeData } from "@/lib/model/snapshot";
import { labInventoryPath, labOk, nodeExec } from "../support/lab";

// `collect --serve` answers from one python3 process (collect-serve.py) on nodes that have
// python3. The shell script stays the reference: on every lab node both must read the same
// facts, through the same parsers, from the same real daemons.

const COLLECT = "/usr/local/libexec/ovnscope/collect";
/** The empty frame that ends each served answer (lib/ssh/frames). */
const SERVED = "@@ovnscope frame served rc=0 out=0 err=0\n\n";

/** What may differ between two reads a moment apart: clocks, ages, memory, counters. */
const VOLATILE = new Set(["time", "uptimeSeconds", "elapsedSeconds", "rssKb"]);
// OVN's configuration sequence numbers: neutron-server bumps nb_cfg for its liveness checks.
const COUNTERS = /^(nb|sb|hv)Cfg(Timestamp)?$/;
// systemd lists a unit's dependencies in hash order, different from one call to the next.
const SETS = new Set(["after", "before", "requires", "wants", "bindsTo", "partOf"]);

function comparable(data: NodeData): unknown {
  return JSON.parse(
    JSON.stringify(data, (key, value: unknown) =>
      VOLATILE.has(key) || COUNTERS.test(key)
        ? undefined
        : SETS.has(key) && Array.isArray(value)
          ? [...(value as string[])].sort()
          : value,
    ),
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

describe("collect --serve (python3) against the shell script", () => {
  it("reads the same facts on every node, refuses other requests, and serves again", async () => {
    await labOk(["up"]);
    await labOk(["heal"]);
    const inv = loadInventoryFile(labInventoryPath());
    for (const { name } of inv.nodes) {
      // Twice each, the served one first and last: a mismatch must hold both ways round.
      const served = await nodeExec(
        name,
        `printf 'collect\\nrm -rf /\\ncollect\\n' | ${COLLECT} --serve; echo "$(ps -C python3 -o args= | grep -c collect-serve.py)"`,
      );
      const shell = await nodeExec(name, COLLECT);
      expect(served.code, served.stderr).toBe(0);
      const [first, refused, second, rest] = served.stdout.split(SERVED);
      expect(refused).toBe("@@ovnscope frame refused rc=64 out=0 err=0\n\n");
      expect(rest!.trim(), "the served process exits at end of input").toBe("0");
      const reference = comparable(parse(name, shell.stdout));
      expect(comparable(parse(name, first!)), name).toEqual(reference);
      expect(comparable(parse(name, second!)), name).toEqual(reference);
      expect(first, "it ran python, not the shell loop").not.toMatch(/ err=[1-9]/);
      // Units over systemd's private socket print in the order asked (Id first); systemctl,
      // the fallback, prints its own order (Type first).
      expect(first, "units read over D-Bus").toMatch(
        /@@ovnscope frame units rc=0 out=\d+ err=0\nId=/,
      );
    }
  });

  it("falls back to the shell loop where collect-serve.py is not installed", async () => {
    const r = await nodeExec(
      "cmp1",
      `d=$(mktemp -d) && cp ${COLLECT} /usr/local/libexec/ovnscope/frame.sh "$d/" && printf 'collect\\n' | "$d/collect" --serve; rc=$?; rm -rf "$d"; exit $rc`,
    );
    expect(r.code, r.stderr).toBe(0);
    const [answer, rest] = r.stdout.split(SERVED);
    expect(rest).toBe("");
    // ss's column padding is the shell loop's mark; the python server prints single spaces.
    expect(answer).toMatch(/^LISTEN 0 +128 +0\.0\.0\.0:22 /m);
    expect(parse("cmp1", answer!).ovs).not.toBeNull();
  });
});
