import type { Connection, Listener, ProcessRef } from "@/lib/model/snapshot";
import { ProbeParseError } from "./errors";

/**
 * Probe "listen": listening TCP sockets with their owning processes.
 * Command: ss -H -ltnp
 * Line: "LISTEN 0 10 0.0.0.0:6641 0.0.0.0:* users:(("ovsdb-server",pid=123,fd=20))"
 */

export function splitHostPort(text: string): { address: string; port: number } | null {
  const colon = text.lastIndexOf(":");
  if (colon <= 0) return null;
  const port = Number(text.slice(colon + 1));
  if (!Number.isInteger(port)) return null;
  let address = text.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  address = address.replace(/%\S+$/, ""); // drop an interface scope like 127.0.0.53%lo
  return { address, port };
}

function parseUsers(text: string | undefined): ProcessRef[] {
  if (!text) return [];
  return [...text.matchAll(/\("([^"]*)",pid=(\d+),fd=\d+\)/g)].map((m) => ({
    name: m[1]!,
    pid: Number(m[2]),
  }));
}

export function parseListeners(text: string): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const fields = line.trim().split(/\s+/);
    if (fields[0] !== "LISTEN" || fields.length < 5)
      throw new ProbeParseError("listen", `unexpected line: ${line.slice(0, 120)}`);
    const local = splitHostPort(fields[3]!);
    if (!local) throw new ProbeParseError("listen", `bad local address: ${fields[3]}`);
    out.push({ proto: "tcp", ...local, processes: parseUsers(fields.slice(5).join(" ")) });
  }
  return out;
}

/**
 * Probe "conns": established TCP connections of OVSDB (accepted by an ovsdb-server here, or
 * opened to an OVN database port), with their holders.
 * Command: ss -H -tnp state established (printed with the state column, as `ss -H -tnp` does)
 * Line: "ESTAB 0 0 10.250.0.11:6642 10.250.0.21:51234 users:(("ovsdb-server",pid=131,fd=25))"
 */
export function parseConnections(text: string): Connection[] {
  const out: Connection[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const fields = line.trim().split(/\s+/);
    if (fields[0] !== "ESTAB" || fields.length < 5)
      throw new ProbeParseError("conns", `unexpected line: ${line.slice(0, 120)}`);
    const local = splitHostPort(fields[3]!);
    const peer = splitHostPort(fields[4]!);
    if (!local || !peer)
      throw new ProbeParseError("conns", `bad address: ${fields.slice(3, 5).join(" ")}`);
    out.push({
      ...local,
      peerAddress: peer.address,
      peerPort: peer.port,
      processes: parseUsers(fields.slice(5).join(" ")),
    });
  }
  return out;
}
