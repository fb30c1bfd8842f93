import type { Health } from "@/lib/model/health";
import type { LinkStatus } from "@/lib/facts/gateway-chain";

export const LINK_HEALTH: Record<LinkStatus, Health> = {
  ok: "ok",
  broken: "down",
  unknown: "unknown",
  warning: "degraded",
};
