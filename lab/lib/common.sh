# shellcheck shell=bash disable=SC2034  # constants are used by the other lib files
# lab/lib/common.sh — constants, logging with elapsed seconds, preflight checks, node table.
#
# Everything the lab makes lives under $LAB_STATE (default /var/lib/ovnscope-lab) so that
# `down` can remove exactly that, and the base rootfs cache survives `down`.

LAB_STATE=${OVNSCOPE_LAB_STATE:-/var/lib/ovnscope-lab}
LAB_NODES_DIR=$LAB_STATE/nodes          # per node: upper/ work/ root/ (overlay), nspawn.pid, nspawn.log
LAB_BASE_DIR=$LAB_STATE/base            # base/<hash>/rootfs — cached across `down`
LAB_SSH_DIR=$LAB_STATE/ssh              # id_ed25519(.pub), admin_ed25519(.pub) (kept across down), known_hosts
LAB_INVENTORY=$LAB_STATE/inventory.yaml
LAB_FAULTS_FILE=$LAB_STATE/faults       # active faults, one per line
LAB_FAULT_DIR=$LAB_STATE/fault-data     # what heal needs to undo a fault (saved keys, pids)
LAB_TOPOLOGY=$LAB_STATE/topology        # "computes=N" and "controllers=1|3", written by up, read by every other command

LAB_BRIDGE=ovnslab0
LAB_HOST_IP=10.250.0.1
LAB_PREFIX=10.250.0                     # management network (SSH, OVSDB, Neutron API)
LAB_TUN_PREFIX=10.250.1                 # tunnel (geneve) network, lives only inside OVS on the nodes
LAB_API=http://10.250.0.11:9696
LAB_CENTRAL=ctl1

# The repository checkout this script lives in (lab/bin/lab -> lab/lib -> repo).
LAB_REPO=${LAB_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

LAB_T0=$(date +%s.%N)
export LAB_T0

elapsed() { awk -v t0="$LAB_T0" -v t1="$(date +%s.%N)" 'BEGIN{printf "%.1f", t1-t0}'; }
log()  { printf '[%6ss] %s\n' "$(elapsed)" "$*" >&2; }
warn() { printf '[%6ss] WARNING: %s\n' "$(elapsed)" "$*" >&2; }
die()  { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- node table
# ctl1 [controller, network], net1 [network], cmp1..cmpN [compute]; with --controllers 3 also
# ctl2 [controller]: NB/SB RAFT member, ovn-northd and a second neutron-server (its database
# is ctl1's MariaDB, over TCP), and ctl3 [ovn-central]: member and northd only. Neither is a
# chassis (no OVS).
lab_computes() {
  local n=1
  [[ -f $LAB_TOPOLOGY ]] && n=$(sed -n 's/^computes=//p' "$LAB_TOPOLOGY")
  echo "${n:-1}"
}
lab_controller_count() {           # 1 (standalone NB/SB on ctl1) or 3 (clustered)
  local n=1
  [[ -f $LAB_TOPOLOGY ]] && n=$(sed -n 's/^controllers=//p' "$LAB_TOPOLOGY")
  echo "${n:-1}"
}
lab_clustered() { [[ $(lab_controller_count) == 3 ]]; }
lab_controllers() {                # nodes running NB/SB and ovn-northd
  local c; c=${1:-$(lab_controller_count)}
  echo ctl1
  if [[ $c == 3 ]]; then echo ctl2; echo ctl3; fi
}
# shellcheck disable=SC2120  # lifecycle.sh passes the counts before the topology is written
lab_neutron_nodes() {              # nodes running neutron-server: ctl1 (MariaDB, the API the lab reads), and ctl2 when clustered
  echo "$LAB_CENTRAL"
  if lab_clustered; then echo ctl2; fi
}
node_runs_neutron() { [[ $1 == "$LAB_CENTRAL" ]] || { [[ $1 == ctl2 ]] && lab_clustered; }; }
lab_nodes() {                      # all nodes, in boot order: [computes [controllers]]
  local n i; n=${1:-$(lab_computes)}
  lab_controllers "${2:-}"
  echo net1
  for ((i = 1; i <= n; i++)); do echo "cmp$i"; done
}
lab_chassis_nodes() {              # nodes running OVS + ovn-controller
  local n
  for n in $(lab_nodes); do if node_is_chassis "$n"; then echo "$n"; fi; done
}
node_ip() {                        # management address
  case $1 in
    ctl1) echo "$LAB_PREFIX.11" ;;
    net1) echo "$LAB_PREFIX.12" ;;
    ctl2) echo "$LAB_PREFIX.13" ;;
    ctl3) echo "$LAB_PREFIX.14" ;;
    cmp*) echo "$LAB_PREFIX.$((20 + ${1#cmp}))" ;;
    *) die "unknown node: $1" ;;
  esac
}
node_tun_ip() { local ip; ip=$(node_ip "$1"); echo "$LAB_TUN_PREFIX.${ip##*.}"; }
node_roles() {
  case $1 in
    ctl1) echo "controller, network" ;;
    ctl2) echo "controller" ;;           # NB/SB member, northd, neutron-server
    ctl3) echo "ovn-central" ;;          # NB/SB member and northd
    net1) echo "network" ;;
    cmp*) echo "compute" ;;
  esac
}
node_is_gateway() { [[ $1 == ctl1 || $1 == net1 ]]; }
node_is_chassis() { [[ $1 != ctl2 && $1 != ctl3 ]]; }
node_is_controller() { [[ $1 == ctl1 || $1 == ctl2 || $1 == ctl3 ]]; }

# Where clients find NB/SB: every member's TCP address (the clustered shape), or ctl1's.
lab_db_remotes() {  # port -> tcp:A:port[,tcp:B:port,...]
  local n out=()
  for n in $(lab_controllers); do out+=("tcp:$(node_ip "$n"):$1"); done
  (IFS=,; echo "${out[*]}")
}
lab_nb_remotes() { lab_db_remotes 6641; }
lab_sb_remotes() { lab_db_remotes 6642; }
# The lab's own NB/SB reads, run on ctl1. A clustered DB serves ovn-nbctl/ovn-sbctl only from
# its leader by default; reads take any member that is connected to the cluster
# (--no-leader-only) from the full member list, so they work while ctl1 is a follower or down.
# On the standalone shape: ctl1's unix sockets, as before.
lab_sbctl_read() {  # args... (on ctl1)
  if lab_clustered; then node_exec "$LAB_CENTRAL" ovn-sbctl --no-leader-only --db="$(lab_sb_remotes)" "$@"
  else node_exec "$LAB_CENTRAL" ovn-sbctl "$@"; fi
}
lab_nbctl_read() {
  if lab_clustered; then node_exec "$LAB_CENTRAL" ovn-nbctl --no-leader-only --db="$(lab_nb_remotes)" "$@"
  else node_exec "$LAB_CENTRAL" ovn-nbctl "$@"; fi
}
# Writes go to the leader, wherever it is.
lab_nbctl_write() {
  if lab_clustered; then node_exec "$LAB_CENTRAL" ovn-nbctl --db="$(lab_nb_remotes)" "$@"
  else node_exec "$LAB_CENTRAL" ovn-nbctl "$@"; fi
}
# The same as shell text, for scripts run inside ctl1 with node_sh.
lab_sbctl_read_cmd() {
  if lab_clustered; then echo "ovn-sbctl --no-leader-only --db=$(lab_sb_remotes)"; else echo ovn-sbctl; fi
}
node_netns() { echo "ovnslab-$1"; }
node_veth()  { echo "ovl-$1"; }    # host side of the management veth (node side: eth0)
node_tveth() { echo "ovt-$1"; }    # host side of the tunnel veth (node side: eth1)
node_dir()   { echo "$LAB_NODES_DIR/$1"; }
node_root()  { echo "$LAB_NODES_DIR/$1/root"; }

# ---------------------------------------------------------------- preflight
# Refuse clearly, before building anything, where the lab cannot work.
preflight() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (it creates network namespaces, bridges and overlay mounts)"
  [[ -r /etc/debian_version ]] && [[ $(cut -d. -f1 /etc/debian_version) == 12 ]] ||
    die "needs a Debian 12 (bookworm) host; this is $(cat /etc/os-release 2>/dev/null | sed -n 's/^PRETTY_NAME=//p' || echo unknown)"
  [[ -e /proc/self/ns/net ]] || die "the kernel has no network namespace support (/proc/self/ns/net missing)"
  grep -qw overlay /proc/filesystems || die "the kernel has no overlayfs (needed to share one base rootfs between nodes)"
  [[ $(uname -m) == x86_64 ]] || die "only tested on x86_64 (this is $(uname -m))"
}

# Host packages `up` needs; installed with apt-get when missing.
HOST_PACKAGES=(debootstrap systemd-container iproute2 openssh-client curl jq util-linux ethtool ansible-core)
ensure_host_packages() {
  local missing=() p
  for p in "${HOST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing host packages: ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ---------------------------------------------------------------- small helpers
# Retry a command until it succeeds or the timeout (seconds) passes.
wait_for() {
  local timeout=$1 step=${WAIT_STEP:-0.5}; shift
  local end; end=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    (($(date +%s) >= end)) && return 1
    sleep "$step"
  done
}

# Write a file only when its content differs (keeps `up` idempotent and mtime-stable).
write_if_changed() {  # path mode < content
  local path=$1 mode=${2:-0644} tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [[ -f $path ]] && cmp -s "$tmp" "$path"; then rm -f "$tmp"; return 1; fi
  mkdir -p "$(dirname "$path")"
  install -m "$mode" "$tmp" "$path"; rm -f "$tmp"
  return 0
}

fault_active() { [[ -f $LAB_FAULTS_FILE ]] && grep -qx "$1" "$LAB_FAULTS_FILE"; }
