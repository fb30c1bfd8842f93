import { describe, expect, it } from "vitest";
import { acceptsGzip } from "@/lib/http/accept-encoding";

describe("acceptsGzip", () => {
  it("takes what browsers and fetch send", () => {
    expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true); // Chromium
    expect(acceptsGzip("gzip, deflate, br")).toBe(true); // Node's fetch (undici)
    expect(acceptsGzip("GZIP")).toBe(true);
    expect(acceptsGzip("x-gzip")).toBe(true);
  });

  it("honours weights, the wildcard, and an explicit refusal over it", () => {
    expect(acceptsGzip("br;q=1.0, gzip;q=0.5")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("gzip;q=0, *")).toBe(false);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("*;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip("br")).toBe(false);
    expect(acceptsGzip("gzip;q=abc")).toBe(false);
  });

  it("sends a client that names no coding the body as is", () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip("")).toBe(false);
  });
});
