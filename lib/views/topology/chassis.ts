import { ovnCentral } from "@/lib/facts/ovn-central";
import type { Health } from "@/lib/model/health";
import type { Graph } from "./graph";
import type { CentralServices } from "./services";
import { elementId, ref } from "@/lib/model/element";

/**
 * SB chassis no inventory node claims: shown on their own, from what SB says of them, with
 * their ovn-controller's edge to SB.
 */
export function addForeignChassis(g: Graph, central: CentralServices): void {
  const { sb } = ovnCentral(g.snapshot);
  if (!sb) return;
  const { state } = sb;
  const claimed = new Set(g.snapshot.nodes.map((n) => n.data?.ovs?.systemId));
  for (const chassis of state.chassis) {
    if (claimed.has(chassis.name)) continue;
    const priv = state.chassisPrivate.find((p) => p.name === chassis.name);
    const current = priv !== undefined && priv.nbCfg >= (state.global?.nbCfg ?? 0);
    const findingIds = g.about(elementId(ref.chassis(chassis.name)));
    const health: Health = sb.stale
      ? "stale"
      : findingIds.length
        ? "down"
        : current
          ? "ok"
          : "unknown";
    g.nodes.push({
      id: elementId(ref.chassis(chassis.name)),
      kind: "chassis",
      label: chassis.name,
      sub: chassis.hostname || "chassis",
      health,
      state: health === "down" ? "stale chassis" : current ? "answers SB" : "not yet answered",
      href: null,
      services: [],
      facts: [
        ["hostname", chassis.hostname || "—"],
        [
          "encap",
          state.encaps
            .filter((e) => e.chassisName === chassis.name)
            .map((e) => `${e.type} ${e.ip}`)
            .join(", ") || "—",
        ],
        ["nb_cfg", `${priv?.nbCfg ?? "—"} of ${state.global?.nbCfg ?? "?"}`],
        [
          "ovn-bridge-mappings",
          chassis.externalIds["ovn-bridge-mappings"] ||
            chassis.otherConfig["ovn-bridge-mappings"] ||
            "—",
        ],
        ["inventory", "no node has this system-id"],
      ],
      findings: findingIds,
      severity: g.worst(findingIds),
    });
    for (const db of central("sb-db"))
      g.edge(
        elementId(ref.chassis(chassis.name)),
        db.card.id,
        "ovn-controller",
        health,
        findingIds,
      );
  }
}
