import { describe, expect, it } from "vitest";
import { auditFilterParams, parseAuditFilter, parseTime } from "@/lib/audit/filter";
import { isEventName, MAX_TEXT, redact, REDACTED } from "@/lib/audit/redact";

describe("audit redaction", () => {
  it("never lets a secret in, at any depth", () => {
    const out = redact({
      password: "hunter2hunter2",
      newPassword: "x",
      step: { command: "systemctl restart ovn-northd", env: { OS_PASSWORD: "p", token: "t" } },
      list: [{ secret: "s" }],
    });
    expect(JSON.stringify(out)).not.toMatch(/hunter2|"p"|"t"|"s"|"x"/);
    expect(out).toMatchObject({
      password: REDACTED,
      newPassword: REDACTED,
      step: {
        command: "systemctl restart ovn-northd",
        env: { OS_PASSWORD: REDACTED, token: REDACTED },
      },
      list: [{ secret: REDACTED }],
    });
  });

  it("cuts long outputs and keeps numbers, booleans and nulls", () => {
    const out = redact({ output: "y".repeat(MAX_TEXT + 10), code: 0, ok: true, n: null }) as Record<
      string,
      unknown
    >;
    expect(String(out.output)).toMatch(/… \[10 more characters\]$/);
    expect(out).toMatchObject({ code: 0, ok: true, n: null });
  });

  it("accepts dotted lower-case event names only", () => {
    expect(["login", "login.failed", "recovery.step", "user.passwd"].every(isEventName)).toBe(true);
    expect(["", "Login", "login.", ".x", "a b", "x".repeat(65)].some(isEventName)).toBe(false);
  });
});

describe("audit filter", () => {
  it("reads actor, event, times (zone-less as UTC) and limit from query parameters", () => {
    const f = parseAuditFilter(
      new URLSearchParams(
        "actor=alice&event=Login&from=2026-05-01T10:00&to=2026-05-01T12:00:00Z&limit=20",
      ),
    );
    expect(f).toEqual({
      actor: "alice",
      event: "login",
      from: Date.UTC(2026, 4, 1, 10),
      to: Date.UTC(2026, 4, 1, 12),
      limit: 20,
    });
    expect(parseAuditFilter(new URLSearchParams("event=%25&from=never"))).toEqual({ limit: 500 });
    expect(parseTime("2026-05-01T10:00:00+02:00")).toBe(Date.UTC(2026, 4, 1, 8));
  });

  it("keeps the filter for the export link, nothing else", () => {
    expect(
      auditFilterParams(new URLSearchParams("actor=a&event=&x=1&from=2026-01-01T00:00")).toString(),
    ).toBe("actor=a&from=2026-01-01T00%3A00");
  });
});
