import { describe, expect, it } from "vitest";
import { clientIp, isHttps, isLoopbackHost, safeNext, transportAllowed } from "@/lib/auth/request";

const h = (v: Record<string, string>) => new Headers(v);

describe("request facts", () => {
  it("takes the client address from the nearest hop", () => {
    expect(clientIp(h({ "x-forwarded-for": "127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientIp(h({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" }))).toBe("10.0.0.2");
    expect(clientIp(h({ "x-forwarded-for": "::ffff:192.0.2.1" }))).toBe("192.0.2.1");
    expect(clientIp(h({}))).toBe("unknown");
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
    expect(isHttps(h({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(transportAllowed(h({ host: "10.0.0.1", "x-forwarded-proto": "http" }), {})).toBe(false);
    expect(transportAllowed(h({ host: "10.0.0.1", "x-forwarded-proto": "https" }), {})).toBe(true);
    expect(transportAllowed(h({ host: "127.0.0.1:3000" }), {})).toBe(true);
    expect(transportAllowed(h({ host: "10.0.0.1" }), { OVNSCOPE_ALLOW_HTTP: "1" })).toBe(true);
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
