import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNodeOutput } from "@/lib/collect/node-data";
import { evidence } from "@/lib/diagnose/evidence";
import { centralDb } from "@/lib/profiles";
import { NODE_PROBES, PROBES, sectionsOf, type NodeScript } from "@/lib/probes/registry";
import { readSections } from "@/lib/probes/sections";
import { fixtureText, snapshotFromFixtures } from "../../support/fixtures";

// The probe registry (lib/probes/registry.ts) against what the node scripts print: every
// section a script prints is declared for it, in the same order, and every section declared for
// a script is printed by it. Read from the scripts' text (no node needed).

const LIBEXEC = join(process.cwd(), "deploy/libexec/ovnscope");
const FIXTURES = join(process.cwd(), "test/fixtures/collect");
const script = (name: string) => readFileSync(join(LIBEXEC, name), "utf8");

/** The body of a python function `def name(` up to the next top-level line. */
function pythonFunction(text: string, name: string): string {
  const start = text.indexOf(`\ndef ${name}(`);
  expect(start, `def ${name} in collect-serve.py`).toBeGreaterThanOrEqual(0);
  const next = /\n(?=\S)/g;
  next.lastIndex = start + 1;
  const end = next.exec(text)?.index ?? text.length;
  return text.slice(start, end);
}

const all = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!);

/** Section names framed by a shell script with frame.sh (frame_run and frames_out). */
function framedByShell(text: string): string[] {
  const run = all(text, /^\s*frame_run "\$dir" (\S+)/gm);
  const out = all(text, /^\s*frames_out "\$dir" (\S+)\s*$/gm);
  return [...new Set([...run, ...out])];
}

/** What each node script prints, read from its text. */
const PRINTED: Record<string, () => { script: NodeScript; sections: string[] }> = {
  "collect (its reader, collect-serve.py)": () => {
    const body = pythonFunction(script("collect-serve.py"), "collect_once");
    return { script: "collect", sections: all(body, /^\s*\("([a-z-]+)", /gm) };
  },
  "collect-journal": () => ({
    script: "collect-journal",
    sections: framedByShell(script("collect-journal")),
  }),
  "neutron-query": () => ({
    script: "neutron-query",
    sections: framedByShell(script("neutron-query")),
  }),
  "neutron-options": () => ({
    script: "neutron-options",
    sections: all(script("neutron-options"), /@@ovnscope frame ([a-z-]+) rc=/g),
  }),
};

describe("the probe registry and the node scripts", () => {
  it.each(Object.keys(PRINTED))("%s prints exactly its declared sections", (name) => {
    const { script: which, sections } = PRINTED[name]!();
    expect(sections.length, `found no section in ${name}`).toBeGreaterThan(0);
    expect(sections).toEqual(sectionsOf(which));
  });

  // One node reader: the sudo entry point `collect` reads nothing itself, it hands every form
  // sudoers allows to collect-serve.py (and says why when it cannot).
  it("collect hands each of its forms to collect-serve.py, and reads nothing itself", () => {
    const text = script("collect");
    expect(text).toMatch(/^\s*""\) reader --once ;;$/m);
    expect(text).toMatch(/^\s*--serve\) reader ;;$/m);
    expect(text).toMatch(/^\s*--watch\) reader --watch <\/dev\/null ;;$/m);
    expect(text).toMatch(/exec python3 -I -S "\$here\/collect-serve\.py" "\$@"/);
    const code = text
      .split("\n")
      .filter((l) => !/^\s*#/.test(l))
      .join("\n");
    expect(code).not.toMatch(/frame|ovsdb-client|systemctl|journalctl|ss -H|ps -eo/);
    const sudoers = readFileSync(join(process.cwd(), "deploy/sudoers.d/ovnscope"), "utf8");
    const allowed = all(sudoers, /NOPASSWD: \/usr\/local\/libexec\/ovnscope\/collect (\S+)$/gm);
    expect(allowed).toEqual(['""', "--serve", "--watch"]);
  });

  it("every script that ships a section is a script in deploy/libexec/ovnscope", () => {
    const shipped = new Set(readdirSync(LIBEXEC));
    for (const p of PROBES) expect(shipped, `${p.section}: ${p.script}`).toContain(p.script);
  });

  it("every section in the captured lab output is declared", () => {
    const declared = new Set(PROBES.map((p) => p.section));
    let read = 0;
    for (const state of readdirSync(FIXTURES, { withFileTypes: true })) {
      if (!state.isDirectory()) continue;
      for (const file of readdirSync(join(FIXTURES, state.name))) {
        if (!file.endsWith(".txt")) continue;
        const { sections, problem } = readSections(readFileSync(join(FIXTURES, state.name, file)));
        expect(problem, `${state.name}/${file}`).toBeNull();
        for (const name of sections.keys()) {
          expect(declared, `${state.name}/${file}: section ${name}`).toContain(name);
          read++;
        }
      }
    }
    expect(read).toBeGreaterThan(100);
  });
});

describe("NodeData built by walking the registry", () => {
  const ctl1 = parseNodeOutput(fixtureText("healthy", "ctl1"));

  it("fills every declared field, and records a status for every section that came", () => {
    for (const p of NODE_PROBES) expect(ctl1.data, p.field).toHaveProperty(p.field);
    // healthy/ctl1 was captured with collect, collect-journal and neutron-query, before the
    // reader printed the sections added later: those are not known, not failed.
    const later = NODE_PROBES.filter((p) => p.addedLater).map((p) => p.section);
    expect(later).toEqual(["conns"]);
    expect(Object.keys(ctl1.data.sections).sort()).toEqual(
      [...sectionsOf("collect"), ...sectionsOf("collect-journal")]
        .filter((s) => !later.includes(s))
        .sort(),
    );
    expect(ctl1.data.connections).toEqual([]);
    // A capture by a reader that prints them has them read.
    const current = parseNodeOutput(fixtureText("cluster-healthy-sessions", "ctl1"));
    expect(current.problems).toEqual([]);
    expect(current.data.sections.conns).toEqual({ state: "ok" });
    expect(current.data.connections.length).toBeGreaterThan(0);
    expect(ctl1.data.neutronOptions).toBeNull();
    expect(ctl1.data.sections["neutron-options"]).toBeUndefined();
  });

  it("gives each node fresh fallbacks (no list shared between nodes)", () => {
    const a = parseNodeOutput("");
    const b = parseNodeOutput("");
    expect(a.data.units).toEqual([]);
    expect(a.data.units).not.toBe(b.data.units);
    expect(a.data.sections.units).toEqual({
      state: "failed",
      rc: null,
      message: "missing from the output",
    });
  });

  it("reports a node that runs another version of the collect script", () => {
    const out = parseNodeOutput(
      "@@ovnscope frame meta rc=0 out=25 err=0\nversion=2\ntime=1796400000\n\n",
    );
    expect(out.data.meta?.version).toBe(2);
    expect(out.problems[0]).toMatch(/collect script version 2, this ovnscope reads version 3/);
  });

  it("evidence reads its commands from the registry, sockets from the node's profile", () => {
    const node = snapshotFromFixtures("healthy").nodes.find((n) => n.name === "ctl1")!;
    for (const p of PROBES) {
      const expected =
        typeof p.evidenceCommand === "string" ? p.evidenceCommand : p.evidenceCommand(node.profile);
      expect(evidence(node, p.section, "x").command).toBe(expected);
    }
    expect(evidence(node, "nb", "x").command).toBe(
      `ovsdb-client query unix:${centralDb(node.profile, "NB").socket} (OVN_Northbound)`,
    );
    expect(evidence(node, "sb-remotes", "x").command).toMatch(/^ovn-appctl -t \S+ovnsb_db\.ctl /);
  });
});
