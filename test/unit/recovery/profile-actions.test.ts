/**
 * Recovery acts on the units a node's profile names; act (and the sudoers snippet) accept only
 * a reviewed allow-list. Every unit a profile gives the services recovery starts or restarts
 * must be on that list, or a runbook step would be refused on a cloud of that shape.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROFILES } from "@/lib/inventory/schema";
import { centralDbs, unitsOf } from "@/lib/profiles";
import {
  CLUSTER_DBS,
  RESTARTABLE_UNITS,
  STARTABLE_UNITS,
  actionCommand,
  asRestartable,
  asStartable,
} from "@/lib/ssh/command";

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
    // cluster-kick: sudo's regular expression and act's own checks accept what
    // actionCommand builds, and the same things refuse the same ids.
    const sudoRule = (verb: string) =>
      new RegExp(new RegExp(`act (\\^${verb} .*\\$)(, \\\\)?$`, "m").exec(sudoers)![1]!);
    const kickRule = sudoRule("cluster-kick");
    const sudoAllows = (args: string) => kickRule.test(args);
    for (const db of CLUSTER_DBS) {
      const command = actionCommand({ verb: "cluster-kick", db, sid: "b6a6" });
      expect(command).toBe(`sudo -n /usr/local/libexec/ovnscope/act cluster-kick ${db} b6a6`);
      expect(sudoAllows(command.split("/act ")[1]!)).toBe(true);
    }
    for (const [db, sid] of [
      ["nb", "B6A6"],
      ["nb", "b6a6f"],
      ["nb", "b6a"],
      ["nb", "b6a6 ; id"],
      ["nb", "b6a6-8c1e"],
      ["ic", "b6a6"],
    ] as const) {
      expect(sudoAllows(`cluster-kick ${db} ${sid}`), `${db} ${sid}`).toBe(false);
      expect(() => actionCommand({ verb: "cluster-kick", db: db as "nb", sid })).toThrow(
        /refusing cluster-kick/,
      );
    }
    expect(act).toMatch(
      /cluster-kick\)\n.*\n\s+case \$1 in nb \| sb\) ;;.*\n\s+case \$2 in \[0-9a-f\]\[0-9a-f\]\[0-9a-f\]\[0-9a-f\]\) ;;/,
    );
    // rejoin-cluster: a full cluster id, in sudo's expression, act's check and actionCommand.
    const rejoinRule = sudoRule("rejoin-cluster");
    const cid = "8fb7387a-e8ac-445c-99df-28b4bee76c6f";
    for (const db of CLUSTER_DBS) {
      const command = actionCommand({ verb: "rejoin-cluster", db, clusterId: cid });
      expect(rejoinRule.test(command.split("/act ")[1]!)).toBe(true);
    }
    for (const bad of ["8fb7", `${cid} x`, cid.toUpperCase(), `${cid};id`, ""]) {
      expect(rejoinRule.test(`rejoin-cluster nb ${bad}`), bad).toBe(false);
      expect(() => actionCommand({ verb: "rejoin-cluster", db: "nb", clusterId: bad })).toThrow(
        /refusing rejoin-cluster/,
      );
    }
    expect(act).toContain(
      "grep -Eqx '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' ||",
    );
  });
});
