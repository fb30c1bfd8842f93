/**
 * globalSetup of the lab projects: stop at once when the running lab has the other shape.
 * integration and browser are written for the standalone shape (one controller), cluster for
 * the clustered one; on the wrong shape every test would fail slowly on its own timeouts
 * (a CI run once spent 40 minutes that way) instead of saying why.
 */
import type { TestProject } from "vitest/node";
import { labControllers } from "./lab";

const CONTROLLERS_WANTED: Record<string, number> = { integration: 1, browser: 1, cluster: 3 };

export default function labShapeGuard(project: TestProject): void {
  const wanted = CONTROLLERS_WANTED[project.name];
  const have = labControllers().length;
  if (wanted !== undefined && have !== wanted) {
    throw new Error(
      `the ${project.name} tests need the lab with ${wanted} controller(s); it has ${have}: ` +
        `bash lab/bin/lab down && bash lab/bin/lab up --controllers ${wanted}`,
    );
  }
}
