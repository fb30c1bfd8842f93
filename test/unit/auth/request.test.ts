import { describe, expect, it } from "vitest";
import {
  clientIp,
  FORWARDED_HEADERS,
  isHttps,
  isLoopbackHost,
  markPeer,
  parseTrustedProxies,
  PEER_HEADER,
  peerOf,
  requestHost,
  safeNext,
  setPeerNonce,
  transportAllowed,
  TrustedProxiesError,
  type TrustedProxies,
} from "@/lib/auth/request";

const h = (v: Record<string, string>) => new Headers(v);
const NONCE = setPeerNonce("test-nonce"); // what the server's marking would use
const NONE = parseTrustedProxies(undefined);

/** A request as Next hands it to a route: node's headers after the server's marking. */
function arriving(peer: string, sent: Record<string, string>, trusted: TrustedProxies): Headers {
  const headers: Record<string, string | string[] | undefined> = { ...sent };
  markPeer(headers, peer, trusted, NONCE);
  // Next's own: it sets x-forwarded-for to the socket's address only when it is missing.
  headers["x-forwarded-for"] ??= peer;
  headers["x-forwarded-proto"] ??= "http";
  return new Headers(headers as Record<string, string>);
}

describe("trusted proxies (OVNSCOPE_TRUSTED_PROXIES)", () => {
  it("parses addresses and CIDR ranges, IPv4 and IPv6, matching IPv4-mapped forms both ways", () => {
    const t = parseTrustedProxies(" 127.0.0.1, 10.0.0.0/8 ,::1, fd00::/8, ::ffff:192.0.2.7 ");
    expect(t.entries).toEqual(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", "::ffff:192.0.2.7"]);
    for (const yes of [
      "127.0.0.1",
      "::ffff:127.0.0.1",
      "10.200.3.4",
      "::ffff:10.1.2.3",
      "::1",
      "[::1]",
      "fd12:3456::9",
      "192.0.2.7",
    ])
      expect(t.has(yes), yes).toBe(true);
    for (const no of ["127.0.0.2", "11.0.0.1", "::2", "fe80::1", "2001:db8::1", "unknown", ""])
      expect(t.has(no), no).toBe(false);
    expect(parseTrustedProxies("").entries).toEqual([]);
    expect(NONE.has("127.0.0.1")).toBe(false);
  });

  it("refuses a bad entry with a clear error that names it", () => {
    for (const bad of ["localhost", "10.0.0.0/33", "::1/129", "10.0.0.1/", "1.2.3", "10.0.0.0/8/8"])
      expect(() => parseTrustedProxies(`127.0.0.1, ${bad}`), bad).toThrow(
        new RegExp(`OVNSCOPE_TRUSTED_PROXIES: "${bad.replace(/[./]/g, "\\$&")}"`),
      );
    expect(() => parseTrustedProxies("nope")).toThrow(TrustedProxiesError);
  });
});

describe("request facts", () => {
  it("a direct client cannot choose its address: rotating X-Forwarded-For changes nothing", () => {
    const seen = new Set(
      Array.from({ length: 30 }, (_, i) =>
        clientIp(arriving("198.51.100.9", { "x-forwarded-for": `203.0.113.${i}` }, NONE), NONE),
      ),
    );
    expect([...seen]).toEqual(["198.51.100.9"]);
    expect(clientIp(arriving("::ffff:192.0.2.1", {}, NONE), NONE)).toBe("192.0.2.1");
    // Only the loopback proxy is trusted; a client elsewhere gets no say either.
    const local = parseTrustedProxies("127.0.0.1");
    expect(clientIp(arriving("192.0.2.5", { "x-forwarded-for": "10.9.9.9" }, local), local)).toBe(
      "192.0.2.5",
    );
  });

  it("behind trusted proxies, takes the right-most address in X-Forwarded-For that is not one", () => {
    const t = parseTrustedProxies("127.0.0.1, 10.0.0.0/8");
    const via = (xff: string, peer = "::ffff:127.0.0.1") =>
      clientIp(arriving(peer, { "x-forwarded-for": xff }, t), t);
    expect(via("203.0.113.9")).toBe("203.0.113.9");
    // The client wrote the left part itself; the proxies appended the rest.
    expect(via("1.1.1.1, 203.0.113.9, 10.0.0.2")).toBe("203.0.113.9");
    expect(via("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(via("10.0.0.3, 10.0.0.2")).toBe("10.0.0.3"); // all proxies: the first
    expect(clientIp(arriving("10.1.1.1", {}, t), t)).toBe("10.1.1.1"); // the proxy sent none
  });

  it("believes no peer stamp the server did not make", () => {
    const forged = h({ [PEER_HEADER]: "guess 10.0.0.1", "x-forwarded-for": "10.0.0.1" });
    expect(peerOf(forged, NONE)).toBeNull();
    expect(clientIp(forged, NONE)).toBe("unknown");
    expect(clientIp(h({ "x-forwarded-for": "10.0.0.1" }), NONE)).toBe("unknown");
    // The server overwrites any stamp a client sent.
    const headers: Record<string, string | string[] | undefined> = {
      [PEER_HEADER]: `${NONCE} 127.0.0.1`,
    };
    markPeer(headers, "192.0.2.44", NONE, NONCE);
    expect(headers[PEER_HEADER]).toBe(`${NONCE} 192.0.2.44`);
  });

  it("drops every forwarded header an untrusted peer sent, keeps a trusted proxy's", () => {
    const sent = Object.fromEntries(FORWARDED_HEADERS.map((name) => [name, "x"]));
    const untrusted = { ...sent };
    markPeer(untrusted, "192.0.2.1", parseTrustedProxies("127.0.0.1"), NONCE);
    expect(Object.keys(untrusted)).toEqual([PEER_HEADER]);
    const trusted = { ...sent };
    markPeer(trusted, "127.0.0.1", parseTrustedProxies("127.0.0.1"), NONCE);
    expect(Object.keys(trusted).sort()).toEqual([...FORWARDED_HEADERS, PEER_HEADER].sort());
  });

  it("https and the host: a trusted proxy's X-Forwarded-Proto/-Host, nobody else's", () => {
    const t = parseTrustedProxies("127.0.0.1");
    const proxied = arriving(
      "127.0.0.1",
      { host: "10.0.0.1:3000", "x-forwarded-proto": "https", "x-forwarded-host": "ovn.example" },
      t,
    );
    expect(isHttps(proxied, t)).toBe(true);
    expect(requestHost(proxied, t)).toBe("ovn.example");
    const direct = arriving(
      "192.0.2.1",
      { host: "10.0.0.1:3000", "x-forwarded-proto": "https", "x-forwarded-host": "localhost" },
      t,
    );
    expect(isHttps(direct, t)).toBe(false);
    expect(requestHost(direct, t)).toBe("10.0.0.1:3000");
    const env = { OVNSCOPE_TRUSTED_PROXIES: "127.0.0.1" };
    expect(transportAllowed(direct, env)).toBe(false); // plain http to 10.0.0.1, whatever it says
    expect(transportAllowed(proxied, env)).toBe(true);
    expect(transportAllowed(proxied, {})).toBe(false); // the same proxy, not configured
  });

  it("allows plain http only on loopback (or when told to), https anywhere", () => {
    expect(["127.0.0.1:3000", "localhost", "[::1]:80", "127.5.6.7"].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ["10.0.0.1:3000", "ovnscope.example", "127.0.0.1.evil.example"].map(isLoopbackHost),
    ).toEqual([false, false, false]);
    const t = parseTrustedProxies("127.0.0.1");
    const env = { OVNSCOPE_TRUSTED_PROXIES: "127.0.0.1" };
    const viaProxy = (proto: string) =>
      arriving("127.0.0.1", { host: "10.0.0.1", "x-forwarded-proto": proto }, t);
    expect(transportAllowed(viaProxy("http"), env)).toBe(false);
    expect(transportAllowed(viaProxy("https"), env)).toBe(true);
    expect(transportAllowed(arriving("127.0.0.1", { host: "127.0.0.1:3000" }, NONE), {})).toBe(
      true,
    );
    expect(
      transportAllowed(arriving("192.0.2.1", { host: "10.0.0.1" }, NONE), {
        OVNSCOPE_ALLOW_HTTP: "1",
      }),
    ).toBe(true);
  });

  it("sends a user back only to a path on this site after login", () => {
    expect(safeNext("/nodes/ctl1?x=1")).toBe("/nodes/ctl1?x=1");
    for (const bad of [
      null,
      "",
      "https://evil.example/",
      "//evil.example",
      "/\\evil",
      "/login?next=/",
    ])
      expect(safeNext(bad)).toBe("/");
  });
});
