# shellcheck shell=bash
# lab/lib/lifecycle.sh — `up` and `down`.

lab_up() {  # computes [controllers: 1|3; empty = the running lab's, else 1]
  local want=$1 ctls=${2:-} have n base
  preflight
  ensure_host_packages
  if lab_any_running; then
    have=$(lab_computes)
    ((want >= have)) || die "the lab runs with $have compute node(s); 'down' first to go down to $want"
  fi
  # Standalone and clustered NB/SB are different database files (ovsdb-tool create vs
  # create-cluster/join-cluster) in the node layers, which last until `down` (also when the
  # nodes stopped, e.g. after a host reboot): no conversion in place.
  if [[ -f $LAB_TOPOLOGY ]] && { lab_any_running || [[ -d $LAB_NODES_DIR/ctl1/upper ]]; }; then
    have=$(lab_controller_count)
    [[ -z $ctls || $ctls == "$have" ]] ||
      die "the lab runs with $have controller(s) ($( ((have == 3)) && echo 'clustered' || echo 'standalone') NB/SB); switching to --controllers $ctls needs 'lab down' first (the NB/SB database files differ)"
    ctls=$have
  fi
  ctls=${ctls:-1}
  log "lab up: $(lab_nodes "$want" "$ctls" | xargs)"
  build_base
  base=$(base_rootfs)
  ssh_keypair
  mkdir -p "$LAB_NODES_DIR" "$LAB_FAULT_DIR"
  printf 'computes=%s\ncontrollers=%s\n' "$want" "$ctls" | write_if_changed "$LAB_TOPOLOGY" 0644 || true
  net_bridge_up
  local booted=()
  for n in $(lab_nodes); do
    net_node_up "$n"
    if node_running "$n"; then
      node_install_admin "$n"   # the account Ansible logs in with (below)
      continue
    fi
    node_mount "$n" "$base"
    node_configure "$n"
    node_pin_hostkey "$n"
    node_boot "$n"
    booted+=("$n")
  done
  ((${#booted[@]})) && log "booting ${booted[*]}"
  for n in $(lab_nodes); do node_wait_booted "$n" 90; done
  for n in "${booted[@]}"; do node_retry_cgroup_failures "$n"; done
  ((${#booted[@]})) && log "nodes booted (systemd running in each)"
  write_known_hosts
  write_inventory
  # ovnscope's user, key, scripts and sudoers: deploy/ansible's playbook, at every up. A node
  # a fault made unreachable or unverifiable (node-unreachable, hostkey-changed) is left for
  # heal. (Run beside Neutron's start it saved nothing: both wait on the same 2 CPUs.)
  if nodes_access_current; then
    log "ovnscope's node side is current on every node (checked on disk): playbook not run"
  elif ! nodes_install_access; then
    [[ -s $LAB_FAULTS_FILE ]] || die "installing ovnscope's node side with deploy/ansible failed"
    warn "faults are active; ovnscope's node side is not installed everywhere (heal does it)"
  fi

  log "waiting for OVN NB/SB (6641/6642) on $(lab_controllers | xargs)"
  wait_for 60 ovn_dbs_listening || warn "NB/SB are not both listening on every controller"
  if lab_clustered; then
    local t=60; [[ -s $LAB_FAULTS_FILE ]] && t=5   # a fault may hold a member down on purpose
    wait_for "$t" ovn_clusters_formed || warn "NB/SB clusters not formed: $(ovn_cluster_summary)"
    log "NB/SB clusters: $(ovn_cluster_summary)"
  fi
  neutron_wait_api 120
  log "Neutron API answers at $LAB_API"
  for n in $(lab_neutron_nodes); do
    [[ $n == "$LAB_CENTRAL" ]] && continue
    wait_for 120 api_up_on "$n" || warn "$n: its neutron-server's API does not answer on :9696"
    log "$n: its neutron-server answers on :9696 (database: $LAB_CENTRAL's MariaDB over TCP)"
  done
  neutron_wait_gateway_chassis
  neutron_topology
  log "topology present: public (flat physnet1), private (geneve), router1 with gateway"
  if ((${LAB_UP_THEN_HEAL:-0})); then
    return 0   # `ready`: heal follows, and ends waiting for the same health (ssh included)
  elif [[ -s $LAB_FAULTS_FILE ]]; then
    warn "faults are active ($(xargs <"$LAB_FAULTS_FILE")); not checking health. Run: lab/bin/lab heal"
  else
    lab_ensure_controllers
    neutron_ensure_gateway_active 30 || die "router gateway port is $(gateway_status), not ACTIVE (see lab/bin/lab status)"
    lab_wait_healthy 60 up
    log "router gateway port ACTIVE (bound to $(gateway_host))"
  fi
  for n in $(lab_nodes); do
    lab_ssh "$n" true 2>/dev/null || [[ -s $LAB_FAULTS_FILE ]] ||
      die "ssh ovnscope@$(node_ip "$n") with the pinned host key failed"
  done
  log "ssh as ovnscope (pinned host keys) works on every node"
  log "lab up done in $(elapsed)s; inventory: $LAB_INVENTORY"
}

lab_any_running() {
  local d
  for d in "$LAB_NODES_DIR"/*/; do
    [[ -d $d ]] && node_running "$(basename "$d")" && return 0
  done
  return 1
}

# Every node dir `up` made (also ones beyond the current topology, e.g. after --computes changed).
lab_known_nodes() {
  local d
  { lab_nodes; for d in "$LAB_NODES_DIR"/*/; do if [[ -d $d ]]; then basename "$d"; fi; done; } | awk '!seen[$0]++'
}

lab_down() {
  preflight
  local nodes n
  nodes=$(lab_known_nodes)
  log "lab down: stopping $(echo $nodes)"
  # shellcheck disable=SC2086
  nodes_stop 10 $nodes
  for n in $nodes; do
    node_umount "$n"
    net_node_down "$n"
    # systemd-nspawn leaves empty per-machine dirs under /run/systemd/nspawn; ours, remove them.
    rmdir "/run/systemd/nspawn/propagate/$n" "/run/systemd/nspawn/unix-export/$n" 2>/dev/null || true
  done
  net_bridge_down
  # Everything up made except the base rootfs cache and the lab key pair.
  if grep -qs "$LAB_NODES_DIR" /proc/mounts; then
    die "something is still mounted under $LAB_NODES_DIR; not deleting it (see /proc/mounts)"
  fi
  rm -rf "$LAB_NODES_DIR" "$LAB_FAULT_DIR" "$LAB_FAULTS_FILE" "$LAB_INVENTORY" "$LAB_TOPOLOGY" "$LAB_SSH_DIR/known_hosts" \
    "$LAB_ANSIBLE_DIR"
  log "lab down done in $(elapsed)s (kept: $LAB_BASE_DIR, the lab key pairs in $LAB_SSH_DIR)"
}

ovn_dbs_listening() {  # on every controller
  local out n
  for n in $(lab_controllers); do
    out=$(node_exec "$n" ss -Hltn 2>/dev/null) || return 1
    grep -q ':6641 ' <<<"$out" && grep -q ':6642 ' <<<"$out" || return 1
  done
}

# ---------------------------------------------------------------- the clustered shape
# One line per controller and database: "node db status role term leader" from
# `ovn-appctl -t /var/run/ovn/ovn{nb,sb}_db.ctl cluster/status` (status words joined by _).
# shellcheck disable=SC2016  # the scripts run inside the nodes; $n is spliced in on purpose
ovn_cluster_facts() {
  local n
  for n in $(lab_controllers); do
    node_sh "$n" '
      for db in nb sb; do
        [ $db = nb ] && name=OVN_Northbound || name=OVN_Southbound
        out=$(timeout 5 ovn-appctl -t /var/run/ovn/ovn${db}_db.ctl cluster/status $name 2>/dev/null)
        if [ -z "$out" ]; then echo "'"$n"' $db down - - -"; continue; fi
        st=$(echo "$out" | sed -n "s/^Status: //p" | tr " " _)
        role=$(echo "$out" | sed -n "s/^Role: //p")
        term=$(echo "$out" | sed -n "s/^Term: //p")
        leader=$(echo "$out" | sed -n "s/^Leader: //p")
        echo "'"$n"' $db ${st:-?} ${role:-?} ${term:-?} ${leader:-?}"
      done' 2>/dev/null || printf '%s nb down - - -\n%s sb down - - -\n' "$n" "$n"
  done
}
# shellcheck disable=SC2016
# Healthy clusters: every member "cluster member", exactly one leader per DB, one term.
ovn_clusters_formed() {
  local f; f=$(ovn_cluster_facts)
  awk '$3 != "cluster_member" {bad=1} $4 == "leader" {l[$2]++} END {exit (bad || l["nb"] != 1 || l["sb"] != 1)}' <<<"$f"
}
ovn_cluster_summary() {
  ovn_cluster_facts | awk '{printf "%s%s/%s=%s", (NR > 1 ? " " : ""), $1, $2, ($3 == "cluster_member" ? $4 : $3)}'
}
# shellcheck disable=SC2016
# Which controller's ovn-northd holds the lock (active), one word per controller.
northd_states() {
  local n
  for n in $(lab_controllers); do
    printf '%s %s\n' "$n" "$(node_exec "$n" timeout 5 ovn-appctl -t ovn-northd status 2>/dev/null | sed -n 's/^Status: //p' || true)"
  done | awk '{print $1, ($2 == "" ? "down" : $2)}'
}
