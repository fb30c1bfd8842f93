import { jsonError, withRole } from "@/lib/auth/server";
import { sessionEventStream } from "@/lib/http/session-stream";
import { getExecutor } from "@/lib/recovery";
import type { RunRecord } from "@/lib/recovery/types";

export const dynamic = "force-dynamic";

const RUN_ID = /^[0-9a-f-]{36}$/;
const ROLE = "viewer";

/**
 * Live progress of one run as Server-Sent Events: the run now, then the run after every
 * change, until it ends (then the stream closes; a finished run is sent once) — or until the
 * session does: then "end" says why (lib/http/session-stream.ts).
 */
export const GET = withRole<{ params: Promise<{ id: string }> }>(
  ROLE,
  async (request, { params }, session) => {
    const { id } = await params;
    if (!RUN_ID.test(id)) return jsonError(400, "not-a-run-id");
    const executor = await getExecutor();
    const first = await executor.get(id);
    if (!first) return jsonError(404, "no-such-run");
    return sessionEventStream(request, session, ROLE, (send, close) => {
      const sendRun = (run: RunRecord) => {
        send("run", run);
        if (run.status !== "running") close();
      };
      const unsubscribe = executor.subscribe(id, sendRun);
      sendRun(first);
      // A run that ended between get() and subscribe() is read once more.
      if (first.status === "running" && !executor.isLive(id))
        void executor.get(id).then((run) => run && sendRun(run));
      return unsubscribe;
    });
  },
);
