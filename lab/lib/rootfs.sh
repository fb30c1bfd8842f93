# shellcheck shell=bash
# lab/lib/rootfs.sh — the base root filesystem, built once and cached.
#
# Every node is an overlay on one read-only base (lowerdir). The base lives in
# $LAB_BASE_DIR/<hash>/rootfs where <hash> covers the package list and the build recipe
# version, so changing either builds a new base next to the old one (never in place).
# `down` keeps it: that is what makes a warm `up` fast.
#
# The base also carries the *migrated* Neutron MariaDB database (neutron-db-manage
# upgrade heads, ~5-10 s plus MariaDB start) so no node ever migrates at `up` time.

BASE_RECIPE_VERSION=3   # bump when the build steps below change in a way the hash cannot see

# debootstrap stage: the smallest bootable systemd system.
BASE_DEBOOTSTRAP_INCLUDE=systemd,systemd-sysv,dbus,ca-certificates,apt-utils
# apt stage (inside the new rootfs, with the host's updates/security suites so versions match the host).
BASE_PACKAGES=(
  openssh-server sudo curl iproute2 iputils-ping procps less nftables kmod ethtool
  openvswitch-switch ovn-central ovn-host
  neutron-server python3-openstackclient mariadb-server python3-pymysql
)

base_hash() {
  printf '%s\n' "recipe=$BASE_RECIPE_VERSION" "debootstrap=$BASE_DEBOOTSTRAP_INCLUDE" "${BASE_PACKAGES[@]}" |
    sha256sum | cut -c1-16
}
base_rootfs() { echo "$LAB_BASE_DIR/$(base_hash)/rootfs"; }

# The Debian mirror(s), read from the host's own apt sources at run time (never hard-coded).
# Prints "deb URI SUITE main" lines for bookworm, bookworm-updates and bookworm-security,
# from deb822 *.sources and one-line *.list files; disabled files are ignored.
host_debian_sources() {
  local f files=()
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] && files+=("$f")
  done
  ((${#files[@]})) || return 0
  awk '
    function flush() { if (uris != "" && types ~ /(^| )deb( |$)/) { n = split(uris, U, " "); m = split(suites, S, " ");
        for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) emit(U[i], S[j]) } uris = suites = types = "" }
    function emit(u, s) { if (s ~ /^bookworm(-updates|-security)?$/ && !seen[u " " s]++) print "deb " u " " s " main" }
    FILENAME ~ /\.sources$/ {
      if (FILENAME != last) { flush(); last = FILENAME }
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      if ($1 == "Types:") { $1 = ""; types = $0 }
      if ($1 == "URIs:") { $1 = ""; uris = $0 }
      if ($1 == "Suites:") { $1 = ""; suites = $0 }
      next
    }
    $1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } emit($i, $(i + 1)) }
    END { flush() }' "${files[@]}"
}
host_mirror() { host_debian_sources | awk '$3 == "bookworm" {print $2; exit}'; }

build_base() {
  local base dir tmp mirror
  base=$(base_rootfs); dir=$(dirname "$base")
  if [[ -f $dir/complete ]]; then log "base rootfs cached: $base"; return 0; fi
  mirror=$(host_mirror)
  [[ -n $mirror ]] || die "no Debian bookworm mirror found in the host's apt sources (/etc/apt/sources.list*)"
  tmp=$dir/rootfs.partial
  rm -rf "$tmp" "$base"; mkdir -p "$tmp"
  log "building base rootfs (cold, ~2 min): debootstrap bookworm from $mirror"
  debootstrap --variant=minbase --include="$BASE_DEBOOTSTRAP_INCLUDE" bookworm "$tmp" "$mirror" \
    >"$dir/debootstrap.log" 2>&1 || { tail -20 "$dir/debootstrap.log" >&2; die "debootstrap failed (log: $dir/debootstrap.log)"; }
  log "debootstrap done; installing OVN/OVS, Neutron, MariaDB, sshd, sudo into the base"
  host_debian_sources >"$tmp/etc/apt/sources.list"
  # No daemon may start inside the build (policy-rc.d 101), and dpkg need not fsync a
  # throwaway build tree (force-unsafe-io halves the install time on this VM).
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"; chmod +x "$tmp/usr/sbin/policy-rc.d"
  echo force-unsafe-io >"$tmp/etc/dpkg/dpkg.cfg.d/ovnslab-unsafe-io"
  base_nspawn "$tmp" sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${BASE_PACKAGES[*]}" \
    >"$dir/apt.log" 2>&1 || { tail -20 "$dir/apt.log" >&2; die "package install in the base failed (log: $dir/apt.log)"; }
  log "packages installed; preparing the base (users, units, Neutron DB migration)"
  base_prepare "$tmp" >"$dir/prepare.log" 2>&1 || {
    tail -30 "$dir/prepare.log" >&2; die "base preparation failed (log: $dir/prepare.log)"; }
  rm -f "$tmp/usr/sbin/policy-rc.d" "$tmp/etc/dpkg/dpkg.cfg.d/ovnslab-unsafe-io"
  base_nspawn "$tmp" apt-get clean >/dev/null 2>&1 || true
  # systemd-nspawn leaves an empty propagation dir named after the directory; ours, remove it.
  rm -rf "/run/systemd/nspawn/propagate/rootfs.partial"
  mv "$tmp" "$base"
  date -u +%FT%TZ >"$dir/complete"
  log "base rootfs ready: $base ($(du -sh "$base" | cut -f1))"
}

# Run a command in a rootfs that is not booted (build time only; uses the host's network).
base_nspawn() {
  local root=$1; shift
  systemd-nspawn -q -D "$root" --register=no --keep-unit -E DEBIAN_FRONTEND=noninteractive \
    -E LANG=C.UTF-8 "$@" </dev/null
}

base_prepare() {
  local r=$1
  set -x
  # One identity per node: the base carries no machine-id and no SSH host keys; every node
  # gets its own in its overlay upper layer (systemd creates the machine-id at first boot).
  : >"$r/etc/machine-id"; rm -f "$r/var/lib/dbus/machine-id"
  rm -f "$r"/etc/ssh/ssh_host_*
  # The unprivileged user ovnscope logs in as; systemd-journal lets it read journals
  # without sudo. No password: key only (authorized_keys is written per node at every up).
  base_nspawn "$r" sh -c 'id ovnscope >/dev/null 2>&1 || useradd -m -s /bin/bash -G systemd-journal ovnscope; passwd -l ovnscope' || return 1
  # Debian ships neutron-api (uwsgi) + neutron-rpc-server units; the lab runs one
  # monolithic neutron-server unit instead (written per node by lab/lib/node.sh), as Ubuntu does.
  base_nspawn "$r" systemctl disable neutron-api.service neutron-rpc-server.service || true
  # Migrate the Neutron DB once, here, so no `up` ever waits for it (MariaDB, not SQLite:
  # SQLite cannot run Neutron's ALTER-constraint migrations).
  # (/root, not /tmp: systemd-nspawn mounts a fresh tmpfs on /tmp)
  cat >"$r/root/neutron-migrate.conf" <<'CONF'
[DEFAULT]
core_plugin = ml2
service_plugins = ovn-router
[database]
connection = mysql+pymysql://neutron:neutron@localhost/neutron?unix_socket=/run/mysqld/mysqld.sock
CONF
  chmod 0644 "$r/root/neutron-migrate.conf"
  base_nspawn "$r" sh -ec '
    install -d -o mysql -g mysql /run/mysqld
    /usr/sbin/mariadbd --user=mysql --skip-networking >/root/mariadbd.log 2>&1 &
    for i in $(seq 1 60); do mysqladmin ping >/dev/null 2>&1 && break; sleep 0.5; done
    mysql -e "CREATE DATABASE IF NOT EXISTS neutron CHARACTER SET utf8mb4;
              CREATE USER IF NOT EXISTS neutron@localhost IDENTIFIED BY '"'neutron'"';
              GRANT ALL ON neutron.* TO neutron@localhost; FLUSH PRIVILEGES;"
    cp /root/neutron-migrate.conf /etc/neutron/migrate.conf; chown root:neutron /etc/neutron/migrate.conf
    su -s /bin/sh neutron -c "neutron-db-manage --config-file /etc/neutron/migrate.conf upgrade heads"
    mysqladmin shutdown
    wait || true
    rm -f /root/neutron-migrate.conf /root/mariadbd.log /etc/neutron/migrate.conf' || return 1
  # Fail the build (not just log) when the migration did not land.
  compgen -G "$r/var/lib/mysql/neutron/alembic_version.*" >/dev/null || return 1
  set +x
}
