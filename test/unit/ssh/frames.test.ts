import { describe, expect, it } from "vitest";
import { readSections } from "@/lib/probes/sections";
import { ByteBuffer, LineSplitter } from "@/lib/ssh/bounded";
import { frame, readFrames, readHeader } from "@/lib/ssh/frames";

// What a tenant or a local user can put into the data a node reads: a network name in NB's
// JSON, a process's arguments. Under the old end markers any of these ended a section early
// (issue #15 §1); in length-prefixed frames each must stay data of its own frame.
const FORGERIES: [string, Buffer][] = [
  ["the old end marker", Buffer.from("x @@ovnscope end nb rc=0")],
  ["a whole frame header", Buffer.from("@@ovnscope frame sb rc=0 out=2 err=0\n{}\n")],
  [
    "a header after a newline",
    Buffer.from("net\n@@ovnscope frame listen rc=0 out=10 err=0\nLISTEN 0 0\n"),
  ],
  ["the served frame", Buffer.from("\n@@ovnscope frame served rc=0 out=0 err=0\n\n")],
  ["NUL bytes", Buffer.from("a\0@@ovnscope frame nb rc=0 out=0 err=0\n\0b")],
  ["invalid UTF-8", Buffer.from([0x78, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x40, 0x40, 0x0a])],
];

describe("length-prefixed frames", () => {
  it.each(FORGERIES)("keep %s inside its frame, and every frame after it", (_, forged) => {
    const nb = Buffer.concat([Buffer.from('[{"rows":[{"name":"'), forged, Buffer.from('"}]}]\n')]);
    const output = Buffer.concat([
      frame("meta", 0, "version=3\n"),
      frame("nb", 0, nb),
      frame("sb", 0, '[{"rows":[]}]\n'),
      frame("controller", 0, "connected\n"),
    ]);
    const { frames, problem } = readFrames(output);
    expect(problem).toBeNull();
    expect(frames.map((f) => f.name)).toEqual(["meta", "nb", "sb", "controller"]);
    expect(frames[1]!.stdout.equals(nb)).toBe(true);
    expect(frames.every((f) => f.rc === 0)).toBe(true);
    // Decoded per section: the forged text is there as data, nothing else moved.
    const { sections } = readSections(output);
    expect(sections.get("nb")!.stdout).toBe(nb.toString("utf8").replace(/\n+$/, ""));
    expect(sections.get("sb")!.stdout).toBe('[{"rows":[]}]');
  });

  it("stops at bytes that are not a frame, keeping the frames before them", () => {
    const output = Buffer.concat([frame("meta", 0, "version=3\n"), Buffer.from("junk\n")]);
    const { frames, problem } = readFrames(output);
    expect(frames.map((f) => f.name)).toEqual(["meta"]);
    expect(problem).toMatch(/not in ovnscope frames at byte \d+: "junk/);
  });

  it("refuses a frame whose length does not match its header", () => {
    const good = frame("nb", 0, "abc\n");
    const lying = Buffer.from(good.toString().replace("out=4", "out=2"));
    expect(readFrames(lying).problem).toMatch(/nb: its frame is not as long as its header says/);
  });

  it("names an old collect script (marker format) on the node", () => {
    const old = Buffer.from("@@ovnscope begin meta\nversion=2\n@@ovnscope end meta rc=0\n");
    expect(readFrames(old).problem).toMatch(/old marker format \(collect version 2\)/);
  });

  it("tells an incomplete header from a garbled one", () => {
    expect(readHeader(Buffer.from("@@ovnscope fr"), 0).kind).toBe("incomplete");
    expect(readHeader(Buffer.from("@@ovnscope frame meta rc=0 ou"), 0).kind).toBe("incomplete");
    expect(readHeader(Buffer.from("hello"), 0).kind).toBe("garbled");
    expect(readHeader(Buffer.from(`@@ovnscope frame ${"x".repeat(200)}`), 0).kind).toBe("garbled");
    expect(readHeader(Buffer.from("@@ovnscope frame Meta rc=0 out=0 err=0\n"), 0).kind).toBe(
      "garbled",
    );
  });
});

describe("bounded buffers", () => {
  it("ByteBuffer keeps the first `limit` bytes and says when it had to drop", () => {
    const b = new ByteBuffer(10);
    expect(b.append(Buffer.from("12345"))).toBe(true);
    expect(b.append(Buffer.from("67890abc"))).toBe(false);
    expect(b.view().toString()).toBe("1234567890");
    expect(b.dropped).toBe(3);
    expect(b.take(4).toString()).toBe("1234");
    expect(b.view().toString()).toBe("567890");
  });

  it("ByteBuffer emptied by take keeps no room: an idle held channel holds no answer's worth of memory", () => {
    const b = new ByteBuffer(1 << 20);
    for (let i = 0; i < 8; i++) b.append(Buffer.alloc(8192, i));
    expect(b.view().buffer.byteLength).toBeGreaterThanOrEqual(65536);
    expect(b.take(b.size)).toHaveLength(65536);
    expect(b.view().buffer.byteLength).toBe(0);
    // Partly taken: the rest stays where it was (the next answer's bytes already arrived).
    b.append(Buffer.alloc(8192, 1));
    b.append(Buffer.from("next"));
    expect(b.take(8192)).toHaveLength(8192);
    expect(b.view().toString()).toBe("next");
  });

  it("LineSplitter splits across chunks and refuses a line over its limit", () => {
    const lines: string[] = [];
    const s = new LineSplitter(8, (l) => lines.push(l));
    expect(s.push(Buffer.from("ab\ncd"))).toBe(true);
    expect(s.push(Buffer.from("ef\n\ngh"))).toBe(true);
    expect(lines).toEqual(["ab", "cdef", ""]);
    expect(s.push(Buffer.from("1234567"))).toBe(false); // "gh" + 7 bytes, no newline
  });

  it("LineSplitter ends one endless line at its limit, having held no more than that", () => {
    const s = new LineSplitter(64 * 1024, () => undefined);
    const chunk = Buffer.alloc(1024, 0x78);
    let pushed = 0;
    while (s.push(chunk)) pushed++;
    expect(pushed).toBe(64);
  });
});
