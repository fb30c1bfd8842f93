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
import { splitSections } from "@/lib/probes/sections";
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

  it("splits sections even when a command's last line has no newline or the script was cut off", () => {
    const raw = splitSections(
      "noise\n@@ovnscope begin a\nx\ny@@ovnscope end a rc=0\n@@ovnscope begin b\nz\n@@ovnscope stderr b\noops\n@@ovnscope end b rc=2\n@@ovnscope begin c\npartial",
    );
    expect(raw.get("a")).toEqual({ stdout: "x\ny", stderr: "", rc: 0 });
    expect(raw.get("b")).toEqual({ stdout: "z", stderr: "oops", rc: 2 });
    expect(raw.get("c")).toEqual({ stdout: "partial", stderr: "", rc: null });
  });

  it("keeps the good sections when others fail or cannot be parsed", () => {
    const { data, problems } = parseNodeOutput(
      [
        "@@ovnscope begin meta",
        "version=2",
        "hostname=ctl1",
        "time=1795619965",
        "@@ovnscope end meta rc=0",
        "@@ovnscope begin listen",
        'LISTEN 0 10 0.0.0.0:6641 0.0.0.0:* users:(("ovsdb-server",pid=127,fd=18))',
        "@@ovnscope end listen rc=0",
        "@@ovnscope begin units",
        "this is not systemctl output",
        "@@ovnscope end units rc=0",
        "@@ovnscope begin nb",
        "absent: /var/run/ovn/ovnnb_db.sock",
        "@@ovnscope end nb rc=3",
        "@@ovnscope begin sb",
        "@@ovnscope stderr sb",
        "ovsdb-client: database connection failed (Connection refused)",
        "@@ovnscope end sb rc=1",
      ].join("\n"),
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
