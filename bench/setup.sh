#!/usr/bin/env bash
# bench/setup.sh — installs what `npm run bench` needs on the Debian 12 host (as root):
#   pssh (parallel-ssh), ansible-core, openssh-server (for its sshd binary: the simulated nodes).
# The host's own ssh service is neither started (policy-rc.d) nor left enabled by this.
set -euo pipefail
need=()
command -v parallel-ssh >/dev/null 2>&1 || need+=(pssh)
command -v ansible >/dev/null 2>&1 || need+=(ansible-core)
[[ -x /usr/sbin/sshd ]] || need+=(openssh-server)
if ((${#need[@]} == 0)); then echo "bench/setup.sh: pssh, ansible-core and sshd are present"; exit 0; fi
[[ $(id -u) -eq 0 ]] || { echo "bench/setup.sh: must run as root to install: ${need[*]}" >&2; exit 1; }

ssh_was_enabled=no
[[ -e /etc/systemd/system/multi-user.target.wants/ssh.service ]] && ssh_was_enabled=yes
made_policy=no
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\n# bench/setup.sh: no service starts during this install\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 0755 /usr/sbin/policy-rc.d
  made_policy=yes
fi
cleanup() { [[ $made_policy == yes ]] && rm -f /usr/sbin/policy-rc.d; return 0; }
trap cleanup EXIT

echo "bench/setup.sh: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
  { apt-get update -qq && apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }

if [[ " ${need[*]} " == *" openssh-server "* && $ssh_was_enabled == no ]]; then
  # Only the sshd binary is wanted: do not leave the host's ssh service enabled.
  systemctl disable ssh.service ssh.socket >/dev/null 2>&1 || true
fi
echo "bench/setup.sh: done"
