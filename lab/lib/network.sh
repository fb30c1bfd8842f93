# shellcheck shell=bash
# lab/lib/network.sh — the lab's own L2: one host bridge, one netns and two veths per node.
#
#   host: ovnslab0 10.250.0.1/24 (a Linux bridge; no forwarding, no NAT: nodes reach nothing
#         but each other and the host)
#   node: eth0 10.250.0.x/24  management (SSH, OVSDB 6641/6642, Neutron API); plain kernel
#         networking so the node stays reachable whatever OVS does
#         eth1 (no kernel address) is a port of the node's OVS bridge br-phy, whose address
#         10.250.1.x/24 is the geneve tunnel endpoint (ovn-encap-ip).
#
# Why a second veth: there is no openvswitch kernel module here, so OVS runs the userspace
# (netdev) datapath, and userspace tunnels only route out of an OVS bridge that owns the
# tunnel address. Gateway HA needs working tunnels: ovn-controller only treats a gateway
# chassis as active when BFD over the geneve tunnels is up (ha_chassis_group_is_active()),
# so with two gateway chassis and no tunnels nobody would claim the router's cr-lrp.
# Keeping management off OVS means an OVS restart never cuts SSH to a node.

net_bridge_up() {
  if ! ip link show "$LAB_BRIDGE" >/dev/null 2>&1; then
    ip link add "$LAB_BRIDGE" type bridge stp_state 0 forward_delay 0
  fi
  ip addr replace "$LAB_HOST_IP/24" dev "$LAB_BRIDGE"
  ip link set "$LAB_BRIDGE" up
}

net_node_up() {  # node
  local n=$1 ns veth tveth
  ns=$(node_netns "$n"); veth=$(node_veth "$n"); tveth=$(node_tveth "$n")
  [[ -e /run/netns/$ns ]] || ip netns add "$ns"
  if ! ip link show "$veth" >/dev/null 2>&1; then
    ip link add "$veth" type veth peer name eth0 netns "$ns"
  fi
  if ! ip link show "$tveth" >/dev/null 2>&1; then
    ip link add "$tveth" type veth peer name eth1 netns "$ns"
  fi
  ip link set "$veth" master "$LAB_BRIDGE" up
  ip link set "$tveth" master "$LAB_BRIDGE" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr replace "$(node_ip "$n")/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set eth1 up
  # OVS reads eth1 with an AF_PACKET socket; a veth would otherwise hand it frames whose
  # checksum is left to offload (CHECKSUM_PARTIAL) and the peer would drop them.
  ip netns exec "$ns" ethtool -K eth1 tx off rx off >/dev/null 2>&1 || true
  ethtool -K "$tveth" tx off rx off >/dev/null 2>&1 || true
}

net_node_down() {  # node
  local n=$1 ns
  ns=$(node_netns "$n")
  ip link del "$(node_veth "$n")" 2>/dev/null || true
  ip link del "$(node_tveth "$n")" 2>/dev/null || true
  [[ -e /run/netns/$ns ]] && ip netns del "$ns" 2>/dev/null || true
}

net_bridge_down() {
  ip link show "$LAB_BRIDGE" >/dev/null 2>&1 && ip link del "$LAB_BRIDGE" || true
}
