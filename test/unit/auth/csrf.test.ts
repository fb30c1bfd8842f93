import { describe, expect, it } from "vitest";
import {
  isStateChanging,
  originAllowed,
  ownOrigins,
  randomToken,
  tokensMatch,
} from "@/lib/auth/csrf";

const headers = (h: Record<string, string>) => new Headers(h);

describe("CSRF and origin checks", () => {
  it("treats every method but GET/HEAD/OPTIONS as state-changing", () => {
    expect(["GET", "HEAD", "OPTIONS", "get"].map(isStateChanging)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(["POST", "PUT", "PATCH", "DELETE", "post"].map(isStateChanging)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it("matches tokens exactly, refuses missing ones", () => {
    const t = randomToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokensMatch(t, t)).toBe(true);
    expect(tokensMatch(t, t.slice(0, -1))).toBe(false);
    expect(tokensMatch(t, randomToken())).toBe(false);
    expect(tokensMatch(null, t)).toBe(false);
    expect(tokensMatch(t, undefined)).toBe(false);
    expect(tokensMatch("", "")).toBe(false);
  });

  it("knows its own origin from the request, or from OVNSCOPE_ORIGIN", () => {
    const h = headers({ host: "127.0.0.1:3000", "x-forwarded-proto": "http" });
    expect(ownOrigins(h, undefined)).toEqual(["http://127.0.0.1:3000"]);
    const proxied = headers({
      host: "10.0.0.5:3000",
      "x-forwarded-host": "ovnscope.example.net",
      "x-forwarded-proto": "https",
    });
    expect(ownOrigins(proxied, undefined)).toEqual(["https://ovnscope.example.net"]);
    expect(ownOrigins(h, "https://a.example/, https://b.example")).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
  });

  it("allows only the own origin; a missing or opaque Origin is refused", () => {
    const own = ["http://127.0.0.1:3000"];
    expect(originAllowed("http://127.0.0.1:3000", own)).toBe(true);
    expect(originAllowed(null, own)).toBe(false);
    expect(originAllowed("null", own)).toBe(false);
    expect(originAllowed("http://evil.example", own)).toBe(false);
    expect(originAllowed("http://127.0.0.1:3001", own)).toBe(false);
    expect(originAllowed("https://127.0.0.1:3000", own)).toBe(false);
    expect(originAllowed("http://127.0.0.1:3000", [])).toBe(false);
  });
});
