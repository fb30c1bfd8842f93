import { jsonError, withRole } from "@/lib/auth/server";
import { eventStreamResponse, sseMessage } from "@/lib/http/event-stream";
import { getExecutor } from "@/lib/recovery";
import type { RunRecord } from "@/lib/recovery/types";

export const dynamic = "force-dynamic";

const RUN_ID = /^[0-9a-f-]{36}$/;

/**
 * Live progress of one run as Server-Sent Events: the run now, then the run after every
 * change, until it ends (then the stream closes; a finished run is sent once).
 */
export const GET = withRole<{ params: Promise<{ id: string }> }>(
  "viewer",
  async (request, { params }) => {
    const { id } = await params;
    if (!RUN_ID.test(id)) return jsonError(400, "not-a-run-id");
    const executor = await getExecutor();
    const first = await executor.get(id);
    if (!first) return jsonError(404, "no-such-run");
    const encoder = new TextEncoder();
    let stop = () => undefined as void;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          stop();
          clearInterval(ping);
          controller.close();
        };
        const send = (run: RunRecord) => {
          if (closed) return;
          controller.enqueue(encoder.encode(sseMessage("run", run)));
          if (run.status !== "running") close();
        };
        // Comments keep proxies from closing an idle stream during a long verification.
        const ping = setInterval(
          () => !closed && controller.enqueue(encoder.encode(": ping\n\n")),
          15_000,
        );
        stop = executor.subscribe(id, send);
        request.signal.addEventListener("abort", close);
        send(first);
        // A run that ended between get() and subscribe() is read once more.
        if (first.status === "running" && !executor.isLive(id))
          void executor.get(id).then((run) => run && send(run));
      },
      cancel() {
        stop();
      },
    });
    return eventStreamResponse(stream);
  },
);
