/**
 * When a lab node's unit really started and when it was ready, on the clock this host's
 * process.hrtime reads: the nodes are containers on this kernel, so systemd's and journald's
 * monotonic timestamps (µs) and monoUs() compare directly. Used by the recovery benches'
 * floors (what the services a run started cost by themselves).
 */
import { connect } from "node:net";
import { nodeOut } from "../../test/support/lab";

/** This host's monotonic clock in µs: the one the nodes' systemd and journald stamp with. */
export const monoUs = () => Number(process.hrtime.bigint() / 1000n);

/** A unit's last start: InactiveExit → ActiveEnter, monotonic µs. */
export async function unitStart(node: string, unit: string) {
  const [exit, enter] = (
    await nodeOut(
      node,
      `systemctl show -p InactiveExitTimestampMonotonic -p ActiveEnterTimestampMonotonic --value ${unit}`,
    )
  )
    .split("\n")
    .map(Number);
  // systemctl prints properties in its own order: ActiveEnter before InactiveExit.
  return { inactiveExit: Math.min(exit!, enter!), activeEnter: Math.max(exit!, enter!) };
}

/**
 * The monotonic times (µs) of a unit's journal lines matching `pattern` since `sinceUs`
 * (journald's own monotonic stamps, `-o short-monotonic`, which are this kernel's clock).
 */
export async function journalTimes(
  node: string,
  unit: string,
  pattern: RegExp,
  sinceUs: number,
): Promise<number[]> {
  const out = await nodeOut(node, `journalctl -u ${unit} -o short-monotonic --no-pager -n 400`);
  const times: number[] = [];
  for (const line of out.split("\n")) {
    const m = /^\[\s*(\d+)\.(\d{6})\]/.exec(line);
    if (!m || !pattern.test(line)) continue;
    const us = Number(m[1]) * 1_000_000 + Number(m[2]);
    if (us >= sinceUs) times.push(us);
  }
  return times;
}

/** A TCP connect to host:port succeeds within 500 ms. */
export const accepts = (host: string, port: number) =>
  new Promise<boolean>((ok) => {
    const s = connect({ host, port, timeout: 500 });
    s.once("connect", () => (s.destroy(), ok(true)));
    s.once("error", () => ok(false));
    s.once("timeout", () => (s.destroy(), ok(false)));
  });

/**
 * Polls each probe every 50 ms while `on()`; `seen[name]` collects the monotonic µs of each
 * success (ready = the first one after a start). `reset` forgets them (a new round).
 */
export function pollReadiness(probes: Record<string, () => Promise<boolean>>, on: () => boolean) {
  const seen: Record<string, number[]> = {};
  const done = Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      seen[name] = [];
      while (on()) {
        const at = monoUs();
        if (await probe()) seen[name]!.push(at);
        await new Promise((r) => setTimeout(r, 50));
      }
    }),
  );
  return { seen, done, reset: () => Object.values(seen).forEach((v) => v.splice(0)) };
}

/** Neutron's API (the lab's) answers a GET within a second. */
export const neutronAnswers = (api: string) => () =>
  fetch(`${api}/v2.0/networks`, { signal: AbortSignal.timeout(1000) })
    .then((r) => r.ok)
    .catch(() => false);
