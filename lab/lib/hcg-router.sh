# shellcheck shell=bash
# lab/lib/hcg-router.sh — a second router, `router-hcg`, whose gateway OVN schedules through an
# HA_Chassis_Group, as Neutron does from 2026.2 (29.0.0) on. The lab's Neutron 21 schedules
# gateways through Gateway_Chassis, so `add` creates the router through the API and then does in
# NB what Neutron's one-off maintenance task migrate_lrp_gateway_chassis_to_ha_chassis_group
# does (neutron/plugins/ml2/drivers/ovn/mech_driver/ovsdb/maintenance.py): one transaction that
# creates HA_Chassis_Group `neutron-<router id>` (external_ids neutron:router_id and
# neutron:availability_zone_hints) with one HA_Chassis per Gateway_Chassis, same priorities,
# sets it on the gateway Logical_Router_Port and clears that port's gateway_chassis.
#
# Neutron 21 schedules Gateway_Chassis again on the next Chassis event (it sees the port as
# unhosted); `add` run again clears them. Opt in (`lab hcg-router add`), off by default: the
# other tests and benches keep one router.
# `lab down` forgets it with Neutron's database; `remove` deletes the router and the group.

HCG_ROUTER=router-hcg

hcg_router_id() { api_id routers "$HCG_ROUTER"; }
hcg_gateway_port() {  # router id -> its network:router_gateway port id
  api GET "/v2.0/ports?device_id=$1&device_owner=network:router_gateway&fields=id" | jq -r '.ports[0].id // empty'
}
hcg_lrp_column() {  # lrp name, column
  lab_nbctl_read --timeout=5 --bare --columns="$2" find Logical_Router_Port "name=$1" 2>/dev/null
}
_hcg_has_gateway_port() { [[ -n $(hcg_gateway_port "$1") ]]; }
_hcg_lrp_has_gateway_chassis() { [[ -n $(hcg_lrp_column "$1" gateway_chassis) ]]; }
_hcg_crlrp_bound_and_active() {  # port id
  [[ -n $(lab_sbctl_read --timeout=3 --bare --columns=chassis find Port_Binding "logical_port=cr-lrp-$1" 2>/dev/null) ]] &&
    [[ $(api GET "/v2.0/ports/$1?fields=status" | jq -r .port.status) == ACTIVE ]]
}

hcg_router_add() {
  local pub rtr port lrp args chassis prio
  pub=$(api_id networks public)
  [[ -n $pub ]] || die "no external network 'public' (is the lab up?)"
  rtr=$(hcg_router_id)
  [[ -n $rtr ]] || rtr=$(api POST /v2.0/routers "{\"router\":{\"name\":\"$HCG_ROUTER\",\"project_id\":\"$LAB_PROJECT\",
      \"external_gateway_info\":{\"network_id\":\"$pub\"}}}" | jq -r .router.id)
  wait_for 30 _hcg_has_gateway_port "$rtr" || die "$HCG_ROUTER: Neutron made no gateway port"
  port=$(hcg_gateway_port "$rtr")
  lrp=lrp-$port
  if [[ -z $(hcg_lrp_column "$lrp" ha_chassis_group) ]]; then
    wait_for 30 _hcg_lrp_has_gateway_chassis "$lrp" || die "$HCG_ROUTER: Neutron scheduled no Gateway_Chassis on $lrp"
    # The migration, as one NB transaction (Gateway_Chassis rows are not root: they go with the
    # last reference).
    args=()
    local i=0
    while read -r chassis prio; do
      [[ -n $chassis ]] || continue
      i=$((i + 1))
      args+=(-- "--id=@hc$i" create HA_Chassis "chassis_name=$chassis" "priority=$prio")
    done < <(for uuid in $(hcg_lrp_column "$lrp" gateway_chassis); do
      lab_nbctl_read --timeout=5 --format=csv --no-headings --columns=chassis_name,priority list Gateway_Chassis "$uuid"
    done | tr -d '"' | tr ',' ' ')
    ((i > 0)) || die "$HCG_ROUTER: no Gateway_Chassis rows to migrate on $lrp"
    local refs; refs=$(seq -s, -f '@hc%g' 1 "$i")
    lab_nbctl_write --timeout=10 "${args[@]}" \
      -- --id=@g create HA_Chassis_Group "name=neutron-$rtr" "ha_chassis=[$refs]" \
      "external_ids:\"neutron:router_id\"=$rtr" 'external_ids:"neutron:availability_zone_hints"=""' \
      -- set Logical_Router_Port "$lrp" ha_chassis_group=@g \
      -- clear Logical_Router_Port "$lrp" gateway_chassis >/dev/null
    log "$HCG_ROUTER ($rtr): $lrp now scheduled by HA_Chassis_Group neutron-$rtr ($i chassis), its Gateway_Chassis cleared"
  elif _hcg_lrp_has_gateway_chassis "$lrp"; then
    # Neutron 21 does not know HA_Chassis_Group gateways: on a Chassis event it finds the port
    # "unhosted" and schedules Gateway_Chassis again (OVN then uses the group and ignores them,
    # northd logs "Both ha_chassis_group and gateway_chassis configured"). Clear them again.
    lab_nbctl_write --timeout=10 clear Logical_Router_Port "$lrp" gateway_chassis >/dev/null
    log "$HCG_ROUTER: $lrp's Gateway_Chassis (scheduled again by Neutron 21) cleared"
  fi
  wait_for 60 _hcg_crlrp_bound_and_active "$port" ||
    die "$HCG_ROUTER: cr-lrp-$port not bound, or its Neutron port not ACTIVE, after 60 s"
  log "$HCG_ROUTER: gateway port $port ACTIVE, its cr-lrp bound"
}

hcg_router_remove() {
  local rtr
  rtr=$(hcg_router_id)
  if [[ -n $rtr ]]; then
    api PUT "/v2.0/routers/$rtr" '{"router":{"external_gateway_info":{}}}' >/dev/null
    api DELETE "/v2.0/routers/$rtr" >/dev/null
    # HA_Chassis_Group is a root table: Neutron 21 does not know it made it, so it stays.
    if [[ -n $(lab_nbctl_read --timeout=5 --bare --columns=_uuid find HA_Chassis_Group "name=neutron-$rtr") ]]; then
      lab_nbctl_write --timeout=10 ha-chassis-group-del "neutron-$rtr"
    fi
    log "$HCG_ROUTER ($rtr) deleted with its HA_Chassis_Group"
  else
    log "no $HCG_ROUTER"
  fi
}

lab_hcg_router() {  # add | remove | "" (print its id and scheduling)
  preflight
  lab_require_up
  case ${1:-} in
    add) hcg_router_add ;;
    remove) hcg_router_remove ;;
    "")
      local rtr port
      rtr=$(hcg_router_id)
      [[ -n $rtr ]] || { echo "no $HCG_ROUTER"; return 0; }
      port=$(hcg_gateway_port "$rtr")
      echo "$HCG_ROUTER $rtr gateway port ${port:-none} ha_chassis_group=$(hcg_lrp_column "lrp-$port" ha_chassis_group) gateway_chassis=$(hcg_lrp_column "lrp-$port" gateway_chassis)" ;;
    *) die "hcg-router takes add, remove or nothing" ;;
  esac
}
