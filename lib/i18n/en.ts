/** The English catalogue: the source of truth for message keys. Commands, unit names and log lines are never translated. */
export const en = {
  "app.name": "ovnscope",
  "app.tagline": "OVN control plane",
  "nav.overview": "Overview",
  "nav.skipToContent": "Skip to content",
  "header.cloud": "Cloud",
  "header.lastUpdated": "Last updated",
  "header.never": "never",
  "header.notCollected": "not collected yet",
  "header.language": "Language",
  "header.theme": "Theme",
  "theme.dark": "Dark",
  "theme.light": "Light",
  "overview.title": "Overview",
  "overview.inventoryHeading": "Nodes in the inventory",
  "overview.inventoryNote":
    "Read from {source}. State is unknown until the collector has reached each node.",
  "overview.noNodes": "The inventory has no nodes.",
  "table.node": "Node",
  "table.address": "Address",
  "table.roles": "Roles",
  "table.profile": "Profile",
  "table.sshUser": "SSH user",
  "table.state": "State",
  "role.controller": "controller",
  "role.network": "network",
  "role.compute": "compute",
  "health.ok": "ok",
  "health.degraded": "degraded",
  "health.down": "down",
  "health.unknown": "unknown",
  "health.stale": "stale",
  "health.unreachable": "unreachable",
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
