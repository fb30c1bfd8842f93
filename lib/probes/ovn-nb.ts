import type { NbState } from "@/lib/model/snapshot";
import {
  map,
  num,
  optionalBool,
  optionalString,
  parseQueryResults,
  str,
  strings,
  uuid,
} from "./ovsdb";

/**
 * Probe "nb": the OVN Northbound tables the diagnosis reads, in one query over the local
 * unix socket (so a DB that runs but does not listen on TCP is still seen):
 *   ovsdb-client --timeout=3 query unix:/var/run/ovn/ovnnb_db.sock '["OVN_Northbound",
 *     select NB_Global, Logical_Router, Logical_Router_Port, Gateway_Chassis,
 *     HA_Chassis_Group, HA_Chassis, Logical_Switch, Logical_Switch_Port type=router,
 *     Logical_Switch_Port type=localnet]'
 * All columns are selected, so the query works across OVN versions whose schemas differ.
 */

export function parseNb(text: string): NbState {
  const [global, routers, lrps, gcs, groups, haChassis, switches, lspRouter, lspLocalnet] =
    parseQueryResults("nb", text, 9);
  const g = global![0];
  return {
    global: g
      ? { nbCfg: num(g, "nb_cfg"), sbCfg: num(g, "sb_cfg"), hvCfg: num(g, "hv_cfg") }
      : null,
    routers: routers!.map((r) => ({
      uuid: uuid(r),
      name: str(r, "name"),
      ports: strings(r, "ports"),
      externalIds: map(r, "external_ids"),
      enabled: optionalBool(r, "enabled"),
    })),
    routerPorts: lrps!.map((r) => ({
      uuid: uuid(r),
      name: str(r, "name"),
      networks: strings(r, "networks"),
      mac: str(r, "mac"),
      gatewayChassis: strings(r, "gateway_chassis"),
      haChassisGroup: optionalString(r, "ha_chassis_group"),
      status: map(r, "status"),
      options: map(r, "options"),
      externalIds: map(r, "external_ids"),
    })),
    gatewayChassis: gcs!.map((r) => ({
      uuid: uuid(r),
      name: str(r, "name"),
      chassisName: str(r, "chassis_name"),
      priority: num(r, "priority"),
    })),
    haChassisGroups: groups!.map((r) => ({
      uuid: uuid(r),
      name: str(r, "name"),
      haChassis: strings(r, "ha_chassis"),
    })),
    haChassis: haChassis!.map((r) => ({
      uuid: uuid(r),
      chassisName: str(r, "chassis_name"),
      priority: num(r, "priority"),
    })),
    switches: switches!.map((r) => ({
      uuid: uuid(r),
      name: str(r, "name"),
      ports: strings(r, "ports"),
      externalIds: map(r, "external_ids"),
    })),
    switchPorts: [...lspRouter!, ...lspLocalnet!].map((r) => ({
      uuid: uuid(r),
      name: str(r, "name"),
      type: str(r, "type"),
      options: map(r, "options"),
      externalIds: map(r, "external_ids"),
      up: optionalBool(r, "up"),
    })),
  };
}
