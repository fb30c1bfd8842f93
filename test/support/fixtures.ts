import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { assembleSnapshot } from "@/lib/collect/collector";
import { NeutronOptionsCache } from "@/lib/collect/neutron-options";
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
export const LAB_LIKE_INVENTORY: Inventory = parseInventory(
  `cloud: {name: lab}
defaults: {user: ovnscope, keyFile: /var/lib/ovnscope-lab/ssh/id_ed25519, profile: debian}
nodes:
  - {name: ctl1, address: 10.250.0.11, roles: [controller, network], hostKey: "SHA256:${"A".repeat(43)}"}
  - {name: net1, address: 10.250.0.12, roles: [network], hostKey: "SHA256:${"B".repeat(43)}"}
  - {name: cmp1, address: 10.250.0.21, roles: [compute], hostKey: "SHA256:${"C".repeat(43)}"}
neutron: {node: ctl1, endpoint: "http://10.250.0.11:9696", auth: none}
`,
  "/var/lib/ovnscope-lab/inventory.yaml",
);

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
  const results = LAB_LIKE_INVENTORY.nodes.map((node) => {
    const at = capturedAt(state, node.name);
    const access =
      LAB_LIKE_INVENTORY.neutron?.node === node.name ? LAB_LIKE_INVENTORY.neutron : undefined;
    const read = readNodeOutput(
      node,
      access,
      { stdout: fixtureText(state, node.name), stderr: "" },
      at,
    );
    return { node: { ...read.node, durationMs: 0 }, neutron: read.neutron };
  });
  const at = capturedAt(state, "ctl1");
  return assembleSnapshot(LAB_LIKE_INVENTORY, results, {
    generation: 1,
    startedAt: at,
    finishedAt: at,
  });
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
