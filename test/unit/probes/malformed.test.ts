import { describe, expect, it } from "vitest";
import { parseNodeOutput } from "@/lib/collect/node-data";
import { ProbeParseError } from "@/lib/probes/errors";
import { parseJournal } from "@/lib/probes/journal";
import { parseListeners } from "@/lib/probes/listeners";
import { parseMeta } from "@/lib/probes/meta";
import { parseNeutron } from "@/lib/probes/neutron";
import { parseNb } from "@/lib/probes/ovn-nb";
import { parseOvs } from "@/lib/probes/ovs";
import { parseProcesses } from "@/lib/probes/processes";
import { readSections } from "@/lib/probes/sections";
import { frame } from "@/lib/ssh/frames";
import { parseUnits } from "@/lib/probes/systemd-units";

// Malformed and empty input: every parser fails with a typed ProbeParseError (or returns an
// empty list where empty output is a valid answer), never a crash of another kind.
describe("parsers on empty and malformed output", () => {
  const cases: [string, string, (text: string) => unknown][] = [
    ["units", "", parseUnits],
    ["units", "garbage without equals\n\nmore", parseUnits],
    ["units", "LoadState=loaded\nSubState=running", parseUnits],
    ["listen", "ESTAB 0 0 1.2.3.4:22 5.6.7.8:1234", parseListeners],
    ["listen", "LISTEN 0 10 no-port-here 0.0.0.0:*", parseListeners],
    ["procs", "not a ps line", parseProcesses],
    ["meta", "hostname=x", parseMeta],
    ["nb", "", parseNb],
    ["nb", '[{"rows":[]}]', parseNb],
    ["nb", "ovsdb-client: unix:/var/run/ovn/ovnnb_db.sock: database connection failed", parseNb],
    ["ovs", '[{"rows":[]},{"rows":[]}]', parseOvs],
    ["ovs", '[{"error":"unknown table","details":"No table named Bridge"},{"rows":[]}]', parseOvs],
    ["neutron", "", parseNeutron],
    [
      "neutron",
      "<html>502</html>\n@@ovnscope http 502 http://10.250.0.11:9696/v2.0/routers",
      parseNeutron,
    ],
    [
      "neutron",
      '{"routers": 1}\n@@ovnscope http 200 http://10.250.0.11:9696/v2.0/routers',
      parseNeutron,
    ],
  ];
  it.each(cases)("%s rejects %j with a ProbeParseError", (probe, text, parse) => {
    expect(() => parse(text)).toThrow(ProbeParseError);
    try {
      parse(text);
    } catch (err) {
      expect((err as ProbeParseError).probe).toBe(probe);
    }
  });

  it("treats empty ps/ss output as no processes/sockets, and skips non-JSON journal lines", () => {
    expect(parseProcesses("")).toEqual([]);
    expect(parseListeners("\n")).toEqual([]);
    expect(parseJournal("-- No entries --\n{broken json\n")).toEqual([]);
  });

  it("reads frames, keeps the ones before a cut-off, and says where reading stopped", () => {
    const whole = Buffer.concat([
      frame("a", 0, "x\ny\n"),
      frame("b", 2, "z\n", "oops\n"),
      frame("c", 0, "partial but long"),
    ]);
    const cut = whole.subarray(0, whole.length - 6);
    const { sections, problem } = readSections(cut);
    expect(sections.get("a")).toEqual({ stdout: "x\ny", stderr: "", rc: 0 });
    expect(sections.get("b")).toEqual({ stdout: "z", stderr: "oops", rc: 2 });
    expect(sections.get("c")).toEqual({ stdout: "partial but", stderr: "", rc: null });
    expect(problem).toBe("c: cut off before it finished");
  });

  it("keeps the good sections when others fail or cannot be parsed", () => {
    const { data, problems } = parseNodeOutput(
      Buffer.concat([
        frame("meta", 0, "version=3\nhostname=ctl1\ntime=1795619965\n"),
        frame(
          "listen",
          0,
          'LISTEN 0 10 0.0.0.0:6641 0.0.0.0:* users:(("ovsdb-server",pid=127,fd=18))\n',
        ),
        frame("units", 0, "this is not systemctl output\n"),
        frame("nb", 3, "absent: /var/run/ovn/ovnnb_db.sock\n"),
        frame("sb", 1, "", "ovsdb-client: database connection failed (Connection refused)\n"),
      ]),
    );
    expect(data.meta?.hostname).toBe("ctl1");
    expect(data.listeners).toEqual([
      {
        proto: "tcp",
        address: "0.0.0.0",
        port: 6641,
        processes: [{ name: "ovsdb-server", pid: 127 }],
      },
    ]);
    expect(data.units).toEqual([]);
    expect(data.sections.units?.state).toBe("unparsable");
    expect(data.sections.nb).toEqual({ state: "absent" });
    expect(data.sections.sb).toEqual({
      state: "failed",
      rc: 1,
      message: "exit 1: ovsdb-client: database connection failed (Connection refused)",
    });
    expect(data.sections.controller).toEqual({
      state: "failed",
      rc: null,
      message: "missing from the output",
    });
    // Journal lines come from collect-journal, read separately: their absence is no problem.
    expect(data.sections.journal).toBeUndefined();
    expect(problems.some((p) => p.startsWith("units: "))).toBe(true);
    expect(problems.some((p) => p.startsWith("nb:"))).toBe(false); // absent is not a problem
  });
});
