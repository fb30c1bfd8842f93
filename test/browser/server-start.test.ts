import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loginInBrowser, TEST_USERS } from "../support/auth";
import { launchBrowser } from "../support/browser";
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

  it("opens its store at start: an unreachable database stops it, its password never printed", async () => {
    const secret = "Sup3rSecretDbPassword";
    const error = await startServer(
      { DATABASE_URL: `postgresql://ovnscope:${secret}@localhost/ovnscope?host=/nonexistent` },
      { users: [] },
    ).then(
      async (s) => {
        await s.stop();
        return null;
      },
      (err: Error) => err,
    );
    expect(error?.message).toMatch(/^server exited \(1\)/);
    expect(error?.message).toContain("ovnscope: cannot open the store");
    expect(error?.message).not.toContain(secret);
  });

  it("refuses a bad history setting, naming it, and does not serve", async () => {
    const error = await startServer({ OVNSCOPE_HISTORY_DAYS: "0" }, { users: [] }).then(
      async (s) => {
        await s.stop();
        return null;
      },
      (err: Error) => err,
    );
    expect(error?.message).toMatch(/^server exited \(1\)/);
    expect(error?.message).toContain(
      'OVNSCOPE_HISTORY_DAYS must be a whole number from 1 to 3650, not "0"',
    );
  });

  it("starts with an empty store, says how to make the first admin, and lets nobody in", async () => {
    const server = await startServer({}, { users: [] });
    try {
      expect(server.output()).toMatch(/ovnscope: store sqlite .*ovnscope\.db, schema version \d+/);
      expect(server.output()).toContain("npx ovnscope user add NAME --role admin");
      expect(server.output()).toContain("ovnscope: history recording");
      const res = await fetch(server.url + "/", { redirect: "manual" });
      expect(res.status).toBe(307);
      expect(res.headers.get("location")).toBe("/login?next=%2F");
    } finally {
      await server.stop();
    }
  });

  it("lets a user made with the CLI sign in and see the overview", async () => {
    const server = await startServer();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await loginInBrowser(page, server.url, TEST_USERS.viewer);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Overview");
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
