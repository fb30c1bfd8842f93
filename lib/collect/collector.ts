import type { Inventory, InventoryNode } from "@/lib/inventory";
import type { NeutronState, NodeData, NodeSnapshot, Snapshot } from "@/lib/model/snapshot";
import { collectCommand, neutronQueryCommand, sequence } from "@/lib/ssh/command";
import { SshError, type SshPool } from "@/lib/ssh/pool";
import { mapLimit } from "./limit";
import { neutronUnavailable } from "./neutron";
import { readNodeOutput } from "./read-output";

export interface CollectorOptions {
  /** A snapshot younger than this is served from cache. */
  maxAgeMs: number;
  /** Nodes read at once. */
  fanOut: number;
}

export interface NodeResult {
  node: NodeSnapshot;
  neutron?: NeutronState;
}

/** Pure: the nodes' results → the Snapshot (Neutron's view from the node that queried it). */
export function assembleSnapshot(
  inventory: Inventory,
  results: NodeResult[],
  at: Pick<Snapshot, "generation" | "startedAt" | "finishedAt">,
): Snapshot {
  const access = inventory.neutron;
  const neutron =
    results.find((r) => r.neutron)?.neutron ??
    neutronUnavailable(
      access,
      access ? `node ${access.node} was not read` : "no neutron section in the inventory",
    );
  return { cloud: inventory.cloud.name, ...at, nodes: results.map((r) => r.node), neutron };
}

/**
 * Reads every node in parallel (one exec each) into a Snapshot. Concurrent callers share one
 * refresh (single-flight), and a snapshot younger than maxAgeMs is served from cache. The
 * last good data of each node is kept, so a node that stops answering shows its old data
 * marked stale, never as current.
 */
export class Collector {
  private generation = 0;
  private cached: Snapshot | null = null;
  private inflight: Promise<Snapshot> | null = null;
  private readonly lastGood = new Map<string, { data: NodeData; at: string }>();

  constructor(
    private readonly inventory: Inventory,
    private readonly pool: SshPool,
    private readonly options: CollectorOptions,
  ) {}

  /** The cached snapshot if fresh enough, else a refresh (shared with concurrent callers). */
  async snapshot(maxAgeMs = this.options.maxAgeMs): Promise<Snapshot> {
    if (this.cached && Date.now() - Date.parse(this.cached.finishedAt) < maxAgeMs)
      return this.cached;
    return this.refresh();
  }

  refresh(): Promise<Snapshot> {
    this.inflight ??= this.collect().finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async collect(): Promise<Snapshot> {
    const startedAt = new Date().toISOString();
    const results = await mapLimit(this.inventory.nodes, this.options.fanOut, (n) =>
      this.collectNode(n),
    );
    const snapshot = assembleSnapshot(this.inventory, results, {
      generation: ++this.generation,
      startedAt,
      finishedAt: new Date().toISOString(),
    });
    this.cached = snapshot;
    return snapshot;
  }

  private async collectNode(node: InventoryNode): Promise<NodeResult> {
    const attemptedAt = new Date().toISOString();
    const t0 = performance.now();
    const access = this.inventory.neutron?.node === node.name ? this.inventory.neutron : undefined;
    const command = access
      ? sequence(collectCommand(), neutronQueryCommand(access.endpoint, access.auth))
      : collectCommand();
    const base = {
      name: node.name,
      address: node.address,
      roles: node.roles,
      profile: node.profile,
      attemptedAt,
    };

    let output: { stdout: string; stderr: string };
    try {
      output = await this.pool.exec(node, command);
    } catch (err) {
      const error = err instanceof SshError ? err : new SshError("unreachable", String(err));
      return {
        node: this.failed(base, error.kind, error.message, t0),
        neutron:
          access &&
          neutronUnavailable(access, `cannot read Neutron through ${node.name}: ${error.message}`),
      };
    }

    const read = readNodeOutput(node, access, output, attemptedAt);
    if (!read.ran) {
      return {
        node: this.failed(base, read.node.reach, read.node.error ?? "", t0),
        neutron: read.neutron,
      };
    }
    this.lastGood.set(node.name, { data: read.node.data!, at: attemptedAt });
    return {
      node: { ...read.node, durationMs: Math.round(performance.now() - t0) },
      neutron: read.neutron,
    };
  }

  private failed(
    base: Pick<NodeSnapshot, "name" | "address" | "roles" | "profile" | "attemptedAt">,
    reach: NodeSnapshot["reach"],
    error: string,
    t0: number,
  ): NodeSnapshot {
    const last = this.lastGood.get(base.name);
    return {
      ...base,
      reach,
      error,
      durationMs: Math.round(performance.now() - t0),
      data: last?.data ?? null,
      dataCollectedAt: last?.at ?? null,
    };
  }
}
