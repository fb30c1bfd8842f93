import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { assembleSnapshot } from "@/lib/collect/collector";
import { neutronServerFromSection } from "@/lib/collect/neutron";
import { NeutronOptionsCache } from "@/lib/collect/neutron-options";
import { readSections } from "@/lib/probes/sections";
import { readNodeOutput } from "@/lib/collect/read-output";
import { parseInventory, type Inventory } from "@/lib/inventory";
import type { Snapshot } from "@/lib/model/snapshot";

/** Every lab state captured by test/fixtures/collect/capture-all.sh. */
export const CAPTURED_STATES = [
  "healthy",
  "incident",
  "incident-dbs-back",
  "nb-down",
  "sb-down",
  "northd-down",
  "neutron-down",
  "ml2-wrong-nb",
  "bridge-mapping-missing",
  "stray-ovsdb",
  "controller-disconnected",
  "chassis-stale",
  "nb-unix-only",
  "sb-masked",
  "nb-hand-started",
  "gateway-bfd-down",
  "healthy-split",
] as const;

/** Tests run from the repository root (npm scripts, vitest). */
export const FIXTURES = resolve("test/fixtures/collect");

/** The lab's inventory as `lab up` writes it (host keys do not matter to parsing). */
export const LAB_LIKE_INVENTORY: Inventory = labInventory(false);

/** The clustered lab's (`lab up --controllers 3`): ctl2 and ctl3 beside ctl1, net1, cmp1. */
export const CLUSTER_LAB_INVENTORY: Inventory = labInventory(true);

/** The clustered lab since it runs a second neutron-server on ctl2 (role controller). */
export const CLUSTER_TWO_NEUTRONS_INVENTORY: Inventory = labInventory(true, "controller");

function labInventory(clustered: boolean, ctl2Role = "ovn-central"): Inventory {
  const key = (c: string) => `"SHA256:${c.repeat(43)}"`;
  const controllers = clustered
    ? `
  - {name: ctl2, address: 10.250.0.13, roles: [${ctl2Role}], hostKey: ${key("D")}}
  - {name: ctl3, address: 10.250.0.14, roles: [ovn-central], hostKey: ${key("E")}}`
    : "";
  return parseInventory(
    `cloud: {name: lab}
defaults: {user: ovnscope, keyFile: /var/lib/ovnscope-lab/ssh/id_ed25519, profile: debian}
nodes:
  - {name: ctl1, address: 10.250.0.11, roles: [controller, network], hostKey: ${key("A")}}${controllers}
  - {name: net1, address: 10.250.0.12, roles: [network], hostKey: ${key("B")}}
  - {name: cmp1, address: 10.250.0.21, roles: [compute], hostKey: ${key("C")}}
neutron: {node: ctl1, endpoint: "http://10.250.0.11:9696", auth: none}
`,
    "/var/lib/ovnscope-lab/inventory.yaml",
  );
}

/** The captured states of the clustered lab (capture-all.sh cluster-…): ctl1..ctl3 in RAFT. */
export const CLUSTER_STATES = [
  "cluster-healthy",
  "cluster-member-down",
  "cluster-quorum-lost",
  "cluster-leader-killed",
  "cluster-northd-none-active",
  "cluster-leader-flap",
  "cluster-stale-member",
  "cluster-id-mismatch",
  "cluster-incident",
  "cluster-follower-stalled",
  "cluster-healthy-sessions",
  "cluster-id-mismatch-neutron-restarted",
  "cluster-two-neutrons",
  "cluster-neutron-stalled",
] as const;

/** The inventory a captured state was taken with. */
export function inventoryOf(state: string): Inventory {
  if (!existsSync(join(FIXTURES, state, "ctl2.txt"))) return LAB_LIKE_INVENTORY;
  // Captured with a neutron-server on ctl2: its own API's answer sits beside the nodes'.
  return serverCaptures(state).length ? CLUSTER_TWO_NEUTRONS_INVENTORY : CLUSTER_LAB_INVENTORY;
}

/** The nodes whose neutron-server's own API was captured (server.<node>.txt). */
function serverCaptures(state: string): string[] {
  return readdirSync(join(FIXTURES, state))
    .map((f) => /^server\.([a-z0-9-]+)\.txt$/.exec(f)?.[1])
    .filter((n): n is string => n !== undefined);
}

export function fixtureText(state: string, node: string): string {
  return readFileSync(join(FIXTURES, state, `${node}.txt`), "utf8");
}

/** When a fixture was captured, from the .cmd file written beside it. */
export function capturedAt(state: string, node: string): string {
  const cmd = readFileSync(join(FIXTURES, state, `${node}.cmd`), "utf8");
  const m = /captured (\S+Z)/.exec(cmd);
  if (!m) throw new Error(`no capture time in ${state}/${node}.cmd`);
  return new Date(m[1]!).toISOString();
}

/**
 * neutron-options as captured from the lab (test/fixtures/neutron-options/<node>.txt): it
 * depends on the installed Neutron only, not on the lab's state, so one capture serves all.
 */
export function neutronOptionsText(node: string): string | null {
  const path = resolve("test/fixtures/neutron-options", `${node}.txt`);
  return existsSync(path) ? readFileSync(path, "utf8") : null;
}

/** A Snapshot built, exactly as the collector builds it, from one captured lab state. */
export async function snapshotWithNeutronOptions(state: string): Promise<Snapshot> {
  const s = snapshotFromFixtures(state);
  const cache = new NeutronOptionsCache(async (node) => {
    const text = neutronOptionsText(node.name);
    const out = Buffer.from(text ?? "");
    return {
      out,
      stdout: text ?? "",
      stderr: text ? "" : "not captured",
      code: text ? 0 : 127,
      cutOff: null,
    };
  });
  for (const node of LAB_LIKE_INVENTORY.nodes) {
    const data = s.nodes.find((n) => n.name === node.name)?.data;
    if (data) await cache.attach(node, data, capturedAt(state, node.name), 1);
  }
  return s;
}

/** A Snapshot built, exactly as the collector builds it, from one captured lab state. */
export function snapshotFromFixtures(state: string): Snapshot {
  const inventory = inventoryOf(state);
  const results = inventory.nodes.map((node) => {
    const at = capturedAt(state, node.name);
    const access = inventory.neutron?.node === node.name ? inventory.neutron : undefined;
    const read = readNodeOutput(
      node,
      access,
      { stdout: fixtureText(state, node.name), stderr: "" },
      at,
    );
    return { node: { ...read.node, durationMs: 0 }, neutron: read.neutron };
  });
  const at = capturedAt(state, "ctl1");
  const snapshot = assembleSnapshot(inventory, results, {
    generation: 1,
    startedAt: at,
    finishedAt: at,
  });
  // Each other neutron-server's own API, read as the collector reads it (readNeutron).
  const servers = serverCaptures(state).map((node) => {
    const text = readFileSync(join(FIXTURES, state, `server.${node}.txt`), "utf8");
    const endpoint = /neutron-query '([^']+)'/.exec(
      readFileSync(join(FIXTURES, state, `server.${node}.cmd`), "utf8"),
    )![1]!;
    return neutronServerFromSection(
      inventory.neutron!,
      { node, endpoint },
      readSections(text).sections.get("neutron"),
      capturedAt(state, `server.${node}`),
    );
  });
  return servers.length ? { ...snapshot, neutron: { ...snapshot.neutron, servers } } : snapshot;
}

/**
 * `chassis` taken off every gateway's candidates in NB (its Gateway_Chassis row and the router
 * ports' references), as Neutron does while that chassis' row is gone from SB.
 */
export function dropGatewayCandidate(snapshot: Snapshot, chassis: string): void {
  for (const node of snapshot.nodes) {
    const nb = node.data?.nb;
    if (!nb) continue;
    const rows = nb.gatewayChassis.filter((g) => g.chassisName === chassis);
    nb.gatewayChassis = nb.gatewayChassis.filter((g) => !rows.includes(g));
    for (const lrp of nb.routerPorts)
      lrp.gatewayChassis = lrp.gatewayChassis.filter((u) => !rows.some((g) => g.uuid === u));
  }
}
