import { describe, expect, it } from "vitest";
import {
  generatePassword,
  hashPassword,
  needsRehash,
  parseHash,
  passwordProblem,
  PASSWORD_MIN,
  SCRYPT_PARAMS,
  verifyPassword,
} from "@/lib/auth/password";

describe("password hashing (scrypt)", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("stores a PHC string with OWASP's minimum cost (N=2^17, r=8, p=1), a per-user salt, and never the password", async () => {
    const [a, b] = await Promise.all([
      hashPassword("same password"),
      hashPassword("same password"),
    ]);
    expect(a).toMatch(/^\$scrypt\$ln=\d+,r=\d+,p=\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain("same password");
    const pa = parseHash(a)!;
    expect(SCRYPT_PARAMS).toEqual({ logN: 17, r: 8, p: 1 });
    expect(a).toContain("$scrypt$ln=17,r=8,p=1$");
    expect(pa.params).toEqual(SCRYPT_PARAMS);
    expect(pa.salt.length).toBeGreaterThanOrEqual(16);
    expect(a).not.toBe(b); // different salts
    expect(parseHash(b)!.salt.equals(pa.salt)).toBe(false);
  });

  it("verifies hashes made with other cost parameters, and says which to replace at sign-in", async () => {
    const cheap = await hashPassword("another password", { logN: 10, r: 8, p: 1 });
    expect(cheap).toContain("$ln=10,");
    expect(await verifyPassword("another password", cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    const current = await hashPassword("another password");
    expect(needsRehash(current)).toBe(false);
    // Any parameter below today's; never a stronger one, never a malformed one.
    const phc = (ln: number, r: number, p: number) =>
      current.replace(/ln=\d+,r=\d+,p=\d+/, `ln=${ln},r=${r},p=${p}`);
    expect(needsRehash(phc(15, 8, 1))).toBe(true);
    expect(needsRehash(phc(17, 4, 1))).toBe(true);
    expect(needsRehash(phc(18, 8, 1))).toBe(false);
    expect(needsRehash(phc(17, 8, 2))).toBe(false);
    expect(needsRehash("plain")).toBe(false);
  });

  it("never matches a malformed or truncated stored hash", async () => {
    const stored = await hashPassword("a password here");
    for (const bad of [
      "",
      "plain",
      stored.slice(0, -8),
      stored.replace(/ln=\d+/, "ln=99"),
      "$scrypt$ln=15,r=8,p=1$$",
    ])
      expect(await verifyPassword("a password here", bad)).toBe(false);
  });

  it("normalises Unicode so the same typed password matches", async () => {
    const stored = await hashPassword("p\u00e4sswort-lang"); // precomposed ä
    expect(await verifyPassword("pa\u0308sswort-lang", stored)).toBe(true); // a + combining
  });

  it("asks for length, not composition, and generates strong random passwords", () => {
    expect(passwordProblem("x".repeat(PASSWORD_MIN - 1))).toBe("tooShort");
    expect(passwordProblem("x".repeat(PASSWORD_MIN))).toBeNull();
    expect(passwordProblem("x".repeat(5000))).toBe("tooLong");
    const g = generatePassword();
    expect(g).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(generatePassword()).not.toBe(g);
  });
});
