/**
 * `next start` owns its HTTP server: a route handler sees a Request, never the socket, and
 * every request goes through Next's whole pipeline. Two things need the request earlier, as
 * it arrives: peer marking (lib/auth/peer-mark.ts, the socket's address) and the fast reads
 * (fast-reads.ts, the hot polled views answered without that pipeline). So, once at server
 * start (instrumentation), node's HTTP servers are wrapped and each incoming request is shown
 * to the hooks, in the order they were added, before Next sees it.
 */
import http from "node:http";
import https from "node:https";

/**
 * Sees a request as it arrives (`event` is "request", "checkContinue", "checkExpectation" or
 * "upgrade"; `response` is undefined for an upgrade). Returns true when it has answered the
 * request itself: later hooks and Next then never see it.
 */
export type RequestHook = (
  event: string,
  request: http.IncomingMessage,
  response: http.ServerResponse | undefined,
) => boolean;

const HOOKS = Symbol.for("ovnscope.requestHooks");
// Events whose first argument is the incoming request.
const REQUEST_EVENTS = new Set(["request", "checkContinue", "checkExpectation", "upgrade"]);

type Wrapped = { emit: (event: string | symbol, ...args: unknown[]) => boolean } & {
  [HOOKS]?: Map<string, RequestHook>;
};

/**
 * Adds a hook, by name, to every HTTP(S) server of this process. Adding a name again replaces
 * its hook in place (a second start of the same code, as dev reloads do, installs nothing more).
 */
export function interceptRequests(name: string, hook: RequestHook): void {
  for (const proto of [http.Server.prototype, https.Server.prototype] as Wrapped[]) {
    let hooks = proto[HOOKS];
    if (!hooks) {
      hooks = proto[HOOKS] = new Map();
      const emit = proto.emit;
      const own = hooks;
      proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
        if (typeof event === "string" && REQUEST_EVENTS.has(event)) {
          const request = args[0] as http.IncomingMessage;
          const response = event === "upgrade" ? undefined : (args[1] as http.ServerResponse);
          for (const h of own.values()) if (h(event, request, response)) return true;
        }
        return emit.call(this, event, ...args);
      };
    }
    hooks.set(name, hook);
  }
}
