# shellcheck shell=bash
# lab/lib/node.sh — one node = an overlay on the base rootfs + systemd-nspawn booting real
# systemd as PID 1 inside the node's own network namespace.
#
# Layout per node ($LAB_NODES_DIR/<node>/): upper/ work/ (overlay layers, the node's own
# state: host keys, OVS DB, MariaDB files, journals), root/ (the merged mount), nspawn.pid,
# nspawn.log, base (which base rootfs the upper layer was made on).

LAB_FILES=$LAB_REPO/lab/files
LAB_PLAYBOOK_DIR=$LAB_REPO/deploy/ansible  # installs ovnscope's node side, as operators do
LAB_ADMIN=ovnslab-admin                    # the account Ansible logs in with (lab only)

node_mounted() { mountpoint -q "$(node_root "$1")"; }

node_mount() {  # node base
  local n=$1 base=$2 d; d=$(node_dir "$n")
  mkdir -p "$d"
  # An upper layer made on another base is meaningless on this one: start the node afresh.
  if [[ -f $d/base && $(cat "$d/base") != "$base" ]] && ! node_running "$n"; then
    warn "$n: base rootfs changed; discarding the node's old layer"
    node_mounted "$n" && umount "$d/root"
    rm -rf "$d/upper" "$d/work"
  fi
  mkdir -p "$d/upper" "$d/work" "$d/root"
  echo "$base" >"$d/base"
  node_mounted "$n" ||
    mount -t overlay "ovnslab-$n" -o "lowerdir=$base,upperdir=$d/upper,workdir=$d/work" "$d/root"
}

node_umount() {
  local r; r=$(node_root "$1")
  mountpoint -q "$r" && { umount "$r" 2>/dev/null || umount -l "$r"; }
  return 0
}

# ---------------------------------------------------------------- processes
node_nspawn_pid() {  # prints the nspawn PID if it is alive and really ours
  local f pid; f=$(node_dir "$1")/nspawn.pid
  [[ -f $f ]] || return 1
  pid=$(cat "$f")
  [[ -n $pid && -d /proc/$pid ]] || return 1
  # PIDs get reused: check that it is the nspawn we started for this node.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "systemd-nspawn .*-M $1 " || return 1
  echo "$pid"
}
node_running() { node_nspawn_pid "$1" >/dev/null; }
node_pid1() {  # the node's PID 1 (systemd) = the child of our nspawn process
  local pid c; pid=$(node_nspawn_pid "$1") || return 1
  c=$(cat "/proc/$pid/task/$pid/children" 2>/dev/null | awk '{print $1}')
  [[ -n $c ]] || return 1
  echo "$c"
}

# Run a command as root inside a node (all of its namespaces), with a clean environment.
# This is how the lab itself acts on nodes: no root SSH login exists.
node_exec() {  # node cmd...
  local n=$1 p; shift
  p=$(node_pid1 "$n") || { echo "lab: node $n is not running" >&2; return 125; }
  nsenter -t "$p" -m -u -i -n -p -C -r -w \
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root \
    SYSTEMD_PAGER= SYSTEMD_COLORS=0 "$@" 9>&-   # fd 9 = the lab lock: daemons started here must not inherit it
}
node_sh() { local n=$1; shift; node_exec "$n" sh -c "$*"; }

# ---------------------------------------------------------------- configuration
# Writes the node's identity and config into its overlay (upper layer) before boot.
node_configure() {  # node
  local n=$1 r m
  r=$(node_root "$n")
  echo "$n" >"$r/etc/hostname"
  {
    printf '127.0.0.1 localhost\n127.0.1.1 %s\n' "$n"
    for m in $(lab_nodes); do printf '%s %s\n' "$(node_ip "$m")" "$m"; done
  } >"$r/etc/hosts"
  # Own machine-id per node (the base has an empty one) so journals and D-Bus tell nodes apart.
  [[ -s $r/etc/machine-id ]] || tr -d '-' </proc/sys/kernel/random/uuid >"$r/etc/machine-id"
  # Own SSH host key per node, made once in its upper layer and pinned in the inventory.
  [[ -f $r/etc/ssh/ssh_host_ed25519_key ]] ||
    ssh-keygen -q -t ed25519 -N '' -C "root@$n" -f "$r/etc/ssh/ssh_host_ed25519_key"
  install -m 0644 "$LAB_FILES/all/sshd-ovnslab.conf" "$r/etc/ssh/sshd_config.d/ovnslab.conf"
  if node_is_chassis "$n"; then
    # Chassis name = node name: ovs-ctl re-applies system-id from this file at every boot.
    echo "$n" >"$r/etc/openvswitch/system-id.conf"
    install -d "$r/etc/systemd/system/ovs-vswitchd.service.d"
    install -m 0644 "$LAB_FILES/all/ovs-vswitchd-lab.conf" "$r/etc/systemd/system/ovs-vswitchd.service.d/ovnslab.conf"
    install -d "$r/etc/ovnslab"
    # ovn-remote: every SB member (the clustered shape) or ctl1's SB.
    cat >"$r/etc/ovnslab/chassis.env" <<ENV
# written by lab/lib/node.sh — read by /usr/local/sbin/ovnslab-chassis
NODE=$n
OVN_REMOTE=$(lab_sb_remotes)
ENCAP_IP=$(node_tun_ip "$n")
GATEWAY=$(node_is_gateway "$n" && echo yes || echo no)
BRIDGE_MAPPINGS=physnet1:br-ex
ENV
    install -m 0755 "$LAB_FILES/all/ovnslab-chassis" "$r/usr/local/sbin/ovnslab-chassis"
    install -m 0644 "$LAB_FILES/all/ovnslab-chassis.service" "$r/etc/systemd/system/ovnslab-chassis.service"
    systemctl --root="$r" enable ovnslab-chassis.service >/dev/null 2>&1
  else
    # ctl2/ctl3 (clustered shape): NB/SB members and ovn-northd. Not chassis: no OVS, no
    # ovn-controller. MariaDB runs on ctl1 only; ctl2's neutron-server uses it over TCP.
    systemctl --root="$r" mask openvswitch-switch.service ovsdb-server.service ovs-vswitchd.service \
      ovn-host.service ovn-controller.service mariadb.service >/dev/null 2>&1
    node_runs_neutron "$n" ||
      systemctl --root="$r" mask neutron-api.service neutron-rpc-server.service >/dev/null 2>&1
  fi

  if node_is_controller "$n"; then
    node_write_ovn_ctl_opts "$n" || true
  else
    # Installing ovn-central enables NB/SB/northd everywhere; only controllers are central.
    # MariaDB (in the shared base for ctl1's Neutron) must not run elsewhere either.
    systemctl --root="$r" mask ovn-central.service ovn-northd.service \
      ovn-ovsdb-server-nb.service ovn-ovsdb-server-sb.service mariadb.service >/dev/null 2>&1
  fi
  if node_runs_neutron "$n"; then
    # "Nothing changed" (a node kept from an earlier up, e.g. after a host reboot) is fine here.
    node_write_neutron_config "$n" || true
    install -m 0644 "$LAB_FILES/ctl1/neutron-server.service" "$r/etc/systemd/system/neutron-server.service"
    systemctl --root="$r" enable neutron-server.service >/dev/null 2>&1
  fi
  if [[ $n == "$LAB_CENTRAL" ]]; then
    install -m 0755 "$LAB_FILES/ctl1/ovn-chassis-extids-sync" "$r/usr/local/sbin/ovn-chassis-extids-sync"
    # The split layout's API entry point (lab/lib/neutron-layout.sh says why).
    install -m 0644 "$LAB_FILES/ctl1/neutron-api-lab.wsgi" "$r/etc/neutron/lab-neutron-api.wsgi"
    install -m 0644 "$LAB_FILES/ctl1/ovn-chassis-extids-sync.service" "$r/etc/systemd/system/ovn-chassis-extids-sync.service"
    node_write_mariadb_remote "$n"
    # The shim's SB writes must reach the leader: every member on the clustered shape.
    install -d "$r/etc/ovnslab"
    if lab_clustered; then echo "OVN_SB_DB=$(lab_sb_remotes)"; else echo "# OVN_SB_DB unset: ovn-sbctl's default (ctl1's unix socket)"; fi |
      write_if_changed "$r/etc/ovnslab/ovn-dbs.env" 0644 || true
    systemctl --root="$r" enable ovn-chassis-extids-sync.service mariadb.service >/dev/null 2>&1
  fi
  node_install_admin "$n"
}

node_write_neutron_config() {  # node; writes canonical Neutron config; returns 0 if anything changed
  local r changed=1; r=$(node_root "$1")
  # The database: ctl1's MariaDB, through its socket on ctl1 and over TCP elsewhere (ctl2).
  if [[ $1 == "$LAB_CENTRAL" ]]; then cat "$LAB_FILES/ctl1/neutron.conf"
  else sed "s|^connection = .*|connection = mysql+pymysql://neutron:neutron@$(node_ip "$LAB_CENTRAL")/neutron|" "$LAB_FILES/ctl1/neutron.conf"
  fi | write_if_changed "$r/etc/neutron/neutron.conf" 0640 && changed=0
  # ovn_nb_connection/ovn_sb_connection: every member (clustered) or ctl1 (the file as shipped).
  sed -e "s|^ovn_nb_connection = .*|ovn_nb_connection = $(lab_nb_remotes)|" \
    -e "s|^ovn_sb_connection = .*|ovn_sb_connection = $(lab_sb_remotes)|" "$LAB_FILES/ctl1/ml2_conf.ini" |
    write_if_changed "$r/etc/neutron/plugins/ml2/ml2_conf.ini" 0640 && changed=0
  chroot "$r" chown root:neutron /etc/neutron/neutron.conf /etc/neutron/plugins/ml2/ml2_conf.ini
  return $changed
}

# Clustered shape: ctl1's MariaDB also listens on its management address, for ctl2's
# neutron-server, and grants the neutron user from the management network. The grant is an
# init-file, so it holds at every start without a step that needs the server running (the
# base made the database and neutron@localhost). Standalone shape: the base's socket-only
# setup, untouched (the file is removed if an earlier clustered lab left it).
node_write_mariadb_remote() {  # node (ctl1)
  local d; d=$(node_root "$1")/etc/mysql
  if ! lab_clustered; then rm -f "$d/mariadb.conf.d/60-ovnslab-remote.cnf" "$d/ovnslab-remote.sql"; return 0; fi
  cat >"$d/ovnslab-remote.sql" <<SQL
CREATE USER IF NOT EXISTS 'neutron'@'$LAB_PREFIX.%' IDENTIFIED BY 'neutron';
GRANT ALL PRIVILEGES ON neutron.* TO 'neutron'@'$LAB_PREFIX.%';
SQL
  chroot "$(node_root "$1")" chown root:mysql /etc/mysql/ovnslab-remote.sql
  chmod 0640 "$d/ovnslab-remote.sql"
  cat >"$d/mariadb.conf.d/60-ovnslab-remote.cnf" <<CNF
# written by lab/lib/node.sh (clustered lab): ctl2's neutron-server reaches this MariaDB over TCP
[mysqld]
bind-address = $(node_ip "$1")
skip-name-resolve
init-file = /etc/mysql/ovnslab-remote.sql
CNF
}

# NB/SB listen on TCP 6641/6642 (Debian's default is unix sockets only). Returns 1 when the
# file already said so (nothing to restart).
OVN_CTL_OPTS_LINE='OVN_CTL_OPTS="--db-nb-create-insecure-remote=yes --db-sb-create-insecure-remote=yes"'
# The clustered shape: RAFT through ovn-ctl's own options (raft ports: its defaults, 6643 NB
# and 6644 SB). ctl1 creates both clusters (ovsdb-tool create-cluster, on first start), ctl2
# and ctl3 join through ctl1 (ovsdb-tool join-cluster); ovn-northd (the same file feeds its
# unit) reads every NB and SB member, so the three northds compete for one lock.
ovn_ctl_opts_line() {  # node
  local n=$1 ip opts
  lab_clustered || { echo "$OVN_CTL_OPTS_LINE"; return; }
  ip=$(node_ip "$n")
  opts="--db-nb-create-insecure-remote=yes --db-sb-create-insecure-remote=yes"
  opts+=" --db-nb-cluster-local-addr=$ip --db-sb-cluster-local-addr=$ip"
  [[ $n == "$LAB_CENTRAL" ]] ||
    opts+=" --db-nb-cluster-remote-addr=$(node_ip "$LAB_CENTRAL") --db-sb-cluster-remote-addr=$(node_ip "$LAB_CENTRAL")"
  opts+=" --ovn-northd-nb-db=$(lab_nb_remotes) --ovn-northd-sb-db=$(lab_sb_remotes)"
  echo "OVN_CTL_OPTS=\"$opts\""
}
node_write_ovn_ctl_opts() {  # node
  local f line; f=$(node_root "$1")/etc/default/ovn-central
  line=$(ovn_ctl_opts_line "$1")
  grep -qxF "$line" "$f" && return 1
  sed -i '/^OVN_CTL_OPTS=/d' "$f"
  echo "$line" >>"$f"
}

# What an operator's provisioning gives them before ovnscope's playbook runs: an admin account
# Ansible logs in with (key only, the lab's admin key) and sudo for it. Written into the node's
# root from the host (before boot, and on running nodes: `up` and `heal` call it every time).
node_install_admin() {  # node
  local n=$1 r uid gid tmp
  r=$(node_root "$n")
  grep -q "^$LAB_ADMIN:" "$r/etc/passwd" ||
    chroot "$r" useradd --create-home --shell /bin/sh --comment "ovnscope lab, Ansible" "$LAB_ADMIN"
  uid=$(awk -F: -v u="$LAB_ADMIN" '$1==u{print $3}' "$r/etc/passwd")
  gid=$(awk -F: -v u="$LAB_ADMIN" '$1==u{print $4}' "$r/etc/passwd")
  install -d -m 0700 -o "$uid" -g "$gid" "$r/home/$LAB_ADMIN/.ssh"
  cmp -s "$LAB_SSH_DIR/admin_ed25519.pub" "$r/home/$LAB_ADMIN/.ssh/authorized_keys" ||
    install -m 0600 -o "$uid" -g "$gid" "$LAB_SSH_DIR/admin_ed25519.pub" "$r/home/$LAB_ADMIN/.ssh/authorized_keys"
  tmp=$r/etc/sudoers.d/.$LAB_ADMIN.new
  printf '# written by lab/lib/node.sh: the lab account Ansible logs in with\n%s ALL=(ALL:ALL) NOPASSWD: ALL\n' \
    "$LAB_ADMIN" >"$tmp"
  if cmp -s "$tmp" "$r/etc/sudoers.d/$LAB_ADMIN"; then rm -f "$tmp"; return 0; fi
  chmod 0440 "$tmp"
  chroot "$r" visudo -cqf "/etc/sudoers.d/.$LAB_ADMIN.new" >/dev/null || { rm -f "$tmp"; die "$n: the lab's admin sudoers fails visudo"; }
  mv -f "$tmp" "$r/etc/sudoers.d/$LAB_ADMIN"
}

# ovnscope's node side (user, key, scripts, sudoers) is installed by deploy/ansible's playbook,
# over SSH as the admin account, exactly as operators install it: at every `up` (also on
# running nodes, so nodes always run the checkout's scripts) and `heal`. Ansible checks host
# keys against the lab's known_hosts (the pins; never learned). Its masters (ControlPersist)
# live only for one run. Prints the PLAY RECAP; the whole run is in $LAB_ANSIBLE_DIR/last-run.log,
# the fingerprints each node reported in $LAB_ANSIBLE_DIR/hostkeys.yaml.
LAB_ANSIBLE_DIR=$LAB_STATE/ansible
# Every node already holds exactly what the playbook installs (read from its root on disk,
# no login): the ovnscope user, its authorized_keys = the lab key, every deploy/libexec script
# (same bytes, 0755) and the sudoers snippet (same bytes, 0440). `up` and `heal` run the
# playbook only when one differs: it costs ~4 s per run and the suite runs them dozens of times.
# (A first up, the sudo-denied fault and deploy-ansible.test.ts still go through it.)
nodes_access_current() {
  local n r f libexec=$LAB_REPO/deploy/libexec/ovnscope sudoers=$LAB_REPO/deploy/sudoers.d/ovnscope
  for n in $(lab_nodes); do
    node_running "$n" || return 1
    r=$(node_root "$n")
    grep -q '^ovnscope:' "$r/etc/passwd" || return 1
    cmp -s "$LAB_SSH_DIR/id_ed25519.pub" "$r/home/ovnscope/.ssh/authorized_keys" || return 1
    cmp -s "$sudoers" "$r/etc/sudoers.d/ovnscope" || return 1
    [[ $(stat -c %a "$r/etc/sudoers.d/ovnscope") == 440 ]] || return 1
    mountpoint -q "$r/usr/local/libexec/ovnscope" && return 1
    for f in "$libexec"/*; do
      cmp -s "$f" "$r/usr/local/libexec/ovnscope/${f##*/}" || return 1
      [[ $(stat -c %a "$r/usr/local/libexec/ovnscope/${f##*/}") == 755 ]] || return 1
    done
  done
}

nodes_install_access() {  # [ansible-playbook args...]
  local rc=0 n s t0=$SECONDS
  command -v ansible-playbook >/dev/null || die "ansible-playbook missing (Debian: apt-get install ansible-core)"
  mkdir -p "$LAB_ANSIBLE_DIR/cp"
  # Labs booted before the playbook installed the scripts had them bind-mounted read-only.
  for n in $(lab_nodes); do
    node_exec "$n" sh -c 'mountpoint -q /usr/local/libexec/ovnscope && umount /usr/local/libexec/ovnscope' 2>/dev/null || true
  done
  (
    cd "$LAB_PLAYBOOK_DIR" &&
      env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="${HOME:-/root}" LANG=C.UTF-8 \
        ANSIBLE_CONFIG="$LAB_PLAYBOOK_DIR/ansible.cfg" OVNSCOPE_INVENTORY="$LAB_INVENTORY" \
        ANSIBLE_REMOTE_USER="$LAB_ADMIN" ANSIBLE_PRIVATE_KEY_FILE="$LAB_SSH_DIR/admin_ed25519" \
        ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=30s -o ControlPath=$LAB_ANSIBLE_DIR/cp/%C" \
        ANSIBLE_SSH_COMMON_ARGS="-F /dev/null -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$LAB_SSH_DIR/known_hosts -o GlobalKnownHostsFile=/dev/null -o HostKeyAlgorithms=ssh-ed25519 -o IdentitiesOnly=yes -o IdentityAgent=none -o ConnectTimeout=5" \
        ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_NOCOLOR=1 \
        ANSIBLE_DISPLAY_OK_HOSTS=false ANSIBLE_DISPLAY_SKIPPED_HOSTS=false \
        ansible-playbook -i inventory.py install-node-side.yml \
        -e "ovnscope_hostkeys_report=$LAB_ANSIBLE_DIR/hostkeys.yaml" "$@"
  ) >"$LAB_ANSIBLE_DIR/last-run.log" 2>&1 9>&- || rc=$?
  # End this run's SSH masters now: a later run must connect (and check the host key) anew.
  for s in "$LAB_ANSIBLE_DIR"/cp/*; do
    [[ -S $s ]] && { ssh -F /dev/null -o ControlPath="$s" -O exit lab-node >/dev/null 2>&1 9>&- || true; }
  done
  if ((rc)); then
    sed -n '/^fatal:\|^failed:\|UNREACHABLE\|^ERROR/,+3p' "$LAB_ANSIBLE_DIR/last-run.log" | head -40 >&2
    warn "deploy/ansible/install-node-side.yml failed (rc=$rc; $LAB_ANSIBLE_DIR/last-run.log)"
  fi
  sed -n '/^PLAY RECAP/,$p' "$LAB_ANSIBLE_DIR/last-run.log" | sed '1d;/^$/d' | while read -r line; do
    log "ansible: $(tr -s ' ' <<<"$line")"
  done
  log "deploy/ansible/install-node-side.yml ran in $((SECONDS - t0))s"
  return $rc
}

# ---------------------------------------------------------------- boot / stop
node_boot() {  # node
  local n=$1 d ns
  d=$(node_dir "$n"); ns=$(node_netns "$n")
  node_running "$n" && return 0
  # --register=no --keep-unit: there is no systemd (machined) on the host to register with.
  # --capability=CAP_NET_ADMIN: joining a netns with --network-namespace-path drops it, and
  #   OVS's netdev datapath needs it to create tap devices (LAB WORKAROUND).
  # setsid + stdin </dev/null: nspawn must not hold our terminal or die with our shell.
  setsid systemd-nspawn -b -D "$d/root" -M "$n" --register=no --keep-unit \
    --capability=CAP_NET_ADMIN --network-namespace-path="/run/netns/$ns" \
    --console=read-only >"$d/nspawn.log" 2>&1 </dev/null 9>&- &
  echo $! >"$d/nspawn.pid"
}

node_wait_booted() {  # node timeout
  local n=$1 t=${2:-60}
  wait_for "$t" node_pid1 "$n" || die "$n: systemd-nspawn did not start (see $(node_dir "$n")/nspawn.log)"
  WAIT_STEP=0.3 wait_for "$t" node_sh "$n" 'systemctl is-system-running | grep -Eq "^(running|degraded)$"' ||
    warn "$n: systemd did not finish booting in ${t}s ($(node_exec "$n" systemctl is-system-running 2>&1))"
}

# LAB WORKAROUND (seen in CI on a warm up, 2026-12-03): on this host's nested cgroup v2, a unit
# started in the first moments of a container's boot can fail with status=219/CGROUP ("Failed
# to attach to cgroup /system.slice/…: No such file or directory"). When that unit is
# systemd-user-sessions, /run/nologin stays and PAM refuses every unprivileged login, i.e.
# ovnscope's SSH. Start units that failed that way once more; say which.
node_retry_cgroup_failures() {  # node
  local n=$1 retried
  retried=$(node_sh "$n" 'for u in $(systemctl list-units --state=failed --plain --no-legend --no-pager | awk "{print \$1}"); do
      if [ "$(systemctl show -p ExecMainStatus --value "$u")" = 219 ]; then
        systemctl reset-failed "$u"; systemctl start "$u" && echo "$u"
      fi
    done
    # A retried systemd-tmpfiles-setup creates /run/nologin again after boot has ended; only
    # systemd-user-sessions removes it (PAM refuses the ovnscope user while it exists).
    if [ -e /run/nologin ] && systemctl is-active -q systemd-user-sessions; then
      systemctl restart systemd-user-sessions
    fi') || true
  [[ -z $retried ]] || warn "$n: started again after failing at boot with status=219/CGROUP: $(xargs <<<"$retried")"
}

# Orderly shutdown of several nodes at once; SIGKILL the node's PID 1 after a deadline.
nodes_stop() {  # timeout nodes...
  local t=$1 n pid p1 end; shift
  local pids=()
  for n in "$@"; do
    pid=$(node_nspawn_pid "$n") || continue
    # SIGTERM makes systemd-nspawn ask the node's systemd for a clean poweroff.
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$n:$pid")
  done
  end=$(($(date +%s) + t))
  for e in "${pids[@]}"; do
    n=${e%%:*}; pid=${e#*:}
    while [[ -d /proc/$pid ]] && (($(date +%s) < end)); do sleep 0.2; done
    if [[ -d /proc/$pid ]]; then
      warn "$n: no clean shutdown in ${t}s; killing its PID 1"
      p1=$(node_pid1 "$n") && kill -KILL "$p1" 2>/dev/null
      for _ in $(seq 1 25); do [[ -d /proc/$pid ]] || break; sleep 0.2; done
      [[ -d /proc/$pid ]] && kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$(node_dir "$n")/nspawn.pid"
  done
}
