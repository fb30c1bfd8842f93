/**
 * Probes "nb-remotes"/"sb-remotes", "northd", "controller": short ovn-appctl answers.
 * Commands (only when the daemon's control socket exists; else the section says "absent"):
 *   ovn-appctl -t /var/run/ovn/ovnnb_db.ctl ovsdb-server/list-remotes   → one remote a line
 *   ovn-appctl -t ovn-northd status                                     → "Status: active"
 *   ovn-appctl -t ovn-controller connection-status                      → "connected"
 */
export function parseRemotes(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

export function parseNorthdStatus(text: string): string {
  const m = /^Status:\s*(.+)$/m.exec(text);
  return (m ? m[1]! : text).trim();
}

export function parseControllerConnection(text: string): string {
  return text.trim();
}
