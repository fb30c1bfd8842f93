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

/** Recent journal lines of the watched units, as root through sudo (deploy/sudoers.d/ovnscope). */
export function journalCommand(): NodeCommand {
  return `sudo -n ${LIBEXEC}/collect-journal` as NodeCommand;
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
