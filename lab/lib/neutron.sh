# shellcheck shell=bash
# lab/lib/neutron.sh — the Neutron side of the lab: the API on ctl1 (noauth) and the
# topology a healthy lab must have: external flat network `public` on physnet1, tenant
# network `private` (geneve; exists only inside OVN), router `router1` with an interface on
# private and its external gateway on public, whose network:router_gateway port is ACTIVE.
#
# All calls go from the host to http://10.250.0.11:9696 with curl and no auth headers
# (noauth: Neutron then treats the caller as admin; new resources need a project_id).

LAB_PROJECT=lab

api() {  # METHOD PATH [JSON]
  local m=$1 p=$2 body=${3:-}
  if [[ -n $body ]]; then
    curl -sS -f -m 20 -X "$m" -H 'Content-Type: application/json' -d "$body" "$LAB_API$p"
  else
    curl -sS -f -m 20 -X "$m" "$LAB_API$p"
  fi
}
# The API at a base URL answers a GET: the lab's (ctl1's), or one node's own neutron-server
# (ctl2's on the clustered shape).
api_answers() { curl -s -f -m 3 -o /dev/null "$1/v2.0/networks?limit=1"; }
api_up() { api_answers "$LAB_API"; }
api_up_on() { api_answers "http://$(node_ip "$1"):9696"; }
api_id() {  # resource(plural) name -> id of the first match
  api GET "/v2.0/$1?name=$2&fields=id" | jq -r ".$1[0].id // empty"
}

# Status of the routers' gateway ports as the API reports them: ACTIVE when every one is,
# else the first other status (DOWN/…); "" if there is none, "API-DOWN". Every router counts:
# router1 always, router-hcg while `lab hcg-router add` keeps it.
gateway_status() {
  local out
  out=$(curl -s -f -m 5 "$LAB_API/v2.0/ports?device_owner=network:router_gateway&fields=status" 2>/dev/null) || { echo API-DOWN; return; }
  jq -r '[.ports[].status] | (map(select(. != "ACTIVE"))[0] // .[0] // "")' <<<"$out"
}
gateway_is_active() { [[ $(gateway_status) == ACTIVE ]]; }
# Healthy means both sides agree: OVN bound the cr-lrp to a chassis and Neutron says ACTIVE.
# Neutron alone is not enough: after a warm boot it can still say ACTIVE (its last word)
# while no chassis has claimed the cr-lrp yet.
gateway_is_healthy() { crlrp_bound && gateway_is_active; }
crlrp_bound() {  # every router's cr-lrp is bound to a chassis
  local rows
  rows=$(lab_sbctl_read --timeout=3 --format=csv --no-headings --columns=chassis find Port_Binding type=chassisredirect 2>/dev/null) || return 1
  [[ -n $rows ]] && ! grep -qx '""' <<<"$rows" && ! grep -qx '' <<<"$rows"
}
gateway_host() {
  curl -s -f -m 5 "$LAB_API/v2.0/ports?device_owner=network:router_gateway&fields=binding:host_id" 2>/dev/null |
    jq -r '.ports[0]["binding:host_id"] // ""'
}

neutron_wait_api() {  # timeout
  wait_for "${1:-90}" api_up || die "Neutron API did not answer at $LAB_API (see: lab/bin/lab status; journalctl -u neutron-server on ctl1)"
}

# Neutron only schedules a router gateway on chassis whose SB Chassis.external_ids say
# enable-chassis-as-gw (the shim copies that from other_config). Wait for both gateways.
neutron_wait_gateway_chassis() {
  local want n
  want=$(for n in $(lab_nodes); do if node_is_gateway "$n"; then echo "$n"; fi; done | sort | xargs)
  _gw_chassis_are() { [[ $(lab_gw_chassis) == "$1" ]]; }
  wait_for 60 _gw_chassis_are "$want" ||
    warn "gateway chassis not all registered in SB yet (want: $want, have: $(lab_gw_chassis))"
}
lab_gw_chassis() {  # SB chassis that Neutron can use as gateways (external_ids carries the CMS option)
  lab_sbctl_read --timeout=5 --bare --columns=name find Chassis \
    'external_ids:ovn-cms-options="enable-chassis-as-gw"' 2>/dev/null | sed '/^$/d' | sort | xargs
}

neutron_topology() {
  local pub priv psub vsub rtr gw
  pub=$(api_id networks public)
  [[ -n $pub ]] || pub=$(api POST /v2.0/networks "{\"network\":{\"name\":\"public\",\"project_id\":\"$LAB_PROJECT\",
      \"router:external\":true,\"provider:network_type\":\"flat\",\"provider:physical_network\":\"physnet1\"}}" | jq -r .network.id)
  psub=$(api_id subnets public-subnet)
  [[ -n $psub ]] || psub=$(api POST /v2.0/subnets "{\"subnet\":{\"name\":\"public-subnet\",\"project_id\":\"$LAB_PROJECT\",
      \"network_id\":\"$pub\",\"ip_version\":4,\"cidr\":\"203.0.113.0/24\",\"gateway_ip\":\"203.0.113.1\",\"enable_dhcp\":false,
      \"allocation_pools\":[{\"start\":\"203.0.113.100\",\"end\":\"203.0.113.200\"}]}}" | jq -r .subnet.id)
  priv=$(api_id networks private)
  [[ -n $priv ]] || priv=$(api POST /v2.0/networks "{\"network\":{\"name\":\"private\",\"project_id\":\"$LAB_PROJECT\"}}" | jq -r .network.id)
  vsub=$(api_id subnets private-subnet)
  [[ -n $vsub ]] || vsub=$(api POST /v2.0/subnets "{\"subnet\":{\"name\":\"private-subnet\",\"project_id\":\"$LAB_PROJECT\",
      \"network_id\":\"$priv\",\"ip_version\":4,\"cidr\":\"192.168.100.0/24\",\"gateway_ip\":\"192.168.100.1\"}}" | jq -r .subnet.id)
  rtr=$(api_id routers router1)
  [[ -n $rtr ]] || rtr=$(api POST /v2.0/routers "{\"router\":{\"name\":\"router1\",\"project_id\":\"$LAB_PROJECT\"}}" | jq -r .router.id)
  if [[ $(api GET "/v2.0/ports?device_id=$rtr&device_owner=network:router_interface&fields=id" | jq '.ports|length') == 0 ]]; then
    api PUT "/v2.0/routers/$rtr/add_router_interface" "{\"subnet_id\":\"$vsub\"}" >/dev/null
  fi
  gw=$(api GET "/v2.0/routers/$rtr" | jq -r '.router.external_gateway_info.network_id // empty')
  [[ -n $gw ]] || api PUT "/v2.0/routers/$rtr" "{\"router\":{\"external_gateway_info\":{\"network_id\":\"$pub\"}}}" >/dev/null
}

# LAB WORKAROUND (seen in the feasibility run, cause unproven): a gateway set seconds after
# neutron-server starts can stay DOWN although OVN bound the cr-lrp; unset + set again makes
# Neutron process the SB Port_Binding event and the port goes ACTIVE within a second.
neutron_ensure_gateway_active() {  # [first wait seconds]
  local first=${1:-20} try rtr pub bound
  wait_for "$first" gateway_is_healthy && return 0
  # Up to ~3 minutes: while OVN has not bound the cr-lrp yet (tunnels/BFD between the two
  # gateway chassis still coming up after a boot) there is nothing for Neutron to see, so
  # wait; once OVN has bound it and Neutron still says DOWN, Neutron missed the event: unset
  # + set the gateway to make it look again.
  for try in 1 2 3 4 5 6 7 8; do
    bound=$(lab_sbctl_read --timeout=5 --bare --columns=chassis find Port_Binding type=chassisredirect 2>/dev/null || true)
    if [[ -n $bound ]] && gateway_is_active; then
      return 0  # OVN bound it during the wait and Neutron agrees
    elif [[ -n $bound ]]; then
      warn "router gateway port is $(gateway_status) while OVN binds it: unset + set the external gateway (try $try)"
      rtr=$(api_id routers router1); pub=$(api_id networks public)
      api PUT "/v2.0/routers/$rtr" '{"router":{"external_gateway_info":{}}}' >/dev/null || true
      sleep 1
      api PUT "/v2.0/routers/$rtr" "{\"router\":{\"external_gateway_info\":{\"network_id\":\"$pub\"}}}" >/dev/null || true
    elif ((try % 2 == 0)); then
      # LAB WORKAROUND (seen on warm boots with the userspace datapath): ovn-controller can come
      # up before br-int is ready and then never programs it: no tunnels, so no BFD between the
      # two gateway chassis, so nobody claims the cr-lrp. A restart of ovn-controller programs
      # br-int at once (verified by hand: tunnels and the binding appear within seconds).
      warn "router gateway port is $(gateway_status) and OVN has not bound its cr-lrp: restarting ovn-controller on every node (try $try)"
      local n
      for n in $(lab_chassis_nodes); do node_exec "$n" systemctl restart ovn-controller || true; done
    else
      warn "router gateway port is $(gateway_status) and OVN has not bound its cr-lrp yet: waiting (try $try)"
    fi
    wait_for 20 gateway_is_healthy && return 0
  done
  return 1
}
