/**
 * Recovery acts on the units a node's profile names; act (and the sudoers snippet) accept only
 * a reviewed allow-list. Every unit a profile gives the services recovery starts or restarts
 * must be on that list, or a runbook step would be refused on a cloud of that shape.
 */
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
});
