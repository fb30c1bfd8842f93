import { describe, expect, it } from "vitest";
import type { OvsTunnel } from "@/lib/model/snapshot";
import {
  detectMs,
  electionVerdict,
  OVS_BFD_DEFAULTS,
  type BfdSession,
} from "@/lib/facts/gateway-bfd";

const tunnel = (bfd: Record<string, string>): OvsTunnel => ({
  name: "ovn-net1-0",
  type: "geneve",
  remoteIp: "10.250.1.12",
  bfd,
  bfdStatus: {},
});

describe("BFD detection time (RFC 5880 §6.8.4)", () => {
  it("with OVS's defaults (what ovn-controller leaves them at): 3 × max(1000, 100) = 3000 ms", () => {
    const t = tunnel({ enable: "true", check_tnl_key: "true" });
    expect(detectMs(t, t)).toBe(3000);
    expect(OVS_BFD_DEFAULTS).toEqual({ min_rx: 1000, min_tx: 100, mult: 3 });
  });

  it("the peer's multiplier times the larger of our min_rx and the peer's min_tx", () => {
    const here = tunnel({ enable: "true", min_rx: "300" });
    const peer = tunnel({ enable: "true", min_tx: "500", mult: "4" });
    expect(detectMs(here, peer)).toBe(4 * 500);
    expect(detectMs(peer, here)).toBe(3 * Math.max(1000, 100));
  });
});

describe("why nobody claims the port, from the BFD sessions between candidates", () => {
  const s = (from: string, to: string, state: BfdSession["state"]): BfdSession => ({
    from,
    to,
    state,
    tunnel: null,
    fact: `${from}→${to} ${state}`,
  });

  it("no tunnel first, then BFD off, then a session down; all up points at ovn-controller", () => {
    expect(electionVerdict([]).verdict).toBe("single");
    expect(electionVerdict([s("a", "b", "down"), s("b", "a", "off")])).toMatchObject({
      verdict: "bfd-off",
      session: { from: "b" },
    });
    expect(electionVerdict([s("a", "b", "down"), s("b", "a", "no-tunnel")]).verdict).toBe(
      "no-tunnel",
    );
    expect(electionVerdict([s("a", "b", "up"), s("b", "a", "down")])).toMatchObject({
      verdict: "bfd-down",
      session: { from: "b", to: "a" },
    });
    expect(electionVerdict([s("a", "b", "up"), s("b", "a", "up")]).verdict).toBe("bfd-up");
  });
});
