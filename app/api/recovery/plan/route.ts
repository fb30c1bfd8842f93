import { jsonError, withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { getInventory } from "@/lib/inventory";
import { PlanError, planRunbook, validateTarget } from "@/lib/recovery/planner";
import { runbook } from "@/lib/recovery/runbooks";

export const dynamic = "force-dynamic";

/** The plan a runbook would follow now: every step, node, exact command, and run/skip with why. */
export const GET = withRole("viewer", async (request) => {
  const url = new URL(request.url);
  const book = runbook(url.searchParams.get("runbook") ?? "");
  if (!book) return jsonError(400, "unknown-runbook");
  const inventory = getInventory();
  try {
    const target = validateTarget(book, inventory, url.searchParams.get("node"));
    const plan = planRunbook(book, await currentSnapshot(), inventory, target);
    return Response.json({ plan }, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    if (err instanceof PlanError) return jsonError(400, "bad-target", { message: err.message });
    throw err;
  }
});
