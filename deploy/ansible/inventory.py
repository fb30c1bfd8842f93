#!/usr/bin/env python3
"""Ansible inventory from an ovnscope inventory (docs/inventory.md).

An Ansible "inventory script": `ansible-playbook -i deploy/ansible/inventory.py …` runs it
with --list. It reads the ovnscope inventory named by $OVNSCOPE_INVENTORY (the dashboard's
own variable; default ./inventory.yaml) and prints, as JSON:

- group `ovnscope` with every node, and `ovnscope_controller`, `ovnscope_network`,
  `ovnscope_compute` by role;
- per host (the node's name): `ansible_host` (its address), `ansible_port` (its SSH port),
  `ovnscope_host_keys` (its pinned fingerprints, `hostKey`), `ovnscope_known_hosts_file`
  (its `knownHostsFile`, if any) and `ovnscope_key_file` (the key ovnscope logs in with; the
  playbook installs `<keyFile>.pub` unless told otherwise).

It never sets ansible_user or a private key: the inventory's `user`/`keyFile` are ovnscope's
own unprivileged login, not the administrator account Ansible connects with.

Standard library + PyYAML only (PyYAML is a dependency of ansible-core).
"""
import json
import os
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("inventory.py: needs PyYAML (Debian: python3-yaml; it comes with ansible-core)")

ROLES = ("controller", "ovn-central", "network", "compute")


def fail(msg):
    sys.exit(f"inventory.py: {msg}")


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except OSError as e:
        fail(f"cannot read the ovnscope inventory {path}: {e.strerror} (set OVNSCOPE_INVENTORY)")
    except yaml.YAMLError as e:
        fail(f"{path} is not valid YAML: {e}")
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list) or not doc["nodes"]:
        fail(f"{path}: no nodes (see docs/inventory.md)")
    return doc


def as_list(v):
    if v is None:
        return []
    return list(v) if isinstance(v, list) else [v]


def build(doc, path):
    defaults = doc.get("defaults") or {}
    # Ansible group names take no "-": the ovn-central role's group is ovnscope_ovn_central.
    groups = {g: [] for g in ("ovnscope",) + tuple(f"ovnscope_{r.replace('-', '_')}" for r in ROLES)}
    hostvars = {}
    for i, node in enumerate(doc["nodes"]):
        if not isinstance(node, dict) or not node.get("name") or not node.get("address"):
            fail(f"{path}: nodes[{i}] needs a name and an address")
        name = str(node["name"])
        if name in hostvars:
            fail(f"{path}: duplicate node name {name!r}")
        hv = {
            "ansible_host": str(node["address"]),
            "ansible_port": int(node.get("port", defaults.get("port", 22))),
            "ovnscope_roles": as_list(node.get("roles")),
            "ovnscope_host_keys": [str(k) for k in as_list(node.get("hostKey"))],
        }
        if node.get("knownHostsFile"):
            hv["ovnscope_known_hosts_file"] = str(node["knownHostsFile"])
        key_file = node.get("keyFile", defaults.get("keyFile"))
        if key_file:
            hv["ovnscope_key_file"] = str(key_file)
        hostvars[name] = hv
        groups["ovnscope"].append(name)
        for role in hv["ovnscope_roles"]:
            if role in ROLES:
                groups[f"ovnscope_{role.replace('-', '_')}"].append(name)
    out = {g: {"hosts": hosts} for g, hosts in groups.items()}
    out["ovnscope"]["vars"] = {"ovnscope_cloud": str((doc.get("cloud") or {}).get("name", ""))}
    out["_meta"] = {"hostvars": hostvars}
    return out


def main(argv):
    path = os.environ.get("OVNSCOPE_INVENTORY") or "inventory.yaml"
    if len(argv) == 2 and argv[1] == "--list":
        json.dump(build(load(path), path), sys.stdout, indent=1, sort_keys=True)
    elif len(argv) == 3 and argv[1] == "--host":
        json.dump({}, sys.stdout)  # everything is in --list's _meta
    else:
        sys.stderr.write(
            "usage: OVNSCOPE_INVENTORY=inventory.yaml inventory.py --list\n"
            "  (an Ansible inventory script: ansible-playbook -i deploy/ansible/inventory.py …)\n"
        )
        return 2
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
