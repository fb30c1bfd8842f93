import { describe, expect, it } from "vitest";
import { diagnose, flatten } from "@/lib/diagnose";
import { ELECTION_WINDOW_MS } from "@/lib/diagnose/rules/ovn-cluster";
import { raftLogLines, recentElections } from "@/lib/facts/raft-elections";
import { snapshotFromFixtures } from "../../support/fixtures";

// Election storms from the members' own raft log lines (collect-journal files them under the
// database's unit), on the clustered lab's captures: cluster-leader-flap (the NB leader
// SIGKILLed 4 times in a row, each time a new one was elected), cluster-id-mismatch (ctl3's NB
// re-created as a 1-server cluster of its own, which logged its own "term 1" election).

const CTLS = new Set(["ctl1", "ctl2", "ctl3"]);
const storms = (state: string) =>
  flatten(diagnose(snapshotFromFixtures(state))).filter((f) =>
    f.title.key.startsWith("f.ovn-cluster.election-storm"),
  );

describe("election storm", () => {
  it("leader-flap: NB elected more leaders within the window than it has servers; SB did not", () => {
    const s = snapshotFromFixtures("cluster-leader-flap");
    const nb = recentElections(s, "NB", ELECTION_WINDOW_MS, CTLS);
    const sb = recentElections(s, "SB", ELECTION_WINDOW_MS, CTLS);
    expect(nb.terms.length).toBeGreaterThan(3 + 1); // the fault's 4 kills, and more
    expect(sb.terms.length).toBeLessThanOrEqual(3);
    // Every counted term was logged by two members or more (winner and followers).
    for (const term of nb.terms) {
      const by = new Set(
        nb.lines.filter((l) => l.term === term && l.kind !== "started").map((l) => l.node.name),
      );
      expect(by.size, `term ${term}`).toBeGreaterThanOrEqual(2);
    }
    const [f, ...rest] = storms("cluster-leader-flap");
    expect(rest).toEqual([]);
    expect(f!.id).toBe("ovn-cluster:NB:elections");
    expect(f!.severity).toBe("warning");
    expect(f!.title.params).toMatchObject({
      db: "NB",
      elections: nb.terms.length,
      first: nb.terms[0],
      last: nb.terms.at(-1),
      size: 3,
    });
    expect(f!.evidence[0]!.fact).toContain(`terms ${nb.terms.join(", ")}`);
    expect(
      f!.evidence.some((e) => /term \d+: elected leader by 2\+ of 3 servers/.test(e.fact)),
    ).toBe(true);
  });

  it("a member's election in a cluster of its own (its files re-created) is not counted", () => {
    const s = snapshotFromFixtures("cluster-id-mismatch");
    const own = raftLogLines(s, "NB").filter(
      (l) =>
        l.node.name === "ctl3" &&
        /term 1: elected leader by 1\+ of 1 servers/.test(l.entry.message),
    );
    expect(own.length).toBeGreaterThan(0);
    const nb = recentElections(s, "NB", ELECTION_WINDOW_MS, CTLS);
    expect(nb.terms).not.toContain(1);
  });

  it("captures without raft lines, or with a calm cluster, have no storm", () => {
    for (const state of ["cluster-healthy", "cluster-leader-killed", "healthy"])
      expect(storms(state), state).toEqual([]);
  });

  it("a leader killed or restarted (leader-flap, leader-killed, a rebuilt member, the incident) did not lose its leadership while running", () => {
    for (const state of [
      "cluster-leader-flap",
      "cluster-leader-killed",
      "cluster-stale-member",
      "cluster-id-mismatch",
      "cluster-quorum-lost",
      "cluster-incident",
      "cluster-healthy",
    ])
      expect(
        flatten(diagnose(snapshotFromFixtures(state))).filter(
          (f) =>
            f.id === "ovn-cluster:NB:election-timer" || f.id === "ovn-cluster:SB:election-timer",
        ),
        state,
      ).toEqual([]);
  });
});
