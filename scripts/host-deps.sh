#!/usr/bin/env bash
# Installs the Debian packages ovnscope's tests and demo need on the host, if missing:
# Chromium for the browser tests (never a downloaded browser), PostgreSQL for the store tests
# (they start their own throw-away server; the package's default cluster is not used), and
# what the lab needs (lab/bin/lab checks and installs its own too; ansible-core runs
# deploy/ansible's playbook, which installs ovnscope's node side on the lab's nodes), and
# prometheus for promtool (deploy/prometheus' rules) and the metrics test, which starts its own
# prometheus on loopback (the package's own service is not used). Safe to run again: it only
# installs what is absent.
set -euo pipefail
PACKAGES=(chromium fonts-noto-cjk postgresql debootstrap systemd-container iproute2 openssh-client ansible-core prometheus)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $EUID -ne 0 ]]; then
    echo "host-deps: missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "host-deps: installing ${missing[*]}"
  # A fresh machine's own apt (unattended-upgrades at boot) may hold dpkg's lock: wait for it.
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
