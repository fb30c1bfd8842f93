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

/** The last event of a stream its guard ended: `data: {"reason": …}`. */
export const END_EVENT = "end";

/**
 * What may keep a stream going: `check` is asked before every event and every `everyMs`; a
 * reason means the stream must end (it sends END_EVENT with it, then closes); a throw (the
 * check could not tell) closes it without a reason.
 */
export interface StreamGuard {
  check: () => Promise<string | null>;
  everyMs: number;
}

/**
 * A Server-Sent Events stream for `request`. `start` gets `send` and `close` and returns what
 * to undo when the stream ends: the client left, `close()` was called (even from within
 * `start`), or the guard ended it. A comment every 15 s keeps proxies from closing an idle
 * stream. With a guard, events (and `close()`) go out in order, each after a passed check.
 */
export function eventStream(
  request: Request,
  start: (send: SendEvent, close: () => void) => () => void,
  guard?: StreamGuard,
): Response {
  const encoder = new TextEncoder();
  let end: (cancelled: boolean) => void = () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let undo: (() => void) | null = null;
      const write = (text: string) => !closed && controller.enqueue(encoder.encode(text));
      const ping = setInterval(() => write(": ping\n\n"), 15_000);
      // Guarded: one queue, so an event never overtakes the check before it nor a close().
      let queue = Promise.resolve();
      let queued = 0;
      const allowed = async (): Promise<boolean> => {
        let reason: string | null;
        try {
          reason = await guard!.check();
        } catch {
          end(false);
          return false;
        }
        if (reason && !closed) {
          write(sseMessage(END_EVENT, { reason }));
          end(false);
        }
        return !closed;
      };
      const enqueue = (task: () => void, check: boolean) => {
        queued++;
        queue = queue.then(async () => {
          try {
            if (!closed && (!check || (await allowed()))) task();
          } catch {
            end(false);
          } finally {
            queued--;
          }
        });
      };
      // A check is only queued when none is waiting: a slow store does not pile them up.
      const recheck = guard
        ? setInterval(() => queued === 0 && enqueue(() => undefined, true), guard.everyMs)
        : undefined;
      end = (cancelled) => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        clearInterval(recheck);
        undo?.();
        if (!cancelled) controller.close(); // a cancelled stream is closed already
      };
      request.signal.addEventListener("abort", () => end(false));
      write(": open\n\n"); // the headers go out now, not with the first event
      undo = start(
        guard
          ? (event, data) => enqueue(() => write(sseMessage(event, data)), true)
          : (event, data) => write(sseMessage(event, data)),
        guard ? () => enqueue(() => end(false), false) : () => end(false),
      );
      if (closed) undo(); // closed during start, before there was anything to undo
    },
    cancel() {
      end(true);
    },
  });
  return eventStreamResponse(stream);
}
