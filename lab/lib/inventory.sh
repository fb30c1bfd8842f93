# shellcheck shell=bash
# lab/lib/inventory.sh — the lab's SSH key pair, its own known_hosts, and the inventory the
# dashboard reads (format: docs/inventory.md).
#
# Host keys are pinned, never learned: each node's ed25519 host key is generated on the host
# (in the node's overlay) and its public half is recorded in $LAB_NODES_DIR/<node>/hostkey.pub
# at that moment. The inventory's hostKey and the lab's known_hosts come from that record,
# so a key changed later on the node (the hostkey-changed fault) is refused, as it should be.

ssh_keypair() {
  install -d -m 0700 "$LAB_SSH_DIR"
  [[ -f $LAB_SSH_DIR/id_ed25519 ]] ||
    ssh-keygen -q -t ed25519 -N '' -C "ovnscope-lab" -f "$LAB_SSH_DIR/id_ed25519"
  # The lab's admin account (ovnslab-admin, sudo), which Ansible logs in with; never ovnscope's.
  [[ -f $LAB_SSH_DIR/admin_ed25519 ]] ||
    ssh-keygen -q -t ed25519 -N '' -C "ovnscope-lab-admin" -f "$LAB_SSH_DIR/admin_ed25519"
}

node_pin_hostkey() {  # node: record the pinned public host key (once per node layer)
  local d r; d=$(node_dir "$1"); r=$(node_root "$1")
  [[ -f $d/hostkey.pub ]] || cp "$r/etc/ssh/ssh_host_ed25519_key.pub" "$d/hostkey.pub"
}
node_hostkey_fp() { ssh-keygen -lf "$(node_dir "$1")/hostkey.pub" | awk '{print $2}'; }

write_known_hosts() {
  local n
  for n in $(lab_nodes); do
    printf '%s %s\n' "$(node_ip "$n")" "$(cut -d' ' -f1,2 "$(node_dir "$n")/hostkey.pub")"
  done | write_if_changed "$LAB_SSH_DIR/known_hosts" 0644 || true
}

# SSH as the unprivileged ovnscope user, exactly as the product will (strict host key check
# against the lab's own known_hosts, the lab key only, no agent, no password prompts).
lab_ssh() {  # node cmd...
  local n=$1; shift
  ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes \
    -o UserKnownHostsFile="$LAB_SSH_DIR/known_hosts" -o GlobalKnownHostsFile=/dev/null \
    -o IdentitiesOnly=yes -o IdentityAgent=none -o HostKeyAlgorithms=ssh-ed25519 \
    -o ConnectTimeout=3 -o LogLevel=ERROR -i "$LAB_SSH_DIR/id_ed25519" "ovnscope@$(node_ip "$n")" "$@"
}

write_inventory() {
  local n
  {
    echo "# ovnscope lab inventory, written by 'lab/bin/lab up' (format: docs/inventory.md)"
    echo "cloud:"
    echo "  name: lab"
    echo "defaults:"
    echo "  port: 22"
    echo "  user: ovnscope"
    echo "  keyFile: $LAB_SSH_DIR/id_ed25519"
    echo "  profile: debian"
    echo "nodes:"
    for n in $(lab_nodes); do
      echo "  - name: $n"
      echo "    address: $(node_ip "$n")"
      echo "    roles: [$(node_roles "$n")]"
      echo "    hostKey: \"$(node_hostkey_fp "$n")\""
    done
    echo "neutron:"
    echo "  node: $LAB_CENTRAL"
    echo "  endpoint: $LAB_API"
    echo "  auth: none"
  } | write_if_changed "$LAB_INVENTORY" 0644 || true
}
