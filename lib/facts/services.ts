import { worstHealth, type Health } from "@/lib/model/health";
import type { NodeData, NodeSnapshot, Process, Unit } from "@/lib/model/snapshot";
import { expectedServices, serviceSpecs, type Service, type ServiceSpec } from "@/lib/profiles";
import { isCurrent } from "@/lib/model/current";
import { listeningPorts } from "./ovsdb-address";

/** One watched service on one node, as the overview and topology show it. */
export interface ServiceState {
  service: Service;
  label: string;
  /** The unit that carries it on this node, if any. */
  unit: string | null;
  health: Health;
  /** "active (running)", "inactive (dead)", "not installed", … never translated: systemd's words. */
  state: string;
  /** Why the health is what it is, one fact a line, in plain words. */
  reasons: string[];
  pids: number[];
}

/** The unit carrying one of these names (aliases too), in the order the names are given. */
export function findUnit(data: NodeData, names: readonly string[]): Unit | undefined {
  for (const name of names) {
    const unit = data.units.find((u) => u.id === name || u.names.includes(name));
    if (unit) return unit;
  }
  return undefined;
}

const unitInUse = (u: Unit) =>
  u.loadState !== "masked" &&
  (u.activeState !== "inactive" || ["enabled", "enabled-runtime"].includes(u.unitFileState));

/**
 * The unit that carries a service on this node: of its names in the profile (a layout's
 * alternatives: neutron-server or neutron-api), the one in use — running, starting or failed
 * first, then enabled — else the first installed. A layout's unit present but disabled and
 * stopped (Debian ships both) never hides the one the node runs.
 */
export function serviceUnit(data: NodeData, spec: Pick<ServiceSpec, "units">): Unit | undefined {
  const installed = spec.units.flatMap((n) => {
    const u = findUnit(data, [n]);
    return u ? [u] : [];
  });
  return (
    installed.find((u) => u.loadState !== "masked" && u.activeState !== "inactive") ??
    installed.find(unitInUse) ??
    installed[0]
  );
}

/** A service a node's roles do not call for is shown only when it is actually in use. */
function inUse(data: NodeData, spec: ServiceSpec): boolean {
  const unit = serviceUnit(data, spec);
  return (
    (unit !== undefined && unit.activeState !== "inactive" && unit.loadState !== "masked") ||
    processesOf(data, spec).length > 0
  );
}

/** A layout's own part is expected where one of its `onlyWith` units is in use. */
function layoutExpects(data: NodeData | null, spec: ServiceSpec, roles: readonly string[]) {
  if (!spec.onlyWith || !spec.roles.some((r) => roles.includes(r)) || !data) return false;
  return spec.onlyWith.some((name) => {
    const u = findUnit(data, [name]);
    return u !== undefined && unitInUse(u);
  });
}

/** The processes that belong to a service (its commands; its arguments' marker, if any). */
export function processesOf(data: NodeData, spec: ServiceSpec): Process[] {
  return data.processes.filter(
    (p) =>
      spec.commands.includes(p.command) && (!spec.argsContain || p.args.includes(spec.argsContain)),
  );
}

function since(unit: Unit): string {
  const at =
    unit.activeState === "active"
      ? unit.activeEnterTimestamp
      : (unit.inactiveEnterTimestamp ?? unit.stateChangeTimestamp);
  return at ? ` since ${at}` : "";
}

/** Extra checks once the unit is active: is the daemon really doing its job? */
function activeProblems(spec: ServiceSpec, data: NodeData, procs: Process[]): string[] {
  const problems: string[] = [];
  if (procs.length === 0)
    problems.push(`unit active but no ${spec.commands.join("/")} process runs`);
  if (spec.service === "nb-db" || spec.service === "sb-db") {
    const remotes = spec.service === "nb-db" ? data.nbRemotes : data.sbRemotes;
    for (const port of listeningPorts(remotes)) {
      if (!data.listeners.some((l) => l.port === port))
        problems.push(`configured to listen on TCP ${port}, but nothing listens there`);
    }
  }
  if (
    spec.service === "ovn-controller" &&
    data.controllerConnection !== null &&
    data.controllerConnection !== "connected"
  )
    problems.push(`ovn-controller connection-status: ${data.controllerConnection}`);
  if (spec.service === "northd" && data.northdStatus === null && procs.length > 0)
    problems.push("ovn-northd does not answer on its control socket");
  return problems;
}

function evaluate(spec: ServiceSpec, data: NodeData): Omit<ServiceState, "service" | "label"> {
  const unit = serviceUnit(data, spec);
  const procs = processesOf(data, spec);
  const pids = procs.map((p) => p.pid);
  if (!unit) {
    return procs.length
      ? {
          unit: null,
          health: "degraded",
          state: "no unit",
          reasons: [`runs without a systemd unit (pid ${pids.join(", ")})`],
          pids,
        }
      : {
          unit: null,
          health: "down",
          state: "not installed",
          reasons: [`no unit ${spec.units.join(" / ")} on this node`],
          pids,
        };
  }
  const state = `${unit.activeState} (${unit.subState})`;
  const restarts = unit.nRestarts > 0 ? [`restarted ${unit.nRestarts} times by systemd`] : [];
  if (unit.loadState === "masked")
    return {
      unit: unit.id,
      health: "down",
      state: "masked",
      reasons: ["the unit is masked"],
      pids,
    };
  switch (unit.activeState) {
    case "active": {
      const problems = activeProblems(spec, data, procs);
      return {
        unit: unit.id,
        health: problems.length ? "degraded" : "ok",
        state,
        reasons: [...problems, ...restarts],
        pids,
      };
    }
    case "activating":
      return {
        unit: unit.id,
        health: unit.subState === "auto-restart" ? "down" : "degraded",
        state,
        reasons: [
          unit.subState === "auto-restart"
            ? "exited and waiting to be restarted (crash loop?)"
            : "starting",
          ...restarts,
        ],
        pids,
      };
    case "inactive":
    case "failed":
      if (procs.length)
        return {
          unit: unit.id,
          health: "degraded",
          state,
          reasons: [
            `the unit is ${unit.activeState} but its process runs (pid ${pids.join(", ")}): started outside systemd?`,
          ],
          pids,
        };
      return {
        unit: unit.id,
        health: "down",
        state,
        reasons: [
          `${unit.activeState}${since(unit)}${unit.result && unit.result !== "success" ? `, result ${unit.result}` : ""}`,
          ...restarts,
        ],
        pids,
      };
    default:
      return { unit: unit.id, health: "degraded", state, reasons: [unit.activeState], pids };
  }
}

/**
 * The watched services of a node: those its roles require, plus any other that is installed.
 * A node without current data gets "stale" (old data shown) or "unknown" (none), never ok.
 */
export function serviceStates(node: NodeSnapshot): ServiceState[] {
  const profile = node.profile as Parameters<typeof serviceSpecs>[0];
  const expected = new Set(expectedServices(profile, node.roles).map((s) => s.service));
  const data = node.data;
  const current = isCurrent(node);
  return serviceSpecs(profile)
    .filter(
      (spec) =>
        expected.has(spec.service) ||
        layoutExpects(data, spec, node.roles) ||
        (data !== null && inUse(data, spec)),
    )
    .map((spec) => {
      const base = { service: spec.service, label: spec.label };
      if (!data)
        return {
          ...base,
          unit: null,
          health: "unknown",
          state: "unknown",
          reasons: [node.error ?? "never read"],
          pids: [],
        };
      const result = evaluate(spec, data);
      if (!current)
        return {
          ...result,
          ...base,
          health: "stale",
          reasons: [`as of ${node.dataCollectedAt}: ${result.state}`],
        };
      return { ...base, ...result };
    });
}

/** The node's own badge: how reading it went, then its worst service. */
export function nodeHealth(node: NodeSnapshot, services: ServiceState[]): Health {
  if (node.reach === "unreachable" || node.reach === "refused" || node.reach === "denied")
    return "unreachable";
  const partial: Health[] = node.reach === "partial" ? ["degraded"] : [];
  return worstHealth([...services.map((s) => s.health), ...partial]);
}
