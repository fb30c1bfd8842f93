// The API answer that speaks for one neutron-server. Clouds run a neutron-server per
// controller behind one endpoint (a load balancer or VIP): the endpoint answering says the
// cloud's API works, not that a given server does. After an OVN cluster regains its majority
// one server's API can hang while another answers (seen on the clustered lab), so a recovery
// step that restarted the server on ctl2 is verified by ctl2's own API, asked beside the
// endpoint (lib/collect/neutron-servers.ts says which servers and where).
import type { NeutronServerState, Snapshot } from "@/lib/model/snapshot";

/**
 * What a check on one node's neutron-server reads as "its API": its own, where it was asked,
 * else the endpoint's (which keeps its "unconfigured": no API to judge by at all).
 */
export type NeutronApiAnswer = Pick<NeutronServerState, "error" | "collectedAt"> & {
  state: NeutronServerState["state"] | "unconfigured";
  endpoint: string | null;
  /** When the read began: a server's own answer says; the endpoint's is the snapshot's read. */
  askedAt?: string;
};

/** An answer in words: its state, and its error when it has one ("unavailable (GET routers: …)"). */
export const answerText = (api: { state: string; error: string | null }) =>
  `${api.state}${api.error ? ` (${api.error})` : ""}`;

export function neutronApiOf(snapshot: Snapshot, node: string): NeutronApiAnswer {
  const own = snapshot.neutron.servers?.find((s) => s.node === node);
  if (own) return own;
  const { state, error, collectedAt, endpoint } = snapshot.neutron;
  return { state, error, collectedAt, endpoint };
}
