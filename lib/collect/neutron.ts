import type { NeutronServerTarget } from "./neutron-servers";
import type { NeutronServerState, NeutronState } from "@/lib/model/snapshot";
import type { NeutronAccess } from "@/lib/inventory";
import { ProbeParseError } from "@/lib/probes/errors";
import { parseNeutron } from "@/lib/probes/neutron";
import type { RawSection } from "@/lib/probes/sections";

/** Neutron's view when it cannot be read: empty, so nothing stale passes for current. */
export function neutronUnavailable(access: NeutronAccess | undefined, error: string): NeutronState {
  return {
    state: access ? "unavailable" : "unconfigured",
    error,
    node: access?.node ?? null,
    endpoint: access?.endpoint ?? null,
    collectedAt: null,
    routers: [],
    gatewayPorts: [],
    externalNetworks: [],
    agents: [],
  };
}

/**
 * Why the query failed, in curl's words and for which GET: "GET agents: curl: (28) Operation
 * timed out …". curl writes its error right after the last body, often on the body's own line
 * (a JSON body has no final newline), so it is searched for, not expected at a line start.
 */
function curlFailure(section: RawSection): string {
  const text = `${section.stdout}\n${section.stderr}`;
  const error = /curl: \(\d+\)[^\n]*/.exec(text)?.[0].trim();
  const failed = /^@@ovnscope http 000 (\S+)$/m.exec(text)?.[1];
  const path = failed ? new URL(failed).pathname.replace(/^.*\/v2\.0\//, "") : null;
  if (error) return path ? `GET ${path}: ${error}` : error;
  const last = text
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("@@"))
    .pop();
  return last ? last.trim().slice(0, 300) : `curl exit ${section.rc}`;
}

/** curl's exit status for "Operation timed out" (its -m or --connect-timeout ran out). */
const CURL_TIMED_OUT = 28;

/**
 * Whether Neutron's API timed out on the query: it took the connection and did not answer, or
 * did not even take it (a full listen backlog drops the SYN). Unlike a refused connection, which
 * costs the API nothing, each such read leaves work behind: the server goes on serving the GETs
 * curl gave up on.
 */
export function neutronTimedOut(section: RawSection | undefined): boolean {
  return section?.rc === CURL_TIMED_OUT;
}

/**
 * How long to leave an API that timed out `timeouts` reads in a row before asking it again
 * (unless something that decides its answers changed): 10 s, doubling, at most a minute. A
 * struggling API (workers waiting on OVN, a full listen queue) is not sent four more GETs every
 * refresh; a refused connection is asked again at the usual pace.
 */
export function neutronBackoffMs(timeouts: number): number {
  if (timeouts <= 0) return 0;
  return Math.min(60_000, 10_000 * 2 ** (timeouts - 1));
}

export function neutronFromSection(
  access: NeutronAccess,
  section: RawSection | undefined,
  at: string,
): NeutronState {
  if (!section)
    return neutronUnavailable(access, `no answer from the Neutron query on ${access.node}`);
  if (section.rc !== 0)
    return neutronUnavailable(access, `${access.endpoint}: ${curlFailure(section)}`);
  try {
    return {
      state: "ok",
      error: null,
      node: access.node,
      endpoint: access.endpoint,
      collectedAt: at,
      ...parseNeutron(section.stdout),
    };
  } catch (err) {
    return neutronUnavailable(access, err instanceof ProbeParseError ? err.message : String(err));
  }
}

/**
 * One neutron-server's own API from its query's section, read as the endpoint's is
 * (neutronFromSection, asked at the server's own address): ok when the same GETs answered and
 * parse, else why not (in curl's words, which GET). Its routers and ports are the endpoint's
 * business; only whether it answers is kept.
 */
export function neutronServerFromSection(
  access: NeutronAccess,
  target: NeutronServerTarget,
  section: RawSection | undefined,
  at: string,
): NeutronServerState {
  const read = neutronFromSection({ ...access, endpoint: target.endpoint }, section, at);
  return {
    ...target,
    state: read.state === "ok" ? "ok" : "unavailable",
    error: read.error,
    collectedAt: read.collectedAt,
    askedAt: at,
  };
}
