import { describe, expect, it } from "vitest";
import {
  IP_POLICY,
  ipKey,
  lockMs,
  retryAfterMs,
  USER_POLICY,
  userKey,
  waitMs,
  type ThrottlePolicy,
} from "@/lib/auth/throttle";

const policy: ThrottlePolicy = {
  freeFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 900_000,
  forgetAfterMs: 3_600_000,
};
const record = (failures: number, lastFailureAt: number) => ({
  key: "user:x",
  failures,
  firstFailureAt: 0,
  lastFailureAt,
});

describe("login throttle math", () => {
  it("locks after the free failures, doubling each time, up to the cap", () => {
    expect([0, 1, 4].map((n) => lockMs(n, policy))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => lockMs(n, policy))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(lockMs(10, policy)).toBe(900_000);
    expect(lockMs(1000, policy)).toBe(900_000); // no overflow
  });

  it("tells how long to wait after the last failure, and forgets a quiet key", () => {
    expect(retryAfterMs(undefined, policy, 1000)).toBe(0);
    expect(retryAfterMs(record(4, 1000), policy, 1001)).toBe(0);
    expect(retryAfterMs(record(5, 1000), policy, 1000)).toBe(30_000);
    expect(retryAfterMs(record(5, 1000), policy, 21_000)).toBe(10_000);
    expect(retryAfterMs(record(5, 1000), policy, 31_000)).toBe(0);
    expect(retryAfterMs(record(50, 0), policy, 3_600_001)).toBe(0);
  });

  it("20 quick wrong passwords for one user: the first 5 are checked, the other 15 refused", () => {
    let failures = 0;
    let last = 0;
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const now = 1_000_000 + i * 200; // one try every 200 ms
      if (retryAfterMs(record(failures, last), USER_POLICY, now) > 0) outcomes.push("refused");
      else {
        outcomes.push("checked");
        failures++;
        last = now;
      }
    }
    expect(outcomes.filter((o) => o === "checked")).toHaveLength(USER_POLICY.freeFailures);
    expect(outcomes.slice(USER_POLICY.freeFailures).every((o) => o === "refused")).toBe(true);
  });

  it("waits for the longest lock among several keys (a name and an address)", () => {
    const keys = [
      { key: "user:x", policy: USER_POLICY },
      { key: "ip:a", policy: IP_POLICY },
    ];
    const ip = (failures: number) => ({ ...record(failures, 1000), key: "ip:a" });
    expect(waitMs(keys, [], 1000)).toBe(0);
    expect(waitMs(keys, [record(4, 1000), ip(19)], 1000)).toBe(0);
    expect(waitMs(keys, [record(5, 1000), ip(19)], 1000)).toBe(30_000);
    expect(waitMs(keys, [record(6, 1000), ip(20)], 1000)).toBe(60_000);
    expect(waitMs(keys, [record(0, 1000), ip(21)], 11_000)).toBe(50_000);
  });

  it("gives an address more room than a user name, and keys them apart", () => {
    expect(IP_POLICY.freeFailures).toBeGreaterThan(USER_POLICY.freeFailures);
    expect(userKey("Alice")).toBe("user:alice");
    expect(ipKey("10.0.0.1")).toBe("ip:10.0.0.1");
  });
});
