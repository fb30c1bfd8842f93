import type { Profile, Role } from "./schema";

/** A node with the defaults applied: everything the SSH layer needs. */
export interface InventoryNode {
  name: string;
  address: string;
  port: number;
  user: string;
  keyFile: string;
  /** Pinned SHA256 fingerprints ("SHA256:…"), from hostKey and/or knownHostsFile. */
  hostKeys: string[];
  roles: Role[];
  profile: Profile;
  /** Its group (availability zone, host aggregate, rack) when the inventory names one. */
  group?: string;
}

export interface NeutronAccess {
  node: string;
  endpoint: string;
  auth: "none" | { cloud: string };
}

export interface Inventory {
  /** Absolute path of the file it was read from. */
  source: string;
  cloud: { name: string };
  nodes: InventoryNode[];
  neutron?: NeutronAccess;
}

/** What the browser may see of the inventory: no key paths. */
export interface PublicNode {
  name: string;
  address: string;
  port: number;
  user: string;
  roles: Role[];
  profile: Profile;
}
