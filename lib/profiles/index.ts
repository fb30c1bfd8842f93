/**
 * Deployment profiles: every name, path and port that differs between deployment shapes
 * (distribution packages, containers, charms) lives in a profile file here; rules, facts,
 * checks and views ask these functions and never spell a unit, socket or port themselves.
 * Adding a shape = a new profile file + fixtures captured from it (docs/architecture.md).
 */
import type { Profile, Role } from "@/lib/inventory/schema";
import { DEBIAN } from "./debian";
import type { CentralDbSpec, DeploymentProfile, Service, ServiceSpec } from "./types";

export { SERVICES } from "./types";
export type { CentralDbSpec, DeploymentProfile, Service, ServiceSpec } from "./types";

const PROFILES: Record<Profile, DeploymentProfile> = { debian: DEBIAN };

/** The profile assumed where no node says which (evidence about the cloud as a whole). */
export function defaultProfile(): string {
  return Object.keys(PROFILES)[0]!;
}

/** A node's profile by the name its inventory gives (validated there against PROFILES). */
export function profileOf(name: string): DeploymentProfile {
  const profile = PROFILES[name as Profile];
  if (!profile) throw new Error(`unknown deployment profile "${name}"`);
  return profile;
}

export function serviceSpecs(profile: Profile | string): ServiceSpec[] {
  return profileOf(profile).services;
}

/** OVN's central databases (NB, SB) as this profile installs them. */
export function centralDbs(profile: Profile | string): CentralDbSpec[] {
  return profileOf(profile).centralDbs;
}

/** One central database's spec. */
export function centralDb(profile: Profile | string, db: "NB" | "SB"): CentralDbSpec {
  return centralDbs(profile).find((d) => d.db === db)!;
}

/**
 * Which services a node with these roles is expected to run, whatever its layout (a layout's
 * own part, `onlyWith`, is expected where the node's data shows that layout: services.ts).
 */
export function expectedServices(profile: Profile | string, roles: readonly Role[]): ServiceSpec[] {
  return serviceSpecs(profile).filter((s) => !s.onlyWith && s.roles.some((r) => roles.includes(r)));
}

/** Open vSwitch's own units (its ovsdb-server and ovs-vswitchd) in this profile. */
export function ovsUnits(profile: Profile | string): DeploymentProfile["ovsUnits"] {
  return profileOf(profile).ovsUnits;
}

/** The unit names (aliases included) a service has in this profile; none when it has no such service. */
export function unitsOf(profile: Profile | string, service: Service): string[] {
  return serviceSpecs(profile).find((s) => s.service === service)?.units ?? [];
}

/** Neutron's server in this profile, in either layout: its API, then its RPC server. */
export function neutronServices(profile: Profile | string): ServiceSpec[] {
  return serviceSpecs(profile).filter((s) => NEUTRON.includes(s.service));
}
const NEUTRON: readonly Service[] = ["neutron-server", "neutron-rpc"];
