/**
 * Recovery acts on the units a node's profile names; act (and the sudoers snippet) accept only
 * a reviewed allow-list. Every unit a profile gives the services recovery starts or restarts
 * must be on that list, or a runbook step would be refused on a cloud of that shape.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROFILES } from "@/lib/inventory/schema";
import { centralDbs, unitsOf } from "@/lib/profiles";
import { RESTARTABLE_UNITS, STARTABLE_UNITS, asRestartable, asStartable } from "@/lib/ssh/command";

describe("profiles and act's allow-list", () => {
  it.each(PROFILES)("%s: recovery's units are all allowed", (profile) => {
    const started = [...centralDbs(profile).map((d) => d.unit), ...unitsOf(profile, "northd")];
    const restarted = [
      ...unitsOf(profile, "neutron-server"),
      ...unitsOf(profile, "neutron-rpc"),
      ...unitsOf(profile, "ovn-controller"),
    ];
    expect(started.length).toBeGreaterThanOrEqual(3);
    expect(restarted.length).toBeGreaterThanOrEqual(3);
    for (const u of started) expect(STARTABLE_UNITS, u).toContain(u);
    for (const u of restarted) expect(RESTARTABLE_UNITS, u).toContain(u);
  });

  it("a unit off the list is refused before any command is built", () => {
    expect(() => asStartable("sshd.service")).toThrow(/not in act's allow-list/);
    expect(() => asRestartable("ovn-ovsdb-server-nb.service")).toThrow(/not in act's allow-list/);
    expect(asRestartable("ovn-controller.service")).toBe("ovn-controller.service");
  });

  it("the server's lists are the node's: act's case lists and the sudoers snippet say the same", () => {
    const act = readFileSync("deploy/libexec/ovnscope/act", "utf8");
    const caseList = (fn: string) =>
      new Set(
        new RegExp(`^${fn}\\(\\) \\{\\n  case \\$1 in\\n([\\s\\S]*?)\\) return 0`, "m")
          .exec(act)![1]!
          .split(/[|\\\s]+/)
          .filter(Boolean),
      );
    expect(caseList("startable")).toEqual(new Set(STARTABLE_UNITS));
    expect(caseList("restartable")).toEqual(new Set(RESTARTABLE_UNITS));
    const sudoers = readFileSync("deploy/sudoers.d/ovnscope", "utf8");
    const allowed = (verb: string) =>
      new Set(
        [...sudoers.matchAll(new RegExp(`act ${verb} (\\S+?\\.service)`, "g"))].map((m) => m[1]!),
      );
    expect(allowed("start")).toEqual(new Set(STARTABLE_UNITS));
    expect(allowed("restart")).toEqual(new Set(RESTARTABLE_UNITS));
  });
});
