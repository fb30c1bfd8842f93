/** One Server-Sent Events message. */
export function sseMessage(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A Server-Sent Events response: never cached, never buffered by a proxy (nginx). */
export function eventStreamResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}

export type SendEvent = (event: string, data: unknown) => void;

/**
 * A Server-Sent Events stream for `request`. `start` gets `send` and `close` and returns what
 * to undo when the stream ends: the client left, or `close()` was called (even from within
 * `start`). A comment every 15 s keeps proxies from closing an idle stream.
 */
export function eventStream(
  request: Request,
  start: (send: SendEvent, close: () => void) => () => void,
): Response {
  const encoder = new TextEncoder();
  let end: (cancelled: boolean) => void = () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let undo: (() => void) | null = null;
      const write = (text: string) => !closed && controller.enqueue(encoder.encode(text));
      const ping = setInterval(() => write(": ping\n\n"), 15_000);
      end = (cancelled) => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        undo?.();
        if (!cancelled) controller.close(); // a cancelled stream is closed already
      };
      request.signal.addEventListener("abort", () => end(false));
      write(": open\n\n"); // the headers go out now, not with the first event
      undo = start(
        (event, data) => write(sseMessage(event, data)),
        () => end(false),
      );
      if (closed) undo(); // closed during start, before there was anything to undo
    },
    cancel() {
      end(true);
    },
  });
  return eventStreamResponse(stream);
}
