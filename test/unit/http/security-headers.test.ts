import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from "@/lib/http/security-headers";

const directives = (csp: string) =>
  Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("security headers", () => {
  it("a fresh nonce each time: 128 random bits", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });

  it("production: scripts and <style>s only with the nonce, no style attributes, no framing, no eval", () => {
    const d = directives(contentSecurityPolicy("N0nce"));
    expect(d["script-src"]).toEqual(["'self'", "'nonce-N0nce'", "'strict-dynamic'"]);
    expect(d["style-src"]).toEqual(["'self'", "'nonce-N0nce'"]);
    expect(d["style-src-attr"]).toEqual(["'none'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["default-src"]).toEqual(["'self'"]);
    expect(JSON.stringify(d)).not.toContain("unsafe-");
    expect(d["script-src"]).not.toContain("'unsafe-inline'");
  });

  it("development (next dev) only: eval and inline <style>s", () => {
    const d = directives(contentSecurityPolicy("N0nce", true));
    expect(d["script-src"]).toContain("'unsafe-eval'");
    expect(d["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("next.config.js gives the build output the same static headers", async () => {
    const config = createRequire(import.meta.url)("../../../next.config.js") as {
      headers: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]>;
    };
    const rules = await config.headers();
    expect(rules.map((r) => r.source)).toEqual(["/:path*"]);
    expect(Object.fromEntries(rules[0]!.headers.map((h) => [h.key, h.value]))).toEqual(
      SECURITY_HEADERS,
    );
  });
});
