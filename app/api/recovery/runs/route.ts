import { z } from "zod";
import { clientIp } from "@/lib/auth/request";
import { jsonError, withRole } from "@/lib/auth/server";
import { getExecutor } from "@/lib/recovery";
import { ConfirmationError, RecoveryError } from "@/lib/recovery/executor";
import { PlanError } from "@/lib/recovery/planner";

export const dynamic = "force-dynamic";

/** Recent runs of this cloud, newest first. */
export const GET = withRole("viewer", async () =>
  Response.json(
    { runs: await (await getExecutor()).list(50) },
    { headers: { "Cache-Control": "no-store" } },
  ),
);

const Body = z.object({
  runbook: z.string().max(64),
  node: z.string().max(64).nullish(),
  /** The cloud's name, typed by the operator: a run is never one stray click away. */
  confirm: z.string().max(128),
});

/** Starts a run (operators and admins): 202 with the run, or 409 while another run holds the lock. */
export const POST = withRole("operator", async (request, _context, session) => {
  const parsed = Body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return jsonError(400, "bad-request");
  try {
    const result = await (
      await getExecutor()
    ).start({
      runbook: parsed.data.runbook,
      target: parsed.data.node ?? null,
      operator: session.name,
      ip: clientIp(request.headers),
      confirm: parsed.data.confirm,
    });
    if (!result.started && result.reason === "blocked")
      return jsonError(409, "blocked", { message: result.refusal, plan: result.plan });
    if (!result.started)
      return jsonError(409, "locked", {
        heldBy: result.lock.operator,
        since: result.lock.acquiredAt,
      });
    return Response.json({ run: result.run }, { status: 202 });
  } catch (err) {
    if (err instanceof ConfirmationError)
      return jsonError(400, "confirm-mismatch", {
        message: err.message,
      });
    if (err instanceof PlanError || err instanceof RecoveryError)
      return jsonError(400, "bad-request", { message: err.message });
    throw err;
  }
});
