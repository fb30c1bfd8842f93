import { withRole } from "@/lib/auth/server";
import { eventStreamResponse, sseMessage } from "@/lib/http/event-stream";
import { getChangeWatch } from "@/lib/collect";

export const dynamic = "force-dynamic";

/**
 * Server-Sent Events for open pages: "snapshot" with the generation and time of every refresh
 * a unit change on a node caused (see ChangeWatch). Pages then re-read what they show at once
 * instead of at their next interval; they keep polling either way.
 */
export const GET = withRole("viewer", async (request) => {
  const encoder = new TextEncoder();
  let stop = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => !closed && controller.enqueue(encoder.encode(text));
      // Comments keep proxies from closing an idle stream.
      const ping = setInterval(() => send(": ping\n\n"), 15_000);
      const unsubscribe = getChangeWatch().subscribe((snapshot, nodes) =>
        send(
          sseMessage("snapshot", {
            generation: snapshot.generation,
            finishedAt: snapshot.finishedAt,
            nodes,
          }),
        ),
      );
      stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        unsubscribe();
        controller.close();
      };
      request.signal.addEventListener("abort", () => stop());
      send(": live\n\n");
    },
    cancel() {
      stop();
    },
  });
  return eventStreamResponse(stream);
});
