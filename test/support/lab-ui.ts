import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { labOk } from "./lab";
import { LAB_INVENTORY, startServer, type RunningServer } from "./server";

/** What a browser test against the lab works with, filled in before its tests run. */
export interface LabUi {
  /** The server's environment: the lab's inventory and what the test asked for. */
  env: Record<string, string>;
  /** Replace it to restart the server: the one here then is the one stopped after the tests. */
  server: RunningServer;
  browser: Browser;
}

/**
 * Registers the file's hooks for a browser test against the real lab: before its tests the lab
 * up and healthy, ovnscope started on the lab's inventory (plus `env`) and Chromium launched;
 * after them both ended and the lab healed. Call it at the top of the file, before the file's
 * own beforeAll (which then runs after this one).
 */
export function labUiSuite(env: Record<string, string> = {}): LabUi {
  const ui = { env: { OVNSCOPE_INVENTORY: LAB_INVENTORY, ...env } } as unknown as LabUi;
  beforeAll(async () => {
    await labOk(["ready"]);
    [ui.server, ui.browser] = await Promise.all([startServer(ui.env), launchBrowser()]);
  });
  afterAll(async () => {
    await ui.browser?.close();
    await ui.server?.stop();
    await labOk(["heal"]);
  });
  return ui;
}
