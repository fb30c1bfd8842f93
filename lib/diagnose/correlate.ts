import type { Finding } from "./types";
import { SEVERITY_RANK } from "./types";

/**
 * Which findings a root cause explains. Roots are tried in this order (most specific
 * first); every symptom hangs under the first root that explains it, so the seed incident
 * reads as one finding with its consequences attached, not a list of alarms.
 */
const ROOTS: { rule: string; explains: (root: Finding) => RegExp[] }[] = [
  {
    rule: "northd-stops-dbs",
    explains: (r) => {
      const node = r.id.split(":")[1];
      return [
        new RegExp(`^service:${node}:(nb-db|sb-db|northd)$`),
        /^db-endpoint:/,
        /^neutron-crashloop:/,
        /^service:[^:]+:(neutron-server|ovn-controller)$/,
        /^controller:[^:]+$/,
        /^gateway:/,
      ];
    },
  },
  {
    rule: "stray-ovsdb",
    explains: (r) => {
      const [, node, db] = r.id.split(":");
      return [
        new RegExp(`^service:${node}:${db}-db$`),
        new RegExp(`^db-endpoint:${db}:${node}:`),
        /^neutron-crashloop:/,
        /^service:[^:]+:neutron-server$/,
        /^gateway:neutron$/,
      ];
    },
  },
  {
    // A client that gave up before its database was up explains its own down state.
    rule: "start-order",
    explains: (r) => {
      const [, node, service] = r.id.split(":");
      return service === "neutron-server"
        ? [
            new RegExp(`^service:${node}:neutron-server$`),
            new RegExp(`^neutron-crashloop:${node}$`),
            /^gateway:neutron$/,
          ]
        : [new RegExp(`^service:${node}:northd$`)];
    },
  },
  // A database that is down explains the endpoint checks and clients that depend on it.
  { rule: "service", explains: (r) => dbServiceExplains(r) },
  {
    rule: "db-endpoint",
    explains: () => [/^neutron-crashloop:/, /^service:[^:]+:neutron-server$/, /^gateway:neutron$/],
  },
  // Then the other services (after db-endpoint, so a wrong port in ml2_conf.ini is the root of
  // neutron-server's crash loop rather than one of its symptoms).
  { rule: "service", explains: (r) => clientServiceExplains(r) },
  {
    rule: "neutron-crashloop",
    explains: (r) => [
      new RegExp(`^service:${r.id.split(":")[1]}:neutron-server$`),
      /^gateway:neutron$/,
    ],
  },
  {
    rule: "controller",
    explains: (r) => [new RegExp(`^service:${r.id.split(":")[1]}:ovn-controller$`)],
  },
];

function dbServiceExplains(r: Finding): RegExp[] {
  const [, node, service] = r.id.split(":");
  if (service === "nb-db")
    return [
      new RegExp(`^db-endpoint:nb:${node}:`),
      /^neutron-crashloop:/,
      /^service:[^:]+:neutron-server$/,
      /^gateway:neutron$/,
    ];
  if (service === "sb-db")
    return [
      new RegExp(`^db-endpoint:sb:${node}:`),
      /^neutron-crashloop:/,
      /^service:[^:]+:(neutron-server|ovn-controller)$/,
      /^controller:[^:]+$/,
      /^gateway:/,
    ];
  return [];
}

function clientServiceExplains(r: Finding): RegExp[] {
  const [, node, service] = r.id.split(":");
  if (service === "neutron-server")
    return [/^gateway:neutron$/, new RegExp(`^neutron-crashloop:${node}$`)];
  if (service === "ovn-controller")
    return [
      new RegExp(`^controller:${node}$`),
      // The chassis row its controller left behind in SB.
      ...r.affects
        .filter((a) => a.startsWith("chassis:"))
        .map((a) => new RegExp(`^stale-chassis:${escapeRegExp(a.slice("chassis:".length))}$`)),
    ];
  return [];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const isHazard = (f: Finding) => f.id.endsWith(":hazard");

export function correlate(findings: Finding[]): Finding[] {
  const attached = new Set<string>();
  const roots = new Map<string, Finding>();
  for (const { rule, explains } of ROOTS) {
    for (const root of findings) {
      if (root.rule !== rule || isHazard(root) || attached.has(root.id)) continue;
      const patterns = explains(root);
      const symptoms = findings.filter(
        (f) =>
          f !== root &&
          !attached.has(f.id) &&
          !roots.has(f.id) &&
          !isHazard(f) &&
          patterns.some((p) => p.test(f.id)),
      );
      if (symptoms.length === 0) continue;
      // A root adopts its symptoms and the symptoms' own symptoms.
      const adopted = symptoms.flatMap((s) => [{ ...s, symptoms: [] }, ...s.symptoms]);
      for (const s of symptoms) {
        attached.add(s.id);
        roots.delete(s.id);
      }
      roots.set(root.id, { ...root, symptoms: [...root.symptoms, ...adopted] });
    }
  }
  return findings
    .filter((f) => !attached.has(f.id))
    .map((f) => roots.get(f.id) ?? f)
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        b.symptoms.length - a.symptoms.length ||
        a.id.localeCompare(b.id),
    );
}
