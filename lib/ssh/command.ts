/**
 * The only way to build a command that runs on a node. A NodeCommand can be made only from a
 * fixed template here and arguments that passed validation; route handlers never build one
 * from request input. Every argument is single-quoted for the remote shell.
 */
declare const nodeCommandBrand: unique symbol;
export type NodeCommand = string & { readonly [nodeCommandBrand]: true };

/** POSIX single-quoting: 'it'\''s' — the remote shell sees exactly one word. */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

const LIBEXEC = "/usr/local/libexec/ovnscope";

/** The read-only collection script, as root through sudo (deploy/sudoers.d/ovnscope). */
export function collectCommand(): NodeCommand {
  return `sudo -n ${LIBEXEC}/collect` as NodeCommand;
}

/** A fixed command kept running on a held connection, answering one request line at a time. */
export interface ServedCommand {
  command: NodeCommand;
  /** The one line it is sent per request (a constant: no input ever reaches a node command). */
  request: string;
}

/** collect --serve: one collection per request, without an SSH session or sudo each time. */
export function collectServed(): ServedCommand {
  return {
    command: `sudo -n ${LIBEXEC}/collect --serve` as NodeCommand,
    request: "collect",
  };
}

/** Follows systemd's lines about the watched units until closed (collect --watch). */
export function watchCommand(): NodeCommand {
  return `sudo -n ${LIBEXEC}/collect --watch` as NodeCommand;
}

/** Recent journal lines of the watched units, as root through sudo (deploy/sudoers.d/ovnscope). */
export function journalCommand(): NodeCommand {
  return `sudo -n ${LIBEXEC}/collect-journal` as NodeCommand;
}

/** The options the node's installed Neutron knows; as the unprivileged user, no arguments. */
export function neutronOptionsCommand(): NodeCommand {
  return `${LIBEXEC}/neutron-options` as NodeCommand;
}

const ENDPOINT = /^https?:\/\/[A-Za-z0-9.:_-]+(\/[A-Za-z0-9._/-]*)?$/;
const CLOUD = /^[A-Za-z0-9_.-]{1,64}$/;

/** The Neutron API query, as the unprivileged user, with credentials held on that node. */
export function neutronQueryCommand(
  endpoint: string,
  auth: "none" | { cloud: string },
): NodeCommand {
  if (!ENDPOINT.test(endpoint))
    throw new Error(`refusing Neutron endpoint ${JSON.stringify(endpoint)}`);
  const authArg = auth === "none" ? "none" : `cloud:${auth.cloud}`;
  if (auth !== "none" && !CLOUD.test(auth.cloud))
    throw new Error(`refusing cloud name ${JSON.stringify(auth.cloud)}`);
  return `${LIBEXEC}/neutron-query ${shellQuote(endpoint)} ${shellQuote(authArg)}` as NodeCommand;
}

/**
 * The recovery actions deploy/libexec/ovnscope/act knows, with the only arguments it and the
 * sudoers snippet accept. Changing this list means changing both of them.
 */
export const STARTABLE_UNITS = [
  "ovn-ovsdb-server-nb.service",
  "ovn-ovsdb-server-sb.service",
  "ovn-northd.service",
  "neutron-server.service",
  "neutron-api.service",
  "neutron-rpc-server.service",
  "ovn-controller.service",
  "openvswitch-switch.service",
] as const;
export const RESTARTABLE_UNITS = [
  "neutron-server.service",
  "neutron-api.service",
  "neutron-rpc-server.service",
  "ovn-controller.service",
] as const;
export type StartableUnit = (typeof STARTABLE_UNITS)[number];
export type RestartableUnit = (typeof RESTARTABLE_UNITS)[number];

/** The unit, if act may start it; throws otherwise (a profile naming a unit act does not know). */
export function asStartable(unit: string): StartableUnit {
  if (!(STARTABLE_UNITS as readonly string[]).includes(unit))
    throw new Error(`refusing to start ${JSON.stringify(unit)}: not in act's allow-list`);
  return unit as StartableUnit;
}

/** The unit, if act may restart it; throws otherwise. */
export function asRestartable(unit: string): RestartableUnit {
  if (!(RESTARTABLE_UNITS as readonly string[]).includes(unit))
    throw new Error(`refusing to restart ${JSON.stringify(unit)}: not in act's allow-list`);
  return unit as RestartableUnit;
}

/**
 * A RAFT server as `cluster/status` lists it in its Servers: the first four hex digits of its
 * id. act looks it up on the node again and refuses unless it names exactly one server that is
 * not the node's own.
 */
const SHORT_SERVER_ID = /^[0-9a-f]{4}$/;
/** A RAFT cluster's full id, as cluster/status prints it in parentheses. */
const CLUSTER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const CLUSTER_DBS = ["nb", "sb"] as const;

export type Action =
  | { verb: "backup-ovn-dbs" }
  | { verb: "cluster-kick"; db: (typeof CLUSTER_DBS)[number]; sid: string }
  | { verb: "rejoin-cluster"; db: (typeof CLUSTER_DBS)[number]; clusterId: string }
  | { verb: "stop-stray-ovsdb" }
  | { verb: "restart-northd-safely" }
  | { verb: "start"; unit: StartableUnit }
  | { verb: "restart"; unit: RestartableUnit };

/** A recovery action, as root through sudo; refuses any unit outside the allowed lists. */
export function actionCommand(action: Action): NodeCommand {
  const base = `sudo -n ${LIBEXEC}/act`;
  switch (action.verb) {
    case "backup-ovn-dbs":
    case "stop-stray-ovsdb":
    case "restart-northd-safely":
      return `${base} ${action.verb}` as NodeCommand;
    case "cluster-kick":
      if (!(CLUSTER_DBS as readonly string[]).includes(action.db))
        throw new Error(`refusing cluster-kick on ${JSON.stringify(action.db)}`);
      if (!SHORT_SERVER_ID.test(action.sid))
        throw new Error(`refusing cluster-kick of server ${JSON.stringify(action.sid)}`);
      return `${base} cluster-kick ${action.db} ${action.sid}` as NodeCommand;
    case "rejoin-cluster":
      if (!(CLUSTER_DBS as readonly string[]).includes(action.db))
        throw new Error(`refusing rejoin-cluster on ${JSON.stringify(action.db)}`);
      if (!CLUSTER_ID.test(action.clusterId))
        throw new Error(`refusing rejoin-cluster into ${JSON.stringify(action.clusterId)}`);
      return `${base} rejoin-cluster ${action.db} ${action.clusterId}` as NodeCommand;
    case "start":
      if (!(STARTABLE_UNITS as readonly string[]).includes(action.unit))
        throw new Error(`refusing to start ${JSON.stringify(action.unit)}`);
      return `${base} start ${shellQuote(action.unit)}` as NodeCommand;
    case "restart":
      if (!(RESTARTABLE_UNITS as readonly string[]).includes(action.unit))
        throw new Error(`refusing to restart ${JSON.stringify(action.unit)}`);
      return `${base} restart ${shellQuote(action.unit)}` as NodeCommand;
    default:
      throw new Error(`unknown action ${JSON.stringify(action satisfies never)}`);
  }
}
