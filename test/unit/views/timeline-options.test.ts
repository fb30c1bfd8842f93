import { describe, expect, it } from "vitest";
import { timelineOptions } from "@/lib/views/timeline-options";
import { snapshotFromFixtures } from "../../support/fixtures";

describe("timeline filter options", () => {
  it("the lab's nodes, its profile's services, router1 by name with its id, every rule", () => {
    const o = timelineOptions(snapshotFromFixtures("healthy"));
    expect(o.nodes).toEqual(["ctl1", "net1", "cmp1"]);
    expect(o.services).toEqual(expect.arrayContaining(["nb-db", "sb-db", "northd"]));
    expect(o.services).toEqual([...o.services].sort());
    expect(o.routers.map((r) => r.name)).toContain("router1");
    for (const r of o.routers) expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(o.rules).toEqual(expect.arrayContaining(["service", "gateway", "northd-stops-dbs"]));
  });
});
