import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root, "server-only": `${root}test/support/server-only-stub.ts` };

/**
 * Four projects, run in this order by scripts/test.sh:
 * - unit: pure code (parsers, rules, planners) on captured fixtures; no I/O beyond reading files;
 * - integration: against the real lab (lab/bin/lab), SSH, the collector end to end;
 * - browser: the built app served by `next start`, driven by Debian's Chromium via playwright-core;
 * - cluster: the lab's clustered OVN central shape (`lab up --controllers 3`) and its faults.
 */
/**
 * The clustered lab's files in the order the cluster's history allows: the pages that expect a
 * calm cluster first, then the runbooks, then the faults (leader-killed, leader-flap leave an
 * election storm in the members' logs for five minutes). Other files keep vitest's order.
 */
const CLUSTER_FILE_ORDER = ["cluster-ui", "cluster-runbooks", "cluster-incident", "lab-cluster"];
class LabOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) =>
      CLUSTER_FILE_ORDER.findIndex((n) => f.moduleId.endsWith(`/test/cluster/${n}.test.ts`));
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: LabOrderSequencer },
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        resolve: { alias },
        test: {
          name: "integration",
          globalSetup: ["test/support/lab-shape-guard.ts"],
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "browser",
          globalSetup: ["test/support/lab-shape-guard.ts"],
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "cluster",
          globalSetup: ["test/support/lab-shape-guard.ts"],
          include: ["test/cluster/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
