import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { fingerprintsFromKnownHosts } from "./known-hosts";
import { rawInventorySchema } from "./schema";
import type { Inventory, InventoryNode } from "./types";

/** A refused inventory: the message names the file, the field and what is wrong. */
export class InventoryError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid inventory ${file}:\n  ${problems.join("\n  ")}`);
    this.name = "InventoryError";
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) =>
      typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key),
    "",
  );
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${fieldPath(issue.path) || "(top level)"}: ${issue.message}`);
}

/** Parses and validates inventory text. `file` is used for messages and relative paths. */
export function parseInventory(text: string, file: string): Inventory {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    const where =
      err instanceof YAMLParseError && err.linePos ? ` (line ${err.linePos[0].line})` : "";
    throw new InventoryError(file, [
      `not valid YAML${where}: ${(err as Error).message.split("\n")[0]}`,
    ]);
  }
  const parsed = rawInventorySchema.safeParse(data);
  if (!parsed.success) throw new InventoryError(file, describeIssues(parsed.error));
  const raw = parsed.data;
  const baseDir = resolve(file, "..");
  const problems: string[] = [];

  const nodes: InventoryNode[] = raw.nodes.map((n, i) => {
    const port = n.port ?? raw.defaults?.port ?? 22;
    const hostKeys = [...(n.hostKey ?? [])];
    if (n.knownHostsFile) {
      const path = resolve(baseDir, n.knownHostsFile);
      try {
        const pins = fingerprintsFromKnownHosts(
          readFileSync(/*turbopackIgnore: true*/ path, "utf8"),
          n.address,
          port,
        );
        if (pins.length === 0)
          problems.push(`nodes[${i}].knownHostsFile: ${path} has no key for ${n.address}:${port}`);
        hostKeys.push(...pins);
      } catch (err) {
        problems.push(`nodes[${i}].knownHostsFile: cannot read ${path}: ${(err as Error).message}`);
      }
    }
    return {
      name: n.name,
      address: n.address,
      port,
      // The schema guarantees user and keyFile are set here or in defaults.
      user: (n.user ?? raw.defaults?.user)!,
      keyFile: resolve(baseDir, (n.keyFile ?? raw.defaults?.keyFile)!),
      hostKeys,
      roles: [...new Set(n.roles)],
      profile: n.profile ?? raw.defaults?.profile ?? "debian",
      ...(n.group ? { group: n.group } : {}),
    };
  });
  if (problems.length) throw new InventoryError(file, problems);
  return { source: file, cloud: raw.cloud, nodes, neutron: raw.neutron };
}

/** Reads the inventory file; throws InventoryError with a clear message on any problem. */
export function loadInventoryFile(path: string): Inventory {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(/*turbopackIgnore: true*/ file, "utf8");
  } catch (err) {
    throw new InventoryError(file, [
      `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    ]);
  }
  return parseInventory(text, file);
}
