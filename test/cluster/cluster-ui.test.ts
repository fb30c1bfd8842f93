import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { loadInventoryFile } from "@/lib/inventory";
import type { GatewayChain } from "@/lib/facts/gateway-chain";
import type { TopologyModel } from "@/lib/views/topology";
import type { RunRecord } from "@/lib/recovery/types";
import { apiFetch, apiSession, loginInBrowser, TEST_USERS } from "../support/auth";
import { screenshot } from "../support/browser";
import { eventually, labOk, northdStatus, raftStatus } from "../support/lab";
import { LAB_INVENTORY } from "../support/server";
import { labUiSuite } from "../support/lab-ui";
import { openFindingWhenShown, runFromPlan } from "../support/recovery-ui";

// Clustered OVN central in the dashboard (issue #17), on the clustered lab (lab up
// --controllers 3): the members drawn with their roles and raft links, quorum lost seen as
// one root, and Recover OVN central bringing the cluster back through the button.

const lab = labUiSuite({ OVNSCOPE_REFRESH_MS: "2000" });
const CONTROLLERS = ["ctl1", "ctl2", "ctl3"];
let page: Page;
let cloud: string;

beforeAll(async () => {
  cloud = loadInventoryFile(LAB_INVENTORY).cloud.name;
  const context = await lab.browser.newContext({
    locale: "en-US",
    viewport: { width: 1600, height: 1000 },
  });
  page = await context.newPage();
  await loginInBrowser(page, lab.server.url, TEST_USERS.operator);
}, 180_000);

async function topology(): Promise<TopologyModel> {
  const session = await apiSession(lab.server.url, TEST_USERS.viewer);
  return (await (await apiFetch(lab.server.url, "/api/topology", session)).json()) as TopologyModel;
}

describe("the clustered lab in the dashboard", () => {
  it("topology: three members per database, one leader each, raft links between them all ok; two neutron-servers, each with its own API", async () => {
    await eventually(
      "every member read",
      async () => {
        const m = await topology();
        return CONTROLLERS.every((n) =>
          m.nodes.some((x) => x.id === `service:${n}:nb-db` && / · (leader|follower)$/.test(x.sub)),
        );
      },
      60_000,
      1000,
    );
    const m = await topology();
    for (const db of ["nb-db", "sb-db"]) {
      const members = m.nodes.filter((x) => x.id.endsWith(`:${db}`));
      expect(members.map((x) => x.sub.split(" · ")[1]).sort()).toEqual([
        "follower",
        "follower",
        "leader",
      ]);
      expect(members.every((x) => x.health === "ok")).toBe(true);
      const raft = m.edges.filter((e) => e.label === "raft" && e.source.endsWith(`:${db}`));
      expect(raft).toHaveLength(3);
      expect(raft.every((e) => e.health === "ok")).toBe(true);
      // Neutron is drawn to the members its workers' sessions are on: NB's leader (its NB
      // connections ask for the leader), any SB members (its SB connections do not).
      // Both neutron-servers (ctl1's and ctl2's), each by its own sessions.
      const leader = members.find((x) => x.sub.endsWith("leader"))!;
      for (const server of ["service:ctl1:neutron-server", "service:ctl2:neutron-server"]) {
        const neutron = m.edges
          .filter((e) => e.source === server && e.target.endsWith(`:${db}`))
          .map((e) => e.target);
        if (db === "nb-db") expect(neutron, server).toEqual([leader.id]);
        else {
          expect(neutron.length, server).toBeGreaterThan(0);
          for (const t of neutron) expect(members.map((x) => x.id)).toContain(t);
        }
      }
    }
    // The cluster's state; its election history (a storm, a leader lost while running: the last
    // five minutes, which on a lab just built on a busy CI machine may hold a real stall) aside.
    expect(
      m.findings.filter(
        (f) =>
          (f.rule === "ovn-cluster" || f.rule === "northd-active") &&
          !/:(elections|election-timer)$/.test(f.id),
      ),
    ).toEqual([]);
    await page.goto(lab.server.url + "/topology");
    await page.locator("[data-testid=topology][data-ready]").waitFor();
    await screenshot(page, "cluster-topology-healthy");
    await page.locator('[data-topo-id="service:ctl2:nb-db"]').click();
    await page.getByTestId("side-panel").waitFor();
    expect(await page.getByTestId("side-panel").textContent()).toMatch(
      /raftcluster member, (leader|follower), term \d+/,
    );
    await screenshot(page, "cluster-topology-member-panel");
    // ctl2's neutron-server: its own API, asked beside the endpoint ctl1 serves.
    await eventually(
      "ctl2's own API read",
      async () =>
        (await topology()).nodes
          .find((x) => x.id === "service:ctl2:neutron-server")
          ?.facts.some(([k, v]) => k === "api" && v.includes(" answered at ")) ?? false,
      60_000,
      1000,
    );
    await page.locator('[data-topo-id="service:ctl2:neutron-server"]').click();
    await page.getByTestId("side-panel").waitFor();
    await page
      .getByTestId("side-panel")
      .getByText("http://10.250.0.13:9696 answered at", { exact: false })
      .waitFor();
    await screenshot(page, "cluster-topology-neutron-ctl2-panel");
  });

  it("clusters page: each database's three members side by side, one leader column each", async () => {
    await page.goto(lab.server.url + "/clusters");
    for (const db of ["NB", "SB"]) {
      const table = page.locator(`[data-testid=cluster-members][data-db=${db}]`);
      await table.waitFor();
      const members = table.locator("thead th[data-kind=member]");
      expect(
        await members.evaluateAll((ths) => ths.map((th) => th.getAttribute("data-node"))),
      ).toEqual(CONTROLLERS);
      expect(await table.locator("thead th[data-leader]").count()).toBe(1);
      expect(await page.locator(`[data-db=${db}]`).first().getAttribute("data-health")).toBe("ok");
      expect(await page.getByTestId(`cluster-${db}-summary`).textContent()).toMatch(
        /3 of 3 members up, 2 needed/,
      );
      await page.getByTestId(`elections-${db}`).waitFor();
    }
    // Who talks to which member, from the members' accepted sessions: every chassis'
    // ovn-controller on one SB member, Neutron's workers on NB's leader.
    const clients = (db: string, where: string) =>
      page
        .locator(`[data-testid=cluster-members][data-db=${db}] tr[data-row=clients] td${where}`)
        .allInnerTexts();
    const sbClients = (await clients("SB", "")).join(" ");
    for (const chassis of ["ctl1", "net1", "cmp1"])
      expect(
        sbClients.match(new RegExp(`ovn-controller on ${chassis}\\b`, "g")),
        chassis,
      ).toHaveLength(1);
    const nbLeader = await page
      .locator("[data-testid=cluster-members][data-db=NB] thead th[data-leader]")
      .getAttribute("data-node");
    const nbColumns = await page
      .locator("[data-testid=cluster-members][data-db=NB] thead th[data-kind]")
      .evaluateAll((ths) => ths.map((th) => th.getAttribute("data-node")));
    const nbCells = await clients("NB", "");
    expect(nbCells[nbColumns.indexOf(nbLeader)]).toMatch(/neutron-server on ctl1/);
    await screenshot(page, "cluster-page-healthy");
  });

  it("a gateway scheduled by HA_Chassis_Group: the drill-down names the group and its candidates, every link ok", async () => {
    await labOk(["hcg-router", "add"]);
    try {
      const session = await apiSession(lab.server.url, TEST_USERS.viewer);
      let routerId = "";
      await eventually(
        "router-hcg read, scheduled by its group",
        async () => {
          const r = await apiFetch(lab.server.url, "/api/routers", session);
          const { chains } = (await r.json()) as { chains: GatewayChain[] };
          const chain = chains.find((c) => c.routerName === "router-hcg");
          routerId = chain?.routerId ?? "";
          return chain?.scheduling?.table === "HA_Chassis_Group";
        },
        60_000,
        1000,
      );
      await page.goto(`${lab.server.url}/routers/${routerId}`);
      const scheduling = page.getByTestId("gateway-scheduling");
      await scheduling.waitFor();
      expect(await scheduling.textContent()).toBe(`(HA_Chassis_Group neutron-${routerId})`);
      const chain = page.getByTestId("chain");
      await eventually(
        "every link ok",
        () =>
          chain
            .locator("li[data-status]")
            .evaluateAll((els) => els.every((e) => e.getAttribute("data-status") === "ok")),
        30_000,
        1000,
      );
      expect(await chain.locator("[data-link=gateway-chassis] p").first().textContent()).toMatch(
        new RegExp(
          `^HA_Chassis_Group neutron-${routerId}: (ctl1|net1)\\(prio \\d+\\), (ctl1|net1)`,
        ),
      );
      const rows = page.getByTestId("gateway-candidates").locator("tbody tr");
      expect(await rows.count()).toBe(2);
      await screenshot(page, "cluster-router-hcg-drilldown");
    } finally {
      await labOk(["hcg-router", "remove"]);
    }
  });

  it("a stale member: its finding, its column on the Clusters page, and Remove stale cluster servers run from the button", async () => {
    await labOk(["fault", "stale-member"]);
    let ids: string[] = [];
    await eventually(
      "both stale ids found",
      async () => {
        ids = (await topology()).findings
          .map((f) => f.id)
          .filter((id) => /^ovn-cluster:(NB|SB):[0-9a-f]{4}$/.test(id));
        return ids.length === 2;
      },
      60_000,
      1000,
    );
    const nbId = ids.find((id) => id.startsWith("ovn-cluster:NB:"))!;
    const sid = nbId.slice(-4);
    await openFindingWhenShown(page, lab.server.url, nbId);
    expect(await page.locator("[data-testid=finding-title]").textContent()).toMatch(
      new RegExp(`The NB cluster still lists server ${sid} at tcp:10\\.250\\.0\\.14:6643`),
    );
    await screenshot(page, "cluster-stale-member-finding");
    await page.goto(lab.server.url + "/clusters");
    const stale = page.locator(`[data-testid=cluster-members][data-db=NB] th[data-kind=stale]`);
    await stale.first().waitFor();
    expect(await stale.getAttribute("data-column")).toBe(sid);
    await screenshot(page, "cluster-stale-member-clusters");

    // The finding's runbook link leads to the plan; it runs from the button.
    await page.goto(`${lab.server.url}/findings/${encodeURIComponent(nbId)}`);
    await page.locator('a[href="/recovery/remove-stale-member"]').first().click();
    await page.locator("[data-testid=plan]").waitFor();
    expect(await page.locator(`[data-step$="/NB:${sid}"]`).getAttribute("data-decision")).toBe(
      "run",
    );
    await screenshot(page, "cluster-stale-member-plan");
    const { status, steps } = await runFromPlan(page, cloud);
    await screenshot(page, "cluster-stale-member-run");
    expect(status, JSON.stringify(steps)).toBe("succeeded");
    for (const db of ["nb", "sb"] as const)
      for (const n of CONTROLLERS)
        expect((await raftStatus(n, db))?.servers, `${n} ${db}`).toHaveLength(3);
  });

  it("quorum lost: one root per database, then Recover OVN central brings both clusters back through the button", async () => {
    await labOk(["fault", "quorum-lost"]);
    await openFindingWhenShown(page, lab.server.url, "ovn-cluster:NB:quorum");
    expect(await page.locator("[data-testid=finding-title]").textContent()).toMatch(
      /The NB cluster has lost its quorum: 1 of 3 members up, 2 needed/,
    );
    await screenshot(page, "cluster-quorum-lost-finding");
    await page.goto(lab.server.url + "/topology");
    await page.locator("[data-testid=topology][data-ready]").waitFor();
    await screenshot(page, "cluster-quorum-lost-topology");

    await page.goto(`${lab.server.url}/recovery/recover-ovn-central`);
    const plan = page.locator("[data-testid=plan]");
    await plan.waitFor();
    for (const n of ["ctl2", "ctl3"])
      expect(await page.locator(`[data-step='start-nb@${n}']`).getAttribute("data-decision")).toBe(
        "run",
      );
    await screenshot(page, "cluster-quorum-lost-plan");
    const t0 = Date.now();
    const { status, steps } = await runFromPlan(page, cloud);
    await screenshot(page, "cluster-quorum-lost-run");
    expect(status, JSON.stringify(steps)).toBe("succeeded");
    console.log(`quorum-lost → green through the button: ${Date.now() - t0} ms`);
    // The neutron-servers: those that served nothing when their step came up restarted side by
    // side (each says so, and their steps overlap in time); any other, alone after them.
    const session = await apiSession(lab.server.url, TEST_USERS.operator);
    const id = page.url().split("/").pop()!;
    const { run: record } = (await (
      await apiFetch(lab.server.url, `/api/recovery/runs/${id}`, session)
    ).json()) as { run: RunRecord };
    const neutron = record.steps.filter((x) => x.stepId === "restart-neutron");
    expect(neutron.map((x) => x.node).sort()).toEqual(["ctl1", "ctl2"]);
    for (const x of neutron) {
      console.log(
        `${x.key} ${x.status} ${x.endedAt! - x.startedAt!} ms: ${x.output?.split("\n")[0]}`,
      );
      const badge = page.locator(`[data-step='${x.key}'] [data-testid=step-together]`);
      if (!x.together) {
        expect(await badge.count()).toBe(0);
        continue;
      }
      expect(x.output).toMatch(new RegExp(`^at the same time as ${x.together.join(", ")}: `));
      const numbers = x.together.map((k) => `#${record.steps.findIndex((o) => o.key === k) + 1}`);
      expect(await badge.textContent()).toBe(`at the same time as ${numbers.join(", ")}`);
      for (const other of neutron.filter((o) => x.together!.includes(o.key))) {
        expect(x.startedAt!, x.key).toBeLessThan(other.endedAt!);
        expect(other.startedAt!, other.key).toBeLessThan(x.endedAt!);
      }
    }
    // On the nodes: every member back in its cluster, one leader per database, one northd active.
    for (const db of ["nb", "sb"] as const) {
      const statuses = await Promise.all(CONTROLLERS.map((n) => raftStatus(n, db)));
      expect(statuses.map((s) => s?.status)).toEqual(CONTROLLERS.map(() => "cluster member"));
      expect(statuses.filter((s) => s?.role === "leader")).toHaveLength(1);
    }
    const northd = await Promise.all(CONTROLLERS.map(northdStatus));
    expect(northd.filter((s) => s === "active")).toHaveLength(1);
  });
});
