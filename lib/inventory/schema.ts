import { z } from "zod";

/** Node names end up in URLs, logs and command arguments: keep them boring. */
export const NODE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/**
 * A node's group (availability zone, host aggregate, rack): the topology draws the compute
 * hosts of a large cloud one card per group (lib/views/topology/groups.ts). Also a URL value.
 */
export const NODE_GROUP = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=?$/;
const HOST = /^[A-Za-z0-9.:-]{1,253}$/;

/**
 * controller: OVN central (NB, SB, northd) and Neutron's server; ovn-central: OVN central alone
 * (clouds that run the OVN databases on their own nodes, as Charmed OpenStack's ovn-central
 * units or a three-member RAFT cluster beside fewer Neutron servers); network: a gateway
 * chassis; compute: a hypervisor chassis.
 */
export const ROLES = ["controller", "ovn-central", "network", "compute"] as const;
export const PROFILES = ["debian"] as const;

const nodeFields = {
  port: z.number().int().min(1).max(65535),
  user: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a plain POSIX user name"),
  keyFile: z.string().min(1),
  profile: z.enum(PROFILES),
};

const hostKey = z
  .union([z.string().regex(FINGERPRINT), z.array(z.string().regex(FINGERPRINT)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const rawNode = z
  .object({
    name: z.string().regex(NODE_NAME, "must match [a-z0-9][a-z0-9-]*"),
    address: z.string().regex(HOST, "must be an IP address or host name"),
    roles: z.array(z.enum(ROLES)).min(1),
    hostKey: hostKey.optional(),
    knownHostsFile: z.string().min(1).optional(),
    port: nodeFields.port.optional(),
    user: nodeFields.user.optional(),
    keyFile: nodeFields.keyFile.optional(),
    profile: nodeFields.profile.optional(),
    group: z
      .string()
      .regex(NODE_GROUP, "must be 1-63 letters, digits, '.', '_' or '-', starting alphanumeric")
      .optional(),
  })
  .strict()
  .refine((n) => n.hostKey !== undefined || n.knownHostsFile !== undefined, {
    message: "a pinned host key is required: set hostKey or knownHostsFile",
    path: ["hostKey"],
  });

const neutron = z
  .object({
    node: z.string().regex(NODE_NAME),
    endpoint: z.url({ protocol: /^https?$/ }),
    auth: z.union([
      z.literal("none"),
      z.object({ cloud: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/) }).strict(),
    ]),
  })
  .strict();

export const rawInventorySchema = z
  .object({
    cloud: z.object({ name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/) }).strict(),
    defaults: z.object(nodeFields).partial().strict().optional(),
    nodes: z.array(rawNode).min(1),
    neutron: neutron.optional(),
  })
  .strict()
  .superRefine((inv, ctx) => {
    const seen = new Set<string>();
    inv.nodes.forEach((n, i) => {
      if (seen.has(n.name))
        ctx.addIssue({
          code: "custom",
          path: ["nodes", i, "name"],
          message: `duplicate node name "${n.name}"`,
        });
      seen.add(n.name);
      for (const field of ["user", "keyFile"] as const) {
        if (n[field] === undefined && inv.defaults?.[field] === undefined)
          ctx.addIssue({
            code: "custom",
            path: ["nodes", i, field],
            message: `required (here or in defaults)`,
          });
      }
    });
    if (inv.neutron && !seen.has(inv.neutron.node))
      ctx.addIssue({
        code: "custom",
        path: ["neutron", "node"],
        message: `no node named "${inv.neutron.node}"`,
      });
  });

export type RawInventory = z.infer<typeof rawInventorySchema>;
export type Role = (typeof ROLES)[number];
export type Profile = (typeof PROFILES)[number];
