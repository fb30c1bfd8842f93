import { describe, expect, it } from "vitest";
import { hasRole, isRole, ROLES } from "@/lib/auth/roles";
import {
  clearCookieHeader,
  cookieHeader,
  hashSessionId,
  newSessionId,
  readCookie,
  SESSION_POLICY,
  sessionExpired,
} from "@/lib/auth/session";

describe("roles", () => {
  it("orders viewer < operator < admin", () => {
    expect(ROLES).toEqual(["viewer", "operator", "admin"]);
    const table = ROLES.map((actual) => ROLES.map((required) => hasRole(actual, required)));
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
    expect(isRole("admin")).toBe(true);
    expect(isRole("root")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});

describe("sessions", () => {
  it("makes 32-byte random ids and stores only their hash", () => {
    const id = newSessionId();
    expect(Buffer.from(id, "base64url")).toHaveLength(32);
    expect(newSessionId()).not.toBe(id);
    expect(hashSessionId(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionId(id)).not.toContain(id);
  });

  it("expires on idle time and on absolute age", () => {
    const { idleMs, absoluteMs } = SESSION_POLICY;
    expect(sessionExpired({ createdAt: 0, lastSeenAt: 0 }, idleMs)).toBe(false);
    expect(sessionExpired({ createdAt: 0, lastSeenAt: 0 }, idleMs + 1)).toBe(true);
    expect(sessionExpired({ createdAt: 0, lastSeenAt: absoluteMs }, absoluteMs + 1)).toBe(true);
    expect(sessionExpired({ createdAt: 0, lastSeenAt: absoluteMs - 10 }, absoluteMs)).toBe(false);
  });

  it("sets HttpOnly and SameSite=Strict always, Secure on https", () => {
    expect(cookieHeader("ovnscope-session", "abc", { secure: false, maxAgeSeconds: 60 })).toBe(
      "ovnscope-session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60",
    );
    expect(cookieHeader("ovnscope-session", "abc", { secure: true })).toMatch(
      /; HttpOnly; SameSite=Strict; Secure$/,
    );
    expect(clearCookieHeader("c", { secure: false, path: "/api" })).toBe(
      "c=; Path=/api; HttpOnly; SameSite=Strict; Max-Age=0",
    );
  });

  it("reads one cookie out of a Cookie header", () => {
    expect(readCookie("a=1; ovnscope-session=xyz; b=2", "ovnscope-session")).toBe("xyz");
    expect(readCookie("xovnscope-session=1", "ovnscope-session")).toBeUndefined();
    expect(readCookie(null, "a")).toBeUndefined();
  });
});
