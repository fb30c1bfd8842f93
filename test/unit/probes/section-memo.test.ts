import { describe, expect, it } from "vitest";
import { parseNodeOutput, parseNodeSections, type SectionMemo } from "@/lib/collect/node-data";
import { readSections } from "@/lib/probes/sections";
import { readFrames } from "@/lib/ssh/frames";
import { fixtureText } from "../../support/fixtures";

// A node's unchanged sections keep their last parse (the collector's memo per node): checked on
// captured lab output: a healthy ctl1 read again, then with one section changed.

const read = (state: string, memo: SectionMemo) =>
  parseNodeSections(readSections(Buffer.from(fixtureText(state, "ctl1"))).sections, memo);

describe("parseNodeSections with a node's memo", () => {
  it("the same output again: every value is the one parsed before, and equal to a parse without the memo", () => {
    const memo: SectionMemo = new Map();
    const first = read("healthy", memo);
    const again = read("healthy", memo);
    expect(again).toEqual(parseNodeOutput(fixtureText("healthy", "ctl1")));
    expect(again.data.units).toBe(first.data.units);
    expect(again.data.sb).toBe(first.data.sb);
    expect(again.data.ovs).toBe(first.data.ovs);
  });

  it("a section that changed is parsed again; what did not change is kept", () => {
    const memo: SectionMemo = new Map();
    const healthy = read("healthy", memo);
    expect(healthy.data.northdStatus).toBe("active");
    // The same output with northd's section saying standby (frames rebuilt with their lengths).
    const frames = readFrames(Buffer.from(fixtureText("healthy", "ctl1"))).frames.map((f) => {
      const out = f.name === "northd" ? Buffer.from("Status: standby\n") : f.stdout;
      return Buffer.concat([
        Buffer.from(
          `@@ovnscope frame ${f.name} rc=${f.rc} out=${out.length} err=${f.stderr.length}\n`,
        ),
        out,
        f.stderr,
        Buffer.from("\n"),
      ]);
    });
    const standby = parseNodeSections(readSections(Buffer.concat(frames)).sections, memo);
    expect(standby).toEqual(parseNodeSections(readSections(Buffer.concat(frames)).sections));
    expect(standby.data.northdStatus).toBe("standby");
    expect(standby.data.units).toBe(healthy.data.units);
    expect(standby.data.nb).toBe(healthy.data.nb);
  });

  it("a section's text is not decoded when its digest matches its last parse", () => {
    const memo: SectionMemo = new Map();
    read("healthy", memo);
    const raw = readSections(Buffer.from(fixtureText("healthy", "ctl1"))).sections;
    let decoded = 0;
    for (const [name, section] of raw) {
      const text = Object.getOwnPropertyDescriptor(section, "stdout")!.get!;
      Object.defineProperty(section, "stdout", {
        get: () => (decoded++, text.call(section)),
      });
      raw.set(name, section);
    }
    parseNodeSections(raw, memo);
    expect(decoded).toBe(0);
  });
});
