/**
 * OVSDB connection methods, the one parser for them (ovsdb-server(1) "Active/Passive Database
 * Connection Methods"): active "tcp:HOST:PORT", "ssl:[IPv6]:PORT", "unix:FILE" — what clients
 * such as Neutron and ovn-controller are given, a comma-separated list for a cluster — and
 * passive "ptcp:PORT[:HOST]", "pssl:…", "punix:FILE" — what a server listens on (its remotes).
 */
export interface OvsdbAddress {
  proto: "tcp" | "ssl" | "unix" | "ptcp" | "pssl" | "punix";
  /** Host for tcp/ssl (passive: the bound address, "" when unbound), file for unix. */
  host: string;
  port: number | null;
  passive: boolean;
}

function parseOne(text: string): OvsdbAddress | null {
  const t = text.trim();
  const unix = /^(p?unix):(.+)$/.exec(t);
  if (unix)
    return {
      proto: unix[1] as "unix" | "punix",
      host: unix[2]!,
      port: null,
      passive: unix[1] === "punix",
    };
  const active = /^(tcp|ssl):\[?([^\]]+?)\]?:(\d+)$/.exec(t);
  if (active)
    return {
      proto: active[1] as "tcp" | "ssl",
      host: active[2]!,
      port: Number(active[3]),
      passive: false,
    };
  const passive = /^(ptcp|pssl):(\d+)(?::\[?([^\]]*)\]?)?$/.exec(t);
  if (passive)
    return {
      proto: passive[1] as "ptcp" | "pssl",
      host: passive[3] ?? "",
      port: Number(passive[2]),
      passive: true,
    };
  return null;
}

/** Every address of a (comma-separated) connection string; unparsable parts are left out. */
export function parseOvsdbAddresses(text: string): OvsdbAddress[] {
  return text
    .split(",")
    .map(parseOne)
    .filter((a): a is OvsdbAddress => a !== null);
}

/** The first address of a connection string (a client tries them in turn), or null. */
export function parseOvsdbConnection(text: string): OvsdbAddress | null {
  return parseOne(text.split(",")[0] ?? "");
}

/** The TCP ports a server's remotes say it listens on: "ptcp:6641:0.0.0.0" → 6641. */
export function listeningPorts(remotes: readonly string[] | null): number[] {
  return (remotes ?? []).flatMap((r) => {
    const a = parseOne(r);
    return a?.passive && a.port !== null ? [a.port] : [];
  });
}

/** An active TCP/SSL endpoint inside a log line ("…tcp:10.250.0.11:6642: connection refused"). */
export const ENDPOINT_IN_TEXT = /((?:tcp|ssl):[\d.:[\]a-f]+:\d+)/i;
