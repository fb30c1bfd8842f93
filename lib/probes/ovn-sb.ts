import type { SbState } from "@/lib/model/snapshot";
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
 * Probe "sb": the OVN Southbound tables, one query over the local unix socket:
 *   ovsdb-client --timeout=3 query unix:/var/run/ovn/ovnsb_db.sock '["OVN_Southbound",
 *     select SB_Global, Chassis, Chassis_Private, Encap, Port_Binding type=chassisredirect,
 *     Port_Binding type=localnet, Port_Binding type=l3gateway, Datapath_Binding]'
 */

export function parseSb(text: string): SbState {
  const [global, chassis, privates, encaps, crPorts, localnetPorts, l3gwPorts, datapaths] =
    parseQueryResults("sb", text, 8);
  const g = global![0];
  return {
    global: g ? { nbCfg: num(g, "nb_cfg") } : null,
    chassis: chassis!.map((r) => ({
      uuid: uuid(r),
      name: str(r, "name"),
      hostname: str(r, "hostname"),
      encaps: strings(r, "encaps"),
      externalIds: map(r, "external_ids"),
      otherConfig: map(r, "other_config"),
    })),
    chassisPrivate: privates!.map((r) => ({
      uuid: uuid(r),
      name: str(r, "name"),
      chassis: optionalString(r, "chassis"),
      nbCfg: num(r, "nb_cfg"),
      nbCfgTimestamp: num(r, "nb_cfg_timestamp"),
    })),
    encaps: encaps!.map((r) => ({
      uuid: uuid(r),
      type: str(r, "type"),
      ip: str(r, "ip"),
      chassisName: str(r, "chassis_name"),
    })),
    portBindings: [...crPorts!, ...localnetPorts!, ...l3gwPorts!].map((r) => ({
      uuid: uuid(r),
      logicalPort: str(r, "logical_port"),
      type: str(r, "type"),
      chassis: optionalString(r, "chassis"),
      up: optionalBool(r, "up"),
      datapath: str(r, "datapath"),
      options: map(r, "options"),
      externalIds: map(r, "external_ids"),
    })),
    datapaths: datapaths!.map((r) => ({ uuid: uuid(r), externalIds: map(r, "external_ids") })),
  };
}
