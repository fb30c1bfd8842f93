import { describe, expect, it } from "vitest";
import { parseUserArgs } from "@/lib/cli/users";

describe("ovnscope user arguments", () => {
  it("parses each command", () => {
    expect(parseUserArgs(["add", "alice", "--role", "admin"])).toEqual({
      kind: "add",
      name: "alice",
      role: "admin",
      generate: false,
      ifMissing: false,
    });
    expect(
      parseUserArgs(["add", "bob", "--role=viewer", "--generate-password", "--if-missing"]),
    ).toMatchObject({
      generate: true,
      ifMissing: true,
      role: "viewer",
    });
    expect(parseUserArgs(["list", "--json"])).toEqual({ kind: "list", json: true });
    expect(parseUserArgs(["passwd", "bob"])).toEqual({
      kind: "passwd",
      name: "bob",
      generate: false,
    });
    expect(parseUserArgs(["role", "bob", "operator"])).toEqual({
      kind: "role",
      name: "bob",
      role: "operator",
    });
    expect(parseUserArgs(["remove", "bob"])).toEqual({ kind: "remove", name: "bob" });
    expect(parseUserArgs([])).toEqual({ kind: "help" });
  });

  it("never takes a password from an argument", () => {
    expect(parseUserArgs(["add", "a", "--role", "admin", "--password", "x"])).toMatch(
      /never taken from arguments/,
    );
    expect(parseUserArgs(["passwd", "a", "--password=x"])).toMatch(/never taken from arguments/);
  });

  it("explains usage mistakes", () => {
    expect(parseUserArgs(["add", "alice"])).toMatch(/needs --role/);
    expect(parseUserArgs(["remove"])).toMatch(/one NAME/);
    expect(parseUserArgs(["list", "--bogus"])).toMatch(/unknown option/);
    expect(parseUserArgs(["frobnicate"])).toMatch(/unknown user command/);
  });
});
