/** proxy.ts' first gate for /metrics: a bearer token goes on to the handler, nothing else does. */
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const request = (path: string, headers: Record<string, string> = {}) =>
  new NextRequest(new URL(path, "http://127.0.0.1:3000"), { headers });
/** NextResponse.next() marks a request passed on to its route. */
const passed = (res: Response) => res.headers.get("x-middleware-next") === "1";

describe("proxy: /metrics", () => {
  it("without a session cookie and without a bearer token: 401 JSON, as an API call", async () => {
    const refused: Record<string, string>[] = [
      {},
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: "Bearer" },
    ];
    for (const headers of refused) {
      const res = proxy(request("/metrics", headers));
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(await res.json()).toEqual({ error: "unauthenticated" });
      expect(passed(res)).toBe(false);
    }
  });

  it("a bearer token or a session cookie goes on to the handler (which checks it)", () => {
    expect(passed(proxy(request("/metrics", { authorization: "Bearer some-token-value" })))).toBe(
      true,
    );
    expect(passed(proxy(request("/metrics", { cookie: "ovnscope-session=abc" })))).toBe(true);
  });

  it("a bearer token opens nothing else: API calls 401, pages to /login", () => {
    const bearer = { authorization: "Bearer some-token-value" };
    expect(proxy(request("/api/snapshot", bearer)).status).toBe(401);
    expect(proxy(request("/metrics/x", bearer)).status).toBe(307);
    const page = proxy(request("/topology", bearer));
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location")!).pathname).toBe("/login");
  });
});
