# shellcheck shell=bash
# lab/lib/faults.sh — real faults, injected by acting on the nodes (never by editing output),
# and `heal`, which undoes any mix of them and waits for a healthy lab.
#
# Active faults are recorded one per line in $LAB_FAULTS_FILE; what heal needs to undo a
# fault (original host keys, the stray server's pidfile) goes to $LAB_FAULT_DIR. Heal does
# not trust the record alone: it converges every node back to the lab's known-good state.

FAULTS=(incident incident-dbs-back nb-down sb-down northd-down neutron-down ml2-wrong-nb bridge-mapping-missing
  stray-ovsdb controller-disconnected chassis-stale node-unreachable hostkey-changed sudo-denied
  nb-unix-only sb-masked nb-hand-started gateway-bfd-down
  member-down quorum-lost leader-killed northd-none-active leader-flap stale-member cluster-id-mismatch
  leader-stalled follower-stalled neutron-stalled)
# Faults of the clustered shape (lab up --controllers 3); refused on the standalone shape.
CLUSTER_FAULTS=(member-down quorum-lost leader-killed northd-none-active leader-flap stale-member cluster-id-mismatch
  leader-stalled follower-stalled neutron-stalled)
FAULT_MEMBER_DOWN=ctl3               # member-down: this controller's NB and SB stopped
FAULT_QUORUM_LOST=(ctl2 ctl3)        # quorum-lost: these controllers' NB and SB stopped
FAULT_LEADER_FLAP_KILLS=4            # leader-flap: this many NB leaders killed in a row
FAULT_LEADER_STALL_S=3              # leader-stalled: how long the NB leader's ovsdb-server is stopped
FAULT_FOLLOWER_WRITES=30            # follower-stalled: NB transactions written while a follower is stopped
FAULT_NEUTRON_STALLED=ctl2          # neutron-stalled: this controller's neutron-server stopped (SIGSTOP)
FAULT_REBUILT=ctl3                   # stale-member, cluster-id-mismatch: the "rebuilt" controller
FAULT_STALE_MEMBER_DBS=(nb sb)       # stale-member: these DBs re-joined under a new server id
FAULT_CID_MISMATCH_DBS=(nb)          # cluster-id-mismatch: these DBs started as a cluster of their own
FAULT_NODE_DISCONNECT=cmp1   # the chassis that loses SB in controller-disconnected
FAULT_NODE_STALE=cmp1        # the chassis whose ovn-controller leaves its record behind
FAULT_NODE_UNREACHABLE=cmp1
FAULT_NODE_HOSTKEY=cmp1
FAULT_NODE_SUDO=cmp1
STRAY_OPTS="--db-nb-pidfile=/run/ovn/stray_nb.pid --db-nb-sock=/run/ovn/stray_nb.sock --db-nb-ctrl-sock=/run/ovn/stray_nb.ctl --ovn-nb-logfile=/var/log/ovn/stray-nb.log"

fault_help() {
  cat <<'HELP'
usage: lab/bin/lab fault <name>      (undo with: lab/bin/lab heal)

  incident                the seed incident on ctl1: `[ovn] bridge_mappings = phynet2:br-ex`
                          added to ml2_conf.ini (not a Neutron option: it does nothing), a
                          drop-in gives ovn-northd
                          `ExecStop=/usr/share/ovn/scripts/ovn-ctl stop_northd` (no
                          --ovn-manage-ovsdb=no), daemon-reload, then
                          `systemctl restart neutron-server ovn-controller ovn-northd`:
                          NB+SB ovsdb-servers stop ("Deactivated successfully"), 6641/6642
                          close, northd comes back, neutron-server crash-loops.
                          Clustered shape: then, 2 s apart, `systemctl restart ovn-northd`
                          on ctl2 and on ctl3 (stock unit, no drop-in): each stops that
                          member's NB+SB; after ctl2 the quorum is lost, after ctl3 no member
                          runs; every northd back up with no DB; neutron-server crash-loops
  incident-dbs-back       the incident, then NB and SB started again (as a cloud whose
                          northd unit pulls its DB units back in gets, or an operator with a
                          shell does; clustered: on every controller): neutron-server's next
                          automatic restart comes up and answers by itself; returns once its
                          API answers. The incident's drop-in and config line stay; the
                          operator arrives late
  nb-down                 systemctl stop ovn-ovsdb-server-nb on ctl1
  sb-down                 systemctl stop ovn-ovsdb-server-sb on ctl1
  northd-down             `systemctl stop ovn-northd` on ctl1, then NB/SB started again (the
                          stock unit's ExecStop stops them too): northd inactive, DBs up
  neutron-down            systemctl stop neutron-server on ctl1
  ml2-wrong-nb            ml2_conf.ini ovn_nb_connection -> tcp:10.250.0.11:6645 (nothing
                          listens there), neutron-server restarted: it crash-loops
  bridge-mapping-missing  every gateway chassis (ctl1, net1) loses physnet1 from OVS
                          external_ids:ovn-bridge-mappings (the one hosting the cr-lrp
                          first), so the gateway has no chassis that can reach physnet1
  stray-ovsdb             a second NB ovsdb-server started by `ovn-ctl start_nb_ovsdb`
                          outside systemd on the same DB file, racing a restart of
                          ovn-ovsdb-server-nb: the stray takes the DB lock and 6641, the
                          unit fails on "failed to lock lockfile" and ends `failed`
  nb-hand-started         `systemctl stop ovn-ovsdb-server-nb`, then NB started by hand with
                          `ovn-ctl start_nb_ovsdb` (the unit's OVN_CTL_OPTS, default pidfile
                          and sockets) on ctl1: one NB server, serving 6641 and its socket,
                          that systemd does not own; the unit stays inactive, no lock error
  sb-masked               `systemctl mask --now ovn-ovsdb-server-sb` on ctl1 (an
                          administrator's mask): SB stopped, 6642 closed, and no
                          `systemctl start` can start it until it is unmasked
  controller-disconnected cmp1's ovn-controller cannot reach SB: an nftables rule in cmp1's
                          netns drops its packets to 10.250.0.11:6642 (clustered: to every
                          SB member)
  chassis-stale           cmp1's ovn-controller exits with `ovn-appctl exit --restart` (as a
                          package upgrade stops it) and is not started again: SB keeps its
                          Chassis; then NB_Global.nb_cfg is bumped (`ovn-nbctl --wait=sb
                          sync`, what Neutron's agent liveness check does) and cmp1 never
                          acknowledges it
  node-unreachable        cmp1's links (management and tunnel veths) set down on the host
  hostkey-changed         cmp1's SSH host key regenerated (sshd reloaded); the pinned
                          fingerprint no longer matches. heal restores the original key
  nb-unix-only            ctl1's /etc/default/ovn-central loses --db-nb-create-insecure-remote=yes
                          (Debian's default: unix socket only), ovn-ovsdb-server-nb restarted:
                          NB runs but nothing listens on 6641; neutron-server crash-loops
  gateway-bfd-down        the tunnel underlay between the two gateway chassis (ctl1, net1)
                          drops their packets to each other (nftables netdev egress on each
                          one's eth1): BFD goes down both ways, neither ovn-controller
                          believes it is the active gateway, the cr-lrp loses its chassis
                          (Neutron keeps saying ACTIVE); everything else stays healthy
  sudo-denied             cmp1 loses /etc/sudoers.d/ovnscope (as a configuration-management
                          run that manages sudoers.d would remove it): SSH still logs in,
                          `sudo -n` refuses the collect script. heal re-installs it

Clustered shape only (lab up --controllers 3; refused otherwise):
  member-down             ctl3's NB and SB ovsdb-servers stopped (systemctl): 2 of 3 members, a leader
  quorum-lost             ctl2's and ctl3's NB and SB stopped: ctl1 alone, no leader, writes refused
  leader-killed           SIGKILL of the NB leader's ovsdb-server (fault-data/leader-killed says which)
  northd-none-active      `ovn-appctl -t ovn-northd pause` on every controller: no northd active
  leader-flap             the NB leader's ovsdb-server SIGKILLed again as soon as a new leader
                          is elected, 4 times (~5-10 s); systemd restarts each one; the term
                          rises by >= 4 (fault-data/leader-flap: node, pid, term, time per kill)
  stale-member            ctl3 "rebuilt": NB and SB stopped, each DB file moved aside (kept as
                          /var/lib/ovn/ovn{nb,sb}_db.db.stale-member.<ts>), `ovsdb-tool
                          join-cluster` (same address, ctl1+ctl2 as remotes), unit started:
                          ctl3 is a member under a NEW server id, the leader lists 4 servers,
                          the old id at ctl3's address answered by nobody. heal kicks it
  cluster-id-mismatch     ctl3's NB file moved aside (…db.cluster-id-mismatch.<ts>) and
                          `ovsdb-tool create-cluster` with ctl3's address: ctl3's NB leads a
                          1-server cluster of its own (another Cluster ID, empty NB); ctl1+ctl2
                          keep the real cluster, which still lists ctl3's old id. heal re-joins
                          ctl3 (new id) and kicks the old one
  leader-stalled          the NB leader's ovsdb-server stopped (SIGSTOP) for 3 s, then
                          continued (SIGCONT), as a leader busy compacting a large database
                          stalls: the others elect a new leader after the 1 s election timer;
                          the stalled server logs its "Unreasonably long ...ms poll interval"
                          on waking (fault-data/leader-stalled: node, pid, term, times)
  follower-stalled        an NB follower's ovsdb-server stopped (SIGSTOP) and left stopped,
                          then 30 NB transactions written through the leader (logical switches
                          ovnscope-lag-N added): the leader keeps its majority and commits
                          them, the stopped member neither answers nor acknowledges them (its
                          match index stays behind). heal continues it (SIGCONT), it catches
                          up, the switches are deleted (fault-data/follower-stalled: node, pid)
  neutron-stalled         ctl2's neutron-server (every process of its unit) stopped with SIGSTOP
                          and left stopped: the unit stays active (running), its socket still
                          takes connections, its API answers nothing (curl times out), while
                          ctl1's server and the lab's API answer. heal continues it (SIGCONT)
                          (fault-data/neutron-stalled: node)
HELP
}

fault_record() {
  mkdir -p "$LAB_FAULT_DIR"
  fault_active "$1" || echo "$1" >>"$LAB_FAULTS_FILE"
}

lab_require_up() {
  local n
  [[ -f $LAB_TOPOLOGY ]] || die "the lab is not up (run: lab/bin/lab up)"
  for n in $(lab_nodes); do node_running "$n" || die "node $n is not running (run: lab/bin/lab up)"; done
}

lab_fault() {
  local f=$1 known=0 x
  for x in "${FAULTS[@]}"; do [[ $x == "$f" ]] && known=1; done
  ((known)) || { fault_help >&2; die "unknown fault: $f"; }
  preflight
  lab_require_up
  for x in "${CLUSTER_FAULTS[@]}"; do
    [[ $x == "$f" ]] && ! lab_clustered &&
      die "fault $f needs the clustered shape (3 controllers, NB/SB in RAFT); this lab runs 1 controller with standalone NB/SB (lab down; lab up --controllers 3)"
  done
  log "fault $f: injecting"
  "fault_${f//-/_}"
  fault_record "$f"
  log "fault $f: active (recorded in $LAB_FAULTS_FILE; undo with: lab/bin/lab heal)"
}

# Clustered shape: the seed's restarts done on every controller in turn, as an operator would
# walk them, each with the stock northd unit (its ExecStop stops that controller's NB and SB):
# ctl1 as above, then on ctl2 and on ctl3 the same restart of what each runs (ctl2:
# neutron-server and ovn-northd; ctl3: ovn-northd; neither has ovn-controller),
# FAULT_INCIDENT_PAUSE seconds apart. The first leaves 2 of 3 members
# (quorum kept), the second 1 of 3 (quorum lost), the third none.
FAULT_INCIDENT_PAUSE=2
fault_incident() {
  # The seed's steps in order: the config change that does nothing (bridge_mappings is not an
  # [ovn] option of Neutron), the ExecStop drop-in, then the restart of all three.
  local since
  since=$(node_exec ctl1 date '+%Y-%m-%d %H:%M:%S')
  node_sh ctl1 '
    sed -i "/^\[ovn\]/a bridge_mappings = phynet2:br-ex" /etc/neutron/plugins/ml2/ml2_conf.ini
    mkdir -p /etc/systemd/system/ovn-northd.service.d
    printf "[Service]\nExecStop=\nExecStop=/usr/share/ovn/scripts/ovn-ctl stop_northd\n" \
      >/etc/systemd/system/ovn-northd.service.d/incident.conf
    systemctl daemon-reload
    systemctl restart '"$(neutron_units)"' ovn-controller ovn-northd'
  sleep 1
  log "ctl1: nb=$(node_exec ctl1 systemctl is-active ovn-ovsdb-server-nb) sb=$(node_exec ctl1 systemctl is-active ovn-ovsdb-server-sb) northd=$(node_exec ctl1 systemctl is-active ovn-northd)"
  lab_clustered || return 0
  _incident_cgroup_race ctl1 "$since"
  local n
  for n in $(lab_controllers); do
    [[ $n == "$LAB_CENTRAL" ]] && continue
    sleep "$FAULT_INCIDENT_PAUSE"
    since=$(node_exec "$n" date '+%Y-%m-%d %H:%M:%S')
    local units=ovn-northd
    if node_runs_neutron "$n"; then units="$(neutron_units_on "$n") $units"; fi
    # shellcheck disable=SC2086
    node_exec "$n" systemctl restart $units
    sleep 1
    _incident_cgroup_race "$n" "$since"
    log "$n: systemctl restart$(printf ' %s' $units); nb=$(node_exec "$n" systemctl is-active ovn-ovsdb-server-nb) sb=$(node_exec "$n" systemctl is-active ovn-ovsdb-server-sb) northd=$(node_exec "$n" systemctl is-active ovn-northd)"
  done
  log "clusters: $(ovn_cluster_summary); ovn-northd: $(northd_states | xargs)"
}

# LAB WORKAROUND (this host's cgroup v1 hybrid hierarchy; not on a cgroup v2 host): when
# northd's ExecStop makes a member's ovsdb-server exit by itself, systemd then runs the DB
# unit's own ExecStop, which sometimes cannot be attached to the unit's already pruned
# name=systemd cgroup ("Failed to attach … to compat systemd cgroup", "Control process exited,
# code=exited, status=219/CGROUP"); the unit counts as failed and Restart=on-failure starts the
# member again (seen on ctl3, NB and/or SB, in 2 of 2 clustered incidents). On a real Debian 12
# host the unit ends inactive; so a unit restarted for that reason is stopped again.
_incident_cgroup_race() {  # node since
  local u out
  for u in ovn-ovsdb-server-nb ovn-ovsdb-server-sb; do
    out=$(node_exec "$1" journalctl -q --no-pager -u "$u" --since "$2" 2>/dev/null || true)
    grep -q 'status=219/CGROUP' <<<"$out" || continue
    node_exec "$1" systemctl stop "$u"
    warn "$1: $u was restarted by systemd after its ExecStop failed with 219/CGROUP (this host's cgroup v1 race, not Debian's behaviour): stopped again"
  done
}

fault_incident_dbs_back() {
  fault_incident
  sleep 3
  local n
  for n in $(lab_controllers); do   # clustered: every member's (one alone has no majority)
    node_exec "$n" systemctl start ovn-ovsdb-server-nb ovn-ovsdb-server-sb
  done
  wait_for 60 api_up || warn "Neutron API not answering 60 s after NB/SB came back"
  log "$(lab_controllers | xargs): NB/SB started again; $(neutron_units): $(node_exec ctl1 systemctl show -p ActiveState -p NRestarts --value $(neutron_units) | xargs), API answering"
}

fault_nb_down()      { node_exec ctl1 systemctl stop ovn-ovsdb-server-nb; }
fault_sb_down()      { node_exec ctl1 systemctl stop ovn-ovsdb-server-sb; }
# On Debian 12 northd cannot go down alone through systemd: the stock unit's ExecStop
# (`ovn-ctl stop_northd` without --ovn-manage-ovsdb=no) also stops NB and SB, and systemd runs
# ExecStop whenever the service stops, even when northd exits or dies on its own. So this fault
# is what an operator gets after `systemctl stop ovn-northd` and then starting the databases
# again: northd inactive, NB/SB active and listening, nothing translating NB into SB.
fault_northd_down() {
  node_sh ctl1 'systemctl stop ovn-northd
    systemctl start ovn-ovsdb-server-nb ovn-ovsdb-server-sb'
}
fault_neutron_down() { node_exec ctl1 systemctl stop $(neutron_units); }

fault_ml2_wrong_nb() {
  node_sh ctl1 '
    sed -i "s|^ovn_nb_connection = .*|ovn_nb_connection = tcp:10.250.0.11:6645|" /etc/neutron/plugins/ml2/ml2_conf.ini
    systemctl restart '"$(neutron_units)"
}

fault_bridge_mapping_missing() {
  local host n order=()
  host=$(node_sh ctl1 "$(lab_sbctl_read_cmd) --timeout=5 --bare --columns=chassis find Port_Binding type=chassisredirect |
    xargs -r -I{} $(lab_sbctl_read_cmd) --timeout=5 --bare --columns=name list Chassis {}" 2>/dev/null | head -1 || true)
  log "cr-lrp is hosted by: ${host:-nobody}"
  echo "${host:-}" >"$LAB_FAULT_DIR/bridge-mapping-host"
  [[ -n $host ]] && order+=("$host")
  for n in $(lab_nodes); do node_is_gateway "$n" && [[ $n != "$host" ]] && order+=("$n"); done
  for n in "${order[@]}"; do
    node_exec "$n" ovs-vsctl remove open . external_ids ovn-bridge-mappings
    log "$n: ovn-bridge-mappings removed"
  done
}

fault_stray_ovsdb() {
  # First the race: the unit is stopped (as systemctl restart would), the stray starts in that
  # window with its own pidfile/sockets but the same /var/lib/ovn/ovnnb_db.db, then the unit starts.
  node_sh ctl1 "
    systemctl stop ovn-ovsdb-server-nb
    . /etc/default/ovn-central
    /usr/share/ovn/scripts/ovn-ctl $STRAY_OPTS \$OVN_CTL_OPTS start_nb_ovsdb </dev/null >/run/ovn/stray_nb.out 2>&1
    systemctl start ovn-ovsdb-server-nb" || true
  # (the stray daemon must not inherit our stdout/stderr: a caller reading our output to EOF
  # would wait for the stray to exit)
  log "ctl1: ovn-ctl said: $(node_exec ctl1 cat /run/ovn/stray_nb.out 2>/dev/null | xargs)"
  node_exec ctl1 cat /run/ovn/stray_nb.pid >"$LAB_FAULT_DIR/stray-ovsdb.pid" 2>/dev/null || true
  sleep 2
  log "ctl1: stray ovsdb-server pid $(cat "$LAB_FAULT_DIR/stray-ovsdb.pid" 2>/dev/null || echo '?') (node pid namespace); unit ovn-ovsdb-server-nb: $(node_exec ctl1 systemctl is-active ovn-ovsdb-server-nb || true)"
}

# What an operator does to "get NB back" without systemd: the unit is stopped and ovn-ctl
# starts the database itself, with the options the unit would use. One server, no race, no
# lock error; only systemd does not know it (heal stops it with ovn-ctl before the unit starts).
fault_nb_hand_started() {
  node_sh ctl1 "
    systemctl stop ovn-ovsdb-server-nb
    . /etc/default/ovn-central
    /usr/share/ovn/scripts/ovn-ctl \$OVN_CTL_OPTS start_nb_ovsdb </dev/null >/run/ovn/hand_nb.out 2>&1" || true
  log "ctl1: ovn-ctl said: $(node_exec ctl1 cat /run/ovn/hand_nb.out 2>/dev/null | xargs); NB pid $(node_exec ctl1 cat /run/ovn/ovnnb_db.pid 2>/dev/null || echo '?'), unit ovn-ovsdb-server-nb: $(node_exec ctl1 systemctl is-active ovn-ovsdb-server-nb || true)"
}

# An administrator's mask: the unit is stopped and cannot be started until unmasked.
fault_sb_masked() {
  node_exec ctl1 systemctl mask --now ovn-ovsdb-server-sb
  log "ctl1: ovn-ovsdb-server-sb $(node_exec ctl1 systemctl is-enabled ovn-ovsdb-server-sb 2>/dev/null || true), $(node_exec ctl1 systemctl is-active ovn-ovsdb-server-sb || true)"
}

fault_controller_disconnected() {
  local n=$FAULT_NODE_DISCONNECT daddr
  # Clustered: every SB member (ovn-remote lists them all; dropping one only moves the client).
  daddr=$(node_ip "$LAB_CENTRAL")
  lab_clustered && daddr="{ $(for c in $(lab_controllers); do node_ip "$c"; done | paste -sd, - | sed 's/,/, /g') }"
  node_exec "$n" nft -f - <<NFT
table inet ovnslab_fault {
  chain output {
    type filter hook output priority 0; policy accept;
    ip daddr $daddr tcp dport 6642 counter drop comment "ovnscope lab fault: controller-disconnected"
  }
}
NFT
  log "$n: nft drops tcp to $daddr:6642 (ovn-controller notices at its next probe, ~5-10 s)"
}

fault_chassis_stale() {
  local n=$FAULT_NODE_STALE
  node_exec "$n" ovn-appctl -t ovn-controller exit --restart
  wait_for 10 node_sh "$n" '! pidof ovn-controller >/dev/null' || warn "$n: ovn-controller still runs"
  lab_nbctl_write --timeout=10 --wait=sb sync
  log "$n: ovn-controller $(node_exec "$n" systemctl is-active ovn-controller || true), SB Chassis kept: $(lab_sbctl_read --bare --columns=name,nb_cfg find Chassis_Private name="$n" | xargs) (SB_Global nb_cfg $(lab_sbctl_read get SB_Global . nb_cfg))"
}

# The gateway chassis' geneve packets to each other are dropped as they leave each node's
# eth1: an nftables netdev egress hook, because OVS's netdev datapath sends and receives on eth1
# with packet sockets, which the IP firewall hooks never see (and this host kernel has no tc
# actions). heal deletes the table with controller-disconnected's.
FAULT_GATEWAYS=(ctl1 net1)
fault_gateway_bfd_down() {
  local a=${FAULT_GATEWAYS[0]} b=${FAULT_GATEWAYS[1]}
  gateway_underlay_drop "$a" "$(node_tun_ip "$b")"
  gateway_underlay_drop "$b" "$(node_tun_ip "$a")"
  wait_for 20 node_sh "$LAB_CENTRAL" "[ -z \"\$($(lab_sbctl_read_cmd) --bare --columns=chassis find Port_Binding type=chassisredirect)\" ]" ||
    warn "the cr-lrp is still bound: $(lab_sbctl_read --bare --columns=chassis find Port_Binding type=chassisredirect)"
  log "$a <-> $b: tunnel packets dropped; BFD on $a: $(node_exec "$a" ovs-vsctl get Interface "ovn-$b-0" bfd_status:state 2>&1), on $b: $(node_exec "$b" ovs-vsctl get Interface "ovn-$a-0" bfd_status:state 2>&1)"
}

gateway_underlay_drop() { # node dst-ip: drop what the node sends to dst-ip out of its eth1
  node_exec "$1" nft -f - <<NFT
table netdev ovnslab_fault_underlay {
  chain egress {
    type filter hook egress device "eth1" priority 0; policy accept;
    ip daddr $2 counter drop comment "ovnscope lab fault: gateway-bfd-down"
  }
}
NFT
}

fault_node_unreachable() {
  local n=$FAULT_NODE_UNREACHABLE
  ip link set "$(node_veth "$n")" down
  ip link set "$(node_tveth "$n")" down
}

fault_hostkey_changed() {
  local n=$FAULT_NODE_HOSTKEY d
  d=$LAB_FAULT_DIR/hostkey-$n
  if [[ ! -f $d/ssh_host_ed25519_key ]]; then   # keep the ORIGINAL key, even when injected twice
    mkdir -p "$d"; chmod 700 "$d"
    cp -p "$(node_root "$n")"/etc/ssh/ssh_host_ed25519_key{,.pub} "$d/"
  fi
  node_sh "$n" 'rm -f /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub
    ssh-keygen -q -t ed25519 -N "" -C "root@$(hostname)-regenerated" -f /etc/ssh/ssh_host_ed25519_key
    systemctl reload ssh'
  log "$n: host key now $(node_exec "$n" ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub | awk '{print $2}') (pinned: $(node_hostkey_fp "$n"))"
}

fault_nb_unix_only() {
  node_exec ctl1 sed -i 's/--db-nb-create-insecure-remote=yes *//' /etc/default/ovn-central
  node_exec ctl1 systemctl restart ovn-ovsdb-server-nb
  wait_for 10 node_exec ctl1 ovn-appctl -t /var/run/ovn/ovnnb_db.ctl ovsdb-server/list-remotes || warn "ctl1: NB does not answer on its control socket"
  log "ctl1: $(node_exec ctl1 grep '^OVN_CTL_OPTS=' /etc/default/ovn-central); NB remotes: $(node_exec ctl1 ovn-appctl -t /var/run/ovn/ovnnb_db.ctl ovsdb-server/list-remotes | xargs)"
}

fault_sudo_denied() {
  local n=$FAULT_NODE_SUDO
  rm -f "$(node_root "$n")/etc/sudoers.d/ovnscope"
  log "$n: /etc/sudoers.d/ovnscope removed; sudo -n -l as ovnscope: $(node_exec "$n" runuser -u ovnscope -- sudo -n -l 2>&1 | head -1)"
}

# ---------------------------------------------------------------- heal
lab_heal() {
  preflight
  lab_require_up
  ssh_keypair   # the admin key Ansible logs in with (a lab booted before it existed has none)
  local n restart_neutron=0 restart_northd=0
  log "heal: active faults: $( [[ -s $LAB_FAULTS_FILE ]] && xargs <"$LAB_FAULTS_FILE" || echo none)"
  # 1. host side: links and addresses (node-unreachable)
  net_bridge_up
  for n in $(lab_nodes); do net_node_up "$n"; done
  # 2. every node: firewall, host key, chassis settings, ovn-controller
  for n in $(lab_nodes); do
    node_install_admin "$n"
    node_exec "$n" nft delete table inet ovnslab_fault 2>/dev/null || true
    node_exec "$n" nft delete table netdev ovnslab_fault_underlay 2>/dev/null || true  # gateway-bfd-down
    if [[ -f $LAB_FAULT_DIR/hostkey-$n/ssh_host_ed25519_key ]]; then
      cp -p "$LAB_FAULT_DIR/hostkey-$n"/ssh_host_ed25519_key{,.pub} "$(node_root "$n")/etc/ssh/"
      node_exec "$n" systemctl reload-or-restart ssh
      rm -rf "$LAB_FAULT_DIR/hostkey-$n"
      log "$n: original host key restored"
    fi
    if node_is_chassis "$n"; then
      node_exec "$n" systemctl restart ovnslab-chassis   # re-applies ovn-remote, mappings, bridges
    fi
  done
  # ovnscope's sudoers, key and scripts (sudo-denied), once links and host keys are back
  nodes_access_current || nodes_install_access || die "installing ovnscope's node side with deploy/ansible failed"
  # 3. ctl1: stray server, drop-in, config; then northd, databases, and last the clients
  if node_exec ctl1 test -f /run/ovn/stray_nb.pid; then
    node_sh ctl1 "ovs-appctl -t /run/ovn/stray_nb.ctl exit 2>/dev/null ||
      kill \$(cat /run/ovn/stray_nb.pid) 2>/dev/null; for i in \$(seq 1 50); do
      [ -e /proc/\$(cat /run/ovn/stray_nb.pid 2>/dev/null || echo 0) ] || break; sleep 0.1; done
      rm -f /run/ovn/stray_nb.pid /run/ovn/stray_nb.sock /run/ovn/stray_nb.ctl /run/ovn/stray_nb.out" || true
    log "ctl1: stray NB ovsdb-server stopped (by its pidfile)"
  fi
  # nb-hand-started: NB served by an ovn-ctl started server while the unit is not active; the
  # unit cannot take the database until that server is gone.
  if node_sh ctl1 '! systemctl is-active -q ovn-ovsdb-server-nb && pid=$(cat /run/ovn/ovnnb_db.pid 2>/dev/null) && [ -e /proc/$pid ]'; then
    node_sh ctl1 '/usr/share/ovn/scripts/ovn-ctl stop_nb_ovsdb >/dev/null 2>&1; rm -f /run/ovn/hand_nb.out' || true
    log "ctl1: hand-started NB ovsdb-server stopped (ovn-ctl stop_nb_ovsdb)"
  fi
  # sb-masked (an OVN DB unit masked on the central node): the lab lifts the mask; the product
  # never does.
  for n in ovn-ovsdb-server-nb ovn-ovsdb-server-sb; do
    if [[ $(node_exec ctl1 systemctl is-enabled "$n" 2>/dev/null || true) == masked* ]]; then
      node_exec ctl1 systemctl unmask "$n"
      log "ctl1: $n unmasked"
    fi
  done
  if node_exec ctl1 test -e /etc/systemd/system/ovn-northd.service.d/incident.conf; then
    node_sh ctl1 'rm -f /etc/systemd/system/ovn-northd.service.d/incident.conf; rmdir /etc/systemd/system/ovn-northd.service.d 2>/dev/null; systemctl daemon-reload'
    restart_northd=1; restart_neutron=1
    log "ctl1: incident drop-in removed"
  fi
  node_write_neutron_config ctl1 && { restart_neutron=1; log "ctl1: canonical Neutron config restored"; }
  local neutron_elsewhere=()   # ctl2 on the clustered shape: its own config, restarted apart from ctl1's
  for n in $(lab_neutron_nodes); do
    [[ $n == "$LAB_CENTRAL" ]] && continue
    node_write_neutron_config "$n" && { neutron_elsewhere+=("$n"); log "$n: canonical Neutron config restored"; }
  done
  for n in $(lab_controllers); do
    if node_write_ovn_ctl_opts "$n"; then   # nb-unix-only: the TCP remotes come back with a DB restart
      node_exec "$n" systemctl restart ovn-ovsdb-server-nb ovn-ovsdb-server-sb
      restart_neutron=1
      log "$n: OVN_CTL_OPTS restored, NB/SB restarted"
    fi
  done
  node_exec ctl1 systemctl reset-failed ovn-ovsdb-server-nb ovn-ovsdb-server-sb ovn-northd $(neutron_units) 2>/dev/null || true
  # Debian 12's stock ovn-northd.service has ExecStop=`ovn-ctl stop_northd --no-monitor`, i.e.
  # WITHOUT --ovn-manage-ovsdb=no: every stop/restart of ovn-northd also stops NB and SB (the
  # seed incident, with no drop-in at all). So restart northd first, then start the databases.
  node_exec ctl1 systemctl is-active -q ovn-northd || restart_northd=1
  ((restart_northd)) && { node_exec ctl1 systemctl restart ovn-northd; log "ctl1: ovn-northd (re)started (a restart also stops NB/SB: stock ExecStop)"; }
  node_exec ctl1 systemctl start mariadb ovn-ovsdb-server-nb ovn-ovsdb-server-sb
  lab_clustered && { heal_cluster_members; heal_cluster_identity; }
  wait_for 30 ovn_dbs_listening || warn "NB/SB still not listening on every controller"
  if lab_clustered; then
    wait_for 30 ovn_clusters_formed || warn "NB/SB clusters not healthy: $(ovn_cluster_summary)"
    log "NB/SB clusters: $(ovn_cluster_summary)"
  fi
  wait_for 15 ovn_dbs_answer || warn "NB/SB do not answer reads"
  if lab_clustered; then
    wait_for 15 northd_one_active || warn "not exactly one ovn-northd active: $(northd_states | xargs)"
    log "ovn-northd: $(northd_states | xargs)"
  else
    wait_for 15 node_sh ctl1 'ovn-appctl -t ovn-northd status | grep -q "Status: active"' || warn "ovn-northd is not active (status: $(node_exec ctl1 ovn-appctl -t ovn-northd status 2>&1))"
  fi
  node_exec ctl1 systemctl start ovn-chassis-extids-sync
  for u in $(neutron_units); do node_exec ctl1 systemctl is-active -q "$u" || restart_neutron=1; done
  # A unit restarting in a loop reads "active" between tries; the API tells the truth.
  ((restart_neutron)) || api_up || restart_neutron=1
  ((restart_neutron)) && { node_exec ctl1 systemctl restart $(neutron_units); log "ctl1: $(neutron_units) restarted"; }
  for n in $(lab_neutron_nodes); do
    [[ $n == "$LAB_CENTRAL" ]] && continue
    # Restarted when its config changed, when it is not active, or when its API does not answer.
    if [[ " ${neutron_elsewhere[*]} " == *" $n "* ]] || ! node_exec "$n" systemctl is-active -q neutron-server || ! api_up_on "$n"; then
      node_exec "$n" systemctl reset-failed neutron-server 2>/dev/null || true
      node_exec "$n" systemctl restart neutron-server
      log "$n: neutron-server restarted"
    fi
  done
  # 4. every ovn-controller running and connected to SB
  lab_ensure_controllers
  neutron_wait_api 90
  wait_for 30 crlrp_bound || warn "cr-lrp not bound to a chassis yet"
  neutron_ensure_gateway_active 20 || warn "router gateway port is $(gateway_status)"
  rm -rf "${LAB_FAULT_DIR:?}"/* "$LAB_FAULTS_FILE"
  lab_wait_healthy 60 heal
  # lab status does not compare server ids or cluster ids (a stale member looks healthy there)
  if lab_clustered; then
    ovn_clusters_consistent || die "heal finished but NB/SB are not 3 members of one cluster each: $(ovn_cluster_ids_summary)"
  fi
  log "heal done in $(elapsed)s: lab healthy (gateway ACTIVE on $(gateway_host))"
}

# Every node's ovn-controller running and connected to SB: one that is not active (stopped,
# failed, or stuck starting) is restarted at once; one that runs gets 20 s to reconnect first.
# LAB WORKAROUND (seen on a fresh boot, CI): ovn-controller 23.03 died of SIGSEGV 30 ms after
# its first start; systemd's automatic restart then found "New main PID … does not exist or
# is a zombie" and waited out the 90 s start timeout with the unit "activating". A restart
# ends that wait. Right after boot it can crash again on restart (its pinctrl thread, seen
# in CI), so it gets up to three restarts.
lab_ensure_controllers() {
  local n state try
  for n in $(lab_chassis_nodes); do
    state=$(node_exec "$n" systemctl is-active ovn-controller 2>/dev/null || true)
    [[ $state == active ]] && wait_for 20 controller_connected "$n" && continue
    for try in 1 2 3; do
      warn "$n: ovn-controller $state, $(node_exec "$n" ovn-appctl -t ovn-controller connection-status 2>/dev/null || echo 'not answering'): restarting it (try $try)"
      node_exec "$n" systemctl restart ovn-controller || true
      wait_for 15 controller_connected "$n" && break
      state=$(node_exec "$n" systemctl is-active ovn-controller 2>/dev/null || true)
    done
    controller_connected "$n" || warn "$n: ovn-controller still not connected to SB"
  done
}

controller_connected() { [[ $(node_exec "$1" ovn-appctl -t ovn-controller connection-status 2>/dev/null) == connected ]]; }

ovn_dbs_answer() { lab_nbctl_read --timeout=3 show >/dev/null && lab_sbctl_read --timeout=3 show >/dev/null; }
northd_one_active() { [[ $(northd_states | awk '$2 == "active"' | wc -l) == 1 ]]; }

# ---------------------------------------------------------------- the clustered shape
fault_member_down() {
  local n=$FAULT_MEMBER_DOWN
  node_exec "$n" systemctl stop ovn-ovsdb-server-nb ovn-ovsdb-server-sb
  log "$n: NB $(node_exec "$n" systemctl is-active ovn-ovsdb-server-nb || true), SB $(node_exec "$n" systemctl is-active ovn-ovsdb-server-sb || true); clusters: $(ovn_cluster_summary)"
}

fault_quorum_lost() {
  local n
  for n in "${FAULT_QUORUM_LOST[@]}"; do
    node_exec "$n" systemctl stop ovn-ovsdb-server-nb ovn-ovsdb-server-sb
  done
  log "${FAULT_QUORUM_LOST[*]}: NB and SB stopped; clusters: $(ovn_cluster_summary)"
}

# SIGKILL of the NB leader's ovsdb-server (its pidfile inside the node). On ctl1, the member that
# created the cluster, the unit's main process is ovn-ctl's shell (it runs the server in the
# background to upgrade the cluster's schema, then waits); on the joiners ovn-ctl execs the
# server. Either way systemd (Restart=on-failure) starts the member again, as a follower.
fault_leader_killed() {
  local leader term pid
  leader=$(ovn_cluster_facts | awk '$2 == "nb" && $4 == "leader" {print $1; exit}')
  [[ -n $leader ]] || die "no NB leader to kill (clusters: $(ovn_cluster_summary))"
  term=$(ovn_cluster_facts | awk -v n="$leader" '$1 == n && $2 == "nb" {print $5}')
  pid=$(node_exec "$leader" cat /run/ovn/ovnnb_db.pid)
  node_exec "$leader" kill -KILL "$pid"
  printf 'node=%s\npid=%s\nterm=%s\nkilled_at=%s\n' "$leader" "$pid" "$term" "$(date +%s.%N)" >"$LAB_FAULT_DIR/leader-killed"
  log "$leader: NB ovsdb-server (pid $pid in the node, leader in term $term) killed with SIGKILL"
  # A new leader, in a later term: usually on another member, but the killed one, restarted by
  # systemd within a second, can win the election itself (seen here: its timer fired first).
  WAIT_STEP=0.2 wait_for 15 _nb_leader_after "$term" || warn "no new NB leader yet: $(ovn_cluster_summary)"
  log "NB leader now: $(ovn_cluster_facts | awk '$2 == "nb" && $4 == "leader" {print $1 " (term " $5 ")"}' | xargs)"
}

# A leader that stalls longer than the election timer (a compaction of a large database, a
# starved CPU): its ovsdb-server is stopped with SIGSTOP, so it neither exits nor answers, and
# continued with SIGCONT after FAULT_LEADER_STALL_S. The other members elect a new leader once
# the timer runs out; the stalled server, on waking, logs how long its main loop did not run
# (timeval) and learns the new leader. Nothing to heal: it runs again (heal sends SIGCONT to
# every member's servers in case this was interrupted mid-stall).
fault_leader_stalled() {
  local l leader term pid f=$LAB_FAULT_DIR/leader-stalled
  mkdir -p "$LAB_FAULT_DIR"
  l=$(_nb_leader); [[ -n $l ]] || die "no single NB leader to stall (clusters: $(ovn_cluster_summary))"
  leader=${l%% *}; term=${l#* }
  pid=$(node_exec "$leader" cat /run/ovn/ovnnb_db.pid)
  printf 'node=%s\npid=%s\nterm=%s\nstopped_at=%s\n' "$leader" "$pid" "$term" "$(date +%s.%N)" >"$f"
  node_exec "$leader" kill -STOP "$pid"
  log "$leader: NB ovsdb-server (pid $pid in the node, leader in term $term) stopped with SIGSTOP for ${FAULT_LEADER_STALL_S} s"
  sleep "$FAULT_LEADER_STALL_S"
  node_exec "$leader" kill -CONT "$pid"
  printf 'continued_at=%s\n' "$(date +%s.%N)" >>"$f"
  WAIT_STEP=0.2 wait_for 15 _nb_leader_after "$term" || warn "no NB leader after term $term yet: $(ovn_cluster_summary)"
  l=$(_nb_leader)
  printf 'leader_after=%s\nterm_after=%s\n' "${l%% *}" "${l#* }" >>"$f"
  log "$leader: continued (SIGCONT); NB leader now ${l%% *} in term ${l#* }"
}

fault_follower_stalled() {
  local l leader n follower="" pid i f=$LAB_FAULT_DIR/follower-stalled
  mkdir -p "$LAB_FAULT_DIR"
  l=$(_nb_leader); [[ -n $l ]] || die "no single NB leader (clusters: $(ovn_cluster_summary))"
  leader=${l%% *}
  for n in $(lab_controllers); do [[ $n != "$leader" ]] && { follower=$n; break; }; done
  pid=$(node_exec "$follower" cat /run/ovn/ovnnb_db.pid)
  printf 'node=%s\npid=%s\nleader=%s\nstopped_at=%s\n' "$follower" "$pid" "$leader" "$(date +%s.%N)" >"$f"
  node_exec "$follower" kill -STOP "$pid"
  for ((i = 1; i <= FAULT_FOLLOWER_WRITES; i++)); do
    node_exec "$leader" ovn-nbctl --db=unix:/var/run/ovn/ovnnb_db.sock ls-add "ovnscope-lag-$i" >/dev/null
  done
  log "$follower: NB ovsdb-server (pid $pid) stopped with SIGSTOP; $FAULT_FOLLOWER_WRITES NB transactions written through the leader $leader"
}

# A neutron-server whose API hangs while the unit and its node look fine, as one does whose
# workers wait on OVN after a cluster regained its majority (seen here, not reproducible on
# demand): stopped, so every request it takes waits.
fault_neutron_stalled() {
  local n=$FAULT_NEUTRON_STALLED
  mkdir -p "$LAB_FAULT_DIR"
  echo "node=$n" >"$LAB_FAULT_DIR/neutron-stalled"
  # Every process of the server: the main one and its workers, whose titles name it too.
  # (`systemctl kill` fails here on the unit's auxiliary processes: this host's cgroup v1.)
  node_exec "$n" pkill -STOP -f /usr/bin/neutron-server
  log "$n: neutron-server stopped with SIGSTOP; its unit: $(node_exec "$n" systemctl is-active neutron-server)"
}

fault_northd_none_active() {
  local n
  for n in $(lab_controllers); do node_exec "$n" ovn-appctl -t ovn-northd pause >/dev/null; done
  log "ovn-northd: $(northd_states | xargs)"
}

# heal, clustered shape: every member's units started (northd first where it is not active:
# the stock unit's ExecStop also stops that controller's NB/SB), paused northds resumed.
heal_cluster_members() {
  local n
  # leader-stalled interrupted mid-stall, follower-stalled: a stopped server is continued (a
  # no-op otherwise); follower-stalled's switches deleted, recorded or not (through ctl1's member
  # whether it leads or not: --no-leader-only, a follower forwards the transaction to the leader).
  for n in $(lab_controllers); do node_exec "$n" pkill -CONT -x ovsdb-server 2>/dev/null || true; done
  # neutron-stalled: its stopped processes continued (a no-op otherwise)
  if [[ -s $LAB_FAULT_DIR/neutron-stalled ]]; then
    local stalled; stalled=$(sed -n 's/^node=//p' "$LAB_FAULT_DIR/neutron-stalled")
    node_exec "$stalled" pkill -CONT -f /usr/bin/neutron-server 2>/dev/null || true
    log "$stalled: neutron-server continued (SIGCONT)"
  fi
  local lag nbctl=(ovn-nbctl --no-leader-only --timeout=10 --db=unix:/var/run/ovn/ovnnb_db.sock)
  for lag in $(node_exec "$LAB_CENTRAL" "${nbctl[@]}" --bare --columns=name find Logical_Switch 2>/dev/null | grep '^ovnscope-lag-' || true); do
    node_exec "$LAB_CENTRAL" "${nbctl[@]}" ls-del "$lag" >/dev/null || warn "cannot delete $lag"
  done
  for n in $(lab_controllers); do
    [[ $n == "$LAB_CENTRAL" ]] && continue   # ctl1: done above, with Neutron's order
    node_exec "$n" systemctl reset-failed ovn-ovsdb-server-nb ovn-ovsdb-server-sb ovn-northd 2>/dev/null || true
    for u in ovn-ovsdb-server-nb ovn-ovsdb-server-sb ovn-northd; do
      if [[ $(node_exec "$n" systemctl is-enabled "$u" 2>/dev/null || true) == masked* ]]; then
        node_exec "$n" systemctl unmask "$u"; log "$n: $u unmasked"
      fi
    done
    if ! node_exec "$n" systemctl is-active -q ovn-northd; then
      node_exec "$n" systemctl restart ovn-northd
      log "$n: ovn-northd (re)started"
    fi
    node_exec "$n" systemctl start ovn-ovsdb-server-nb ovn-ovsdb-server-sb
  done
  for n in $(lab_controllers); do
    if node_exec "$n" ovn-appctl -t ovn-northd status 2>/dev/null | grep -q 'Status: paused'; then
      node_exec "$n" ovn-appctl -t ovn-northd resume >/dev/null
      log "$n: ovn-northd resumed"
    fi
  done
}

# ---------------------------------------------------------------- clustered: identity faults
# A database's names on a controller: its schema name, file, control socket, unit, raft address.
_db_name() { [[ $1 == nb ]] && echo OVN_Northbound || echo OVN_Southbound; }
_db_file() { echo "/var/lib/ovn/ovn$1_db.db"; }
_db_ctl()  { echo "/var/run/ovn/ovn$1_db.ctl"; }
_db_unit() { echo "ovn-ovsdb-server-$1"; }
_db_raft() { echo "tcp:$(node_ip "$1"):$([[ $2 == nb ]] && echo 6643 || echo 6644)"; }  # node db

# One line per controller and database: "node db sid cid status role servers" where sid and
# cid are the member's full ids (cluster/sid, cluster/cid), status has its spaces joined by _,
# and servers lists the short ids cluster/status prints under "Servers:" (comma-separated).
# "-" for what the member does not answer (stopped, or a joining member's cid).
# shellcheck disable=SC2016  # the script runs inside the nodes; $n is spliced in on purpose
ovn_cluster_ids() {
  local n
  for n in $(lab_controllers); do
    node_sh "$n" '
      for db in nb sb; do
        [ $db = nb ] && name=OVN_Northbound || name=OVN_Southbound
        t=/var/run/ovn/ovn${db}_db.ctl
        out=$(timeout 5 ovn-appctl -t $t cluster/status $name 2>/dev/null)
        sid=$(timeout 5 ovn-appctl -t $t cluster/sid $name 2>/dev/null)
        cid=$(timeout 5 ovn-appctl -t $t cluster/cid $name 2>/dev/null)
        st=$(echo "$out" | sed -n "s/^Status: //p" | tr " " _)
        role=$(echo "$out" | sed -n "s/^Role: //p")
        servers=$(echo "$out" | sed -n "/^Servers:/,\$s/^ *\([0-9a-f]\{4\}\) (.*/\1/p" | paste -sd, -)
        echo "'"$n"' $db ${sid:--} ${cid:--} ${st:--} ${role:--} ${servers:--}"
      done' 2>/dev/null || printf '%s nb - - - - -\n%s sb - - - - -\n' "$n" "$n"
  done
}

# Consistent clusters: for NB and SB, every controller answers as "cluster member" with one
# cluster id, and the leader's configuration lists exactly the controllers' server ids.
ovn_clusters_consistent() {
  ovn_cluster_ids | awk '
    { db[$2] = 1; if ($3 == "-" || $4 == "-" || $5 != "cluster_member") bad = 1
      cids[$2 " " $4] = 1; sid[$2] = sid[$2] " " substr($3, 1, 4); n[$2]++
      if ($6 == "leader") { leaders[$2]++; srv[$2] = $7 } }
    END {
      for (d in db) {
        c = 0; for (k in cids) if (index(k, d " ") == 1) c++
        if (c != 1 || leaders[d] != 1) bad = 1
        m = split(srv[d], s, ","); if (m != n[d]) bad = 1
        for (i = 1; i <= m; i++) if (index(sid[d] " ", " " s[i] " ") == 0) bad = 1
      }
      exit bad }'
}
ovn_cluster_ids_summary() {
  ovn_cluster_ids | awk '{printf "%s%s/%s sid=%s cid=%s %s %s servers=%s", (NR > 1 ? "; " : ""), $1, $2, substr($3, 1, 4), substr($4, 1, 4), $5, $6, $7}'
}

# The NB leader as "node term", when exactly one controller says it leads (none: nothing).
_nb_leader() { ovn_cluster_facts | awk '$2 == "nb" && $4 == "leader" {l = $1 " " $5; c++} END {if (c == 1) print l}'; }
_nb_leader_after() { local l; l=$(_nb_leader); [[ -n $l ]] && ((${l#* } > $1)); }  # term

# Leader flapping (hotsos' ovndb_leader_bouncing): the NB leader's ovsdb-server is SIGKILLed as
# in leader-killed, and again as soon as a leader is elected in a later term, several times in
# a row. systemd (Restart=on-failure) restarts each killed member; the next leader is usually
# another member, sometimes the restarted one itself (then the same node is killed again). A
# kill can wait until the one killed before is back, since two of three must vote.
# fault-data/leader-flap: one line per kill, then the leader and term after the last one.
fault_leader_flap() {
  local i leader term="" pid f=$LAB_FAULT_DIR/leader-flap l term0
  mkdir -p "$LAB_FAULT_DIR"
  l=$(_nb_leader); [[ -n $l ]] || die "no single NB leader to start from (clusters: $(ovn_cluster_summary))"
  term0=${l#* }
  printf 'kills=%s\nterm_before=%s\nstarted_at=%s\n' "$FAULT_LEADER_FLAP_KILLS" "$term0" "$(date +%s.%N)" >"$f"
  for ((i = 1; i <= FAULT_LEADER_FLAP_KILLS; i++)); do
    if ((i > 1)); then
      WAIT_STEP=0.1 wait_for 20 _nb_leader_after "$term" ||
        die "kill $((i - 1)) of $FAULT_LEADER_FLAP_KILLS: no new NB leader within 20 s ($(ovn_cluster_summary))"
    fi
    l=$(_nb_leader); leader=${l%% *}; term=${l#* }
    pid=$(node_exec "$leader" cat /run/ovn/ovnnb_db.pid)
    node_exec "$leader" kill -KILL "$pid"
    printf 'kill=%s node=%s pid=%s term=%s killed_at=%s\n' "$i" "$leader" "$pid" "$term" "$(date +%s.%N)" >>"$f"
    log "kill $i/$FAULT_LEADER_FLAP_KILLS: $leader's NB ovsdb-server (pid $pid in the node, leader in term $term) SIGKILLed"
  done
  WAIT_STEP=0.2 wait_for 20 _nb_leader_after "$term" || warn "no NB leader after the last kill yet: $(ovn_cluster_summary)"
  l=$(_nb_leader)
  printf 'leader_after=%s\nterm_after=%s\nended_at=%s\n' "${l%% *}" "${l#* }" "$(date +%s.%N)" >>"$f"
  log "NB leader now ${l%% *} in term ${l#* } (term was $term0 before the first kill)"
}

# Replace a controller's copy of a clustered DB, as a rebuilt node gets it: the unit stopped,
# the file moved aside (never deleted) as <file>.<suffix>, a new file made by ovsdb-tool
# (join: `join-cluster` with the node's own raft address and the other controllers' as
# remotes, i.e. a new server id in the same cluster; create: `create-cluster` with the node's
# own address, a new cluster of one), then the stock unit started (ovn-ctl leaves an existing
# clustered file alone).
member_replace_db() {  # node db join|create suffix
  local n=$1 db=$2 mode=$3 suffix=$4 file laddr c remotes="" make
  file=$(_db_file "$db"); laddr=$(_db_raft "$n" "$db")
  for c in $(lab_controllers); do [[ $c == "$n" ]] || remotes+=" $(_db_raft "$c" "$db")"; done
  if [[ $mode == join ]]; then
    make="ovsdb-tool join-cluster $file $(_db_name "$db") $laddr$remotes"
  else
    make="ovsdb-tool create-cluster $file /usr/share/ovn/ovn-$db.ovsschema $laddr"
  fi
  node_sh "$n" "set -e
    systemctl stop $(_db_unit "$db")
    mv $file $file.$suffix
    $make
    systemctl start $(_db_unit "$db")" >&2
  log "$n: $(_db_unit "$db") stopped, $file moved to $file.$suffix, '$make', unit started"
}

_member_sid() { node_exec "$1" timeout 5 ovn-appctl -t "$(_db_ctl "$2")" cluster/sid "$(_db_name "$2")" 2>/dev/null; }
_member_cid() { node_exec "$1" timeout 5 ovn-appctl -t "$(_db_ctl "$2")" cluster/cid "$(_db_name "$2")" 2>/dev/null; }
_member_is() {  # node db status-word role|- : the member answers with that status and role
  node_exec "$1" timeout 5 ovn-appctl -t "$(_db_ctl "$2")" cluster/status "$(_db_name "$2")" 2>/dev/null |
    awk -v s="$3" -v r="$4" '/^Status: / {st = substr($0, 9)} /^Role: / {ro = $2} END {exit !(st == s && (r == "-" || ro == r))}'
}

# A controller rebuilt and re-joined without removing its old self from the cluster (what
# ovn-kubernetes' ovnkube-db checks for at start and kicks): its DBs get a new server id at
# the same address, the old id stays in the configuration with nobody answering as it.
fault_stale_member() {
  local n=$FAULT_REBUILT db ts old new cid f=$LAB_FAULT_DIR/stale-member
  ts=$(date +%Y%m%dT%H%M%S); mkdir -p "$LAB_FAULT_DIR"; : >"$f"
  for db in "${FAULT_STALE_MEMBER_DBS[@]}"; do
    old=$(_member_sid "$n" "$db") || die "$n: $(_db_name "$db") does not answer cluster/sid"
    cid=$(_member_cid "$n" "$db")
    member_replace_db "$n" "$db" join "stale-member.$ts"
    WAIT_STEP=0.2 wait_for 20 _member_is "$n" "$db" "cluster member" - ||
      warn "$n $db: not a cluster member yet ($(ovn_cluster_ids_summary))"
    new=$(_member_sid "$n" "$db" || echo -)
    printf 'db=%s node=%s old_sid=%s new_sid=%s cid=%s moved_to=%s.stale-member.%s\n' \
      "$db" "$n" "$old" "$new" "$cid" "$(_db_file "$db")" "$ts" >>"$f"
    log "$n $db: re-joined as ${new:0:4} (was ${old:0:4}); the old id stays in the configuration"
  done
  log "clusters: $(ovn_cluster_ids_summary)"
}

# A controller whose DB was re-created as a cluster of its own (create-cluster instead of
# join-cluster, as a rebuild gone wrong does): another Cluster ID, a 1-server cluster it leads,
# an empty database. The other two keep quorum and still list its old server id.
fault_cluster_id_mismatch() {
  local n=$FAULT_REBUILT db ts old cid f=$LAB_FAULT_DIR/cluster-id-mismatch
  ts=$(date +%Y%m%dT%H%M%S); mkdir -p "$LAB_FAULT_DIR"; : >"$f"
  for db in "${FAULT_CID_MISMATCH_DBS[@]}"; do
    old=$(_member_sid "$n" "$db") || die "$n: $(_db_name "$db") does not answer cluster/sid"
    cid=$(_member_cid "$n" "$db")
    member_replace_db "$n" "$db" create "cluster-id-mismatch.$ts"
    WAIT_STEP=0.2 wait_for 20 _member_is "$n" "$db" "cluster member" leader ||
      warn "$n $db: not the leader of its own cluster yet ($(ovn_cluster_ids_summary))"
    printf 'db=%s node=%s old_sid=%s old_cid=%s new_sid=%s new_cid=%s moved_to=%s.cluster-id-mismatch.%s\n' \
      "$db" "$n" "$old" "$cid" "$(_member_sid "$n" "$db" || echo -)" "$(_member_cid "$n" "$db" || echo -)" \
      "$(_db_file "$db")" "$ts" >>"$f"
  done
  log "clusters: $(ovn_cluster_ids_summary)"
}

# heal, clustered shape: every controller back in THE cluster of each DB under one server id.
# The real cluster is the Cluster ID a majority of the controllers answer with; a controller
# answering with another one (cluster-id-mismatch) is re-joined to it (unit stopped, its file
# moved aside as <file>.heal-foreign.<ts> -- never deleted -- `ovsdb-tool join-cluster`, unit
# started: a new server id). Then, once every controller answers as a cluster member, the
# leader kicks (`cluster/kick DB <sid>`) every server id in its configuration that no
# controller answers as (stale-member; the old id of a re-joined one). Nothing is kicked while
# a controller does not answer: a member that is merely slow to start must not be removed.
# The moved-aside files stay on the node.
heal_cluster_identity() {
  local db all ids real n cid ts leader servers s sids kicked=0 rejoined=0
  ts=$(date +%Y%m%dT%H%M%S)
  WAIT_STEP=0.3 wait_for 10 _all_members_answer || warn "not every NB/SB member answers: $(ovn_cluster_ids_summary)"
  all=$(ovn_cluster_ids)
  for db in nb sb; do
    ids=$(awk -v d="$db" '$2 == d' <<<"$all")
    real=$(awk '$4 != "-" {c[$4]++} END {for (k in c) if (c[k] * 2 > NR) print k}' <<<"$ids")
    [[ -n $real ]] || { warn "$db: no Cluster ID held by a majority of the controllers: $(xargs <<<"$ids")"; continue; }
    while read -r n cid; do
      [[ $cid == - || $cid == "$real" ]] && continue
      log "$n $db: in cluster ${cid:0:4}, not ${real:0:4}: re-joining it"
      member_replace_db "$n" "$db" join "heal-foreign.$ts"
      rejoined=1
    done < <(awk '{print $1, $4}' <<<"$ids")
  done
  if ((rejoined)); then
    WAIT_STEP=0.3 wait_for 20 _all_members_joined || warn "not every NB/SB member is a cluster member: $(ovn_cluster_ids_summary)"
    all=$(ovn_cluster_ids)
  fi
  _members_joined_in "$all" || return 0
  for db in nb sb; do
    ids=$(awk -v d="$db" '$2 == d' <<<"$all")
    leader=$(awk '$6 == "leader" {print $1}' <<<"$ids")
    [[ $(wc -w <<<"$leader") == 1 ]] || { warn "$db: no single leader to kick stale servers from"; continue; }
    servers=$(awk '$6 == "leader" {print $7}' <<<"$ids" | tr , ' ')
    sids=" $(awk '{printf "%s ", substr($3, 1, 4)}' <<<"$ids")"
    for s in $servers; do
      [[ $sids == *" $s "* ]] && continue
      log "$leader $db: kicking server $s (in the configuration, no controller answers as it): $(node_exec "$leader" ovs-appctl -t "$(_db_ctl "$db")" cluster/kick "$(_db_name "$db")" "$s" 2>&1 | xargs)"
      kicked=1
    done
  done
  ((kicked)) && { WAIT_STEP=0.3 wait_for 15 ovn_clusters_consistent || warn "clusters still not consistent: $(ovn_cluster_ids_summary)"; }
  return 0
}
_all_members_answer() { ovn_cluster_ids | awk '$3 == "-" {bad = 1} END {exit bad}'; }
_all_members_joined() { _members_joined_in "$(ovn_cluster_ids)"; }
_members_joined_in() { awk '$3 == "-" || $4 == "-" || $5 != "cluster_member" {bad = 1} END {exit bad}' <<<"$1"; }  # ovn_cluster_ids' lines
