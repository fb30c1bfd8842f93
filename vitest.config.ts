import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root, "server-only": `${root}test/support/server-only-stub.ts` };

/**
 * Four projects, run in this order by scripts/test.sh:
 * - unit: pure code (parsers, rules, planners) on captured fixtures; no I/O beyond reading files;
 * - integration: against the real lab (lab/bin/lab), SSH, the collector end to end;
 * - browser: the built app served by `next start`, driven by Debian's Chromium via playwright-core;
 * - cluster: the lab's clustered OVN central shape (`lab up --controllers 3`) and its faults.
 */
export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        resolve: { alias },
        test: {
          name: "integration",
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
          include: ["test/cluster/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
