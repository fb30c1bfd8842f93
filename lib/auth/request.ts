/** What a request says about its client and transport, pure. */
interface HeaderLike {
  get(name: string): string | null;
}

/**
 * The client's address. Next puts the socket's address in x-forwarded-for only when the
 * header is absent, and a reverse proxy appends the address it saw: the last entry is the
 * nearest hop's view. Without a proxy a client can write this header itself, so per-IP
 * throttling is a help, not the guard; the per-username throttle cannot be dodged this way.
 */
export function clientIp(headers: HeaderLike): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = entries.at(-1) ?? "unknown";
  return ip.replace(/^::ffff:/, "").slice(0, 64);
}

export function isHttps(headers: HeaderLike): boolean {
  return (headers.get("x-forwarded-proto") ?? "").split(",")[0]!.trim() === "https";
}

/** Is the Host a loopback name or address (the lab and the demo)? */
export function isLoopbackHost(host: string | null): boolean {
  if (!host) return false;
  const name = host
    .replace(/:\d+$/, "")
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
  return name === "localhost" || name === "::1" || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** Plain http is allowed only on loopback, or when OVNSCOPE_ALLOW_HTTP=1 says so (a closed lab). */
export function transportAllowed(
  headers: HeaderLike,
  env: Record<string, string | undefined> = process.env,
): boolean {
  return (
    isHttps(headers) ||
    isLoopbackHost(headers.get("x-forwarded-host") ?? headers.get("host")) ||
    env.OVNSCOPE_ALLOW_HTTP === "1"
  );
}

/** A `next` target after login: a path on this site only, never another host. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f]/.test(next) || next.startsWith("/login")) return "/";
  return next;
}
