import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startServer } from "../support/server";

describe("server start", () => {
  it("refuses a bad inventory with the file, the field and the problem, and does not serve", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "inv-")), "inventory.yaml");
    writeFileSync(
      file,
      "cloud: {name: lab}\nnodes:\n  - {name: ctl1, address: 10.250.0.11, roles: [controller], user: u, keyFile: k}\n",
    );
    const error = await startServer({ OVNSCOPE_INVENTORY: file }).then(
      async (s) => {
        await s.stop();
        return null;
      },
      (err: Error) => err,
    );
    expect(error?.message).toMatch(/^server exited \(1\)/);
    expect(error?.message).toContain(`invalid inventory ${file}:`);
    expect(error?.message).toContain("nodes[0].hostKey: a pinned host key is required");
  });
});
