# shellcheck shell=bash
# lab/lib/status.sh — what the lab looks like right now, read from the nodes themselves
# (nsenter for unit states and sockets, SSH as ovnscope for reachability, the Neutron API
# for the gateway port). `status` exits 0 when the lab is healthy, 1 when it is not.

node_units() {  # units that matter on a node, by role
  echo ssh
  if node_is_chassis "$1"; then echo openvswitch-switch ovsdb-server ovs-vswitchd ovn-controller ovnslab-chassis; fi
  if node_is_controller "$1"; then echo ovn-ovsdb-server-nb ovn-ovsdb-server-sb ovn-northd; fi
  if node_runs_neutron "$1"; then neutron_units_on "$1"; fi
  [[ $1 == "$LAB_CENTRAL" ]] && echo mariadb ovn-chassis-extids-sync
  return 0
}

# One line per fact, "key value", gathered in a single nsenter per node.
node_facts() {  # node
  local n=$1 units chassis=no ctl=no SBCTL
  SBCTL=$(lab_sbctl_read_cmd)
  units=$(node_units "$n" | xargs)
  node_is_chassis "$n" && chassis=yes
  node_is_controller "$n" && ctl=yes
  node_sh "$n" "
    for u in $units; do printf 'unit %s %s\n' \$u \$(systemctl show -p ActiveState --value \$u.service); done
    if [ $chassis = yes ]; then
    printf 'controller %s\n' \"\$(ovn-appctl -t ovn-controller connection-status 2>/dev/null | tr ' ' _ || true)\"
    [ -n \"\$(ovn-appctl -t ovn-controller connection-status 2>/dev/null)\" ] || printf 'controller down\n'
    printf 'mappings %s\n' \"\$(ovs-vsctl --timeout=3 --if-exists get open . external_ids:ovn-bridge-mappings 2>/dev/null | tr -d '\"' )\"
    fi
    printf 'hostkey %s\n' \"\$(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2)\"
    if [ $ctl = yes ]; then
      ss -Hltn | awk '{print \$4}' | grep -qE ':6641\$' && echo 'listen nb yes' || echo 'listen nb no'
      ss -Hltn | awk '{print \$4}' | grep -qE ':6642\$' && echo 'listen sb yes' || echo 'listen sb no'
    fi
    if [ $n = $LAB_CENTRAL ]; then
      printf 'neutron_restarts %s\n' \$(systemctl show -p NRestarts --value $(neutron_units | awk '{print $1}').service)
      ch=\$($SBCTL --timeout=3 --bare --columns=chassis find Port_Binding type=chassisredirect 2>/dev/null | head -1)
      if [ -n \"\$ch\" ]; then printf 'crlrp %s\n' \$($SBCTL --timeout=3 --bare --columns=name list Chassis \$ch)
      else echo 'crlrp -'; fi
    fi" 2>/dev/null
}

# Logs in as ovnscope and asks sudo (without running it) whether the collect script is allowed.
ssh_state() {  # node -> ok | hostkey-mismatch | sudo-denied | unreachable
  local err
  if err=$(lab_ssh "$1" sudo -n -l /usr/local/libexec/ovnscope/collect 2>&1); then echo ok
  elif grep -qiE 'host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED' <<<"$err"; then echo hostkey-mismatch
  elif grep -qiE '^sudo:' <<<"$err"; then echo sudo-denied
  else echo unreachable; fi
}

# Collect everything as JSON (the human view is rendered from it).
lab_status_json() {
  local n facts nodes_json='[]' ssh running gw tmp pids=()
  # Each node's facts and its ssh check are a few round trips: every node is asked at once
  # (heal and up wait on two of these reads in a row; one node after another took ~2 s).
  tmp=$(mktemp -d)
  for n in $(lab_nodes); do
    ( if node_running "$n"; then : >"$tmp/$n.running"; node_facts "$n" >"$tmp/$n.facts" || true; fi
      ssh_state "$n" >"$tmp/$n.ssh" ) &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  for n in $(lab_nodes); do
    running=false; facts=""
    if [[ -e $tmp/$n.running ]]; then running=true; facts=$(cat "$tmp/$n.facts"); fi
    ssh=$(cat "$tmp/$n.ssh")
    nodes_json=$(jq -c --arg n "$n" --arg ip "$(node_ip "$n")" --arg roles "$(node_roles "$n")" \
      --argjson running "$running" --arg ssh "$ssh" --arg facts "$facts" --arg pinned "$(node_hostkey_fp "$n" 2>/dev/null)" \
      --argjson chassis "$(node_is_chassis "$n" && echo true || echo false)" \
      --argjson controller "$(node_is_controller "$n" && echo true || echo false)" '
      ($facts | split("\n") | map(select(length > 0) | split(" "))) as $f |
      . + [{name: $n, address: $ip, roles: ($roles | split(", ")), running: $running, ssh: $ssh,
        chassis: $chassis,
        pinnedHostKey: $pinned,
        hostKey: ([$f[] | select(.[0] == "hostkey") | .[1]] | first),
        units: ([$f[] | select(.[0] == "unit") | {(.[1]): .[2]}] | add // {}),
        ovnController: (if $chassis then ([$f[] | select(.[0] == "controller") | .[1:] | join(" ")] | first // "unknown" | gsub("_"; " ")) else "n/a" end),
        bridgeMappings: ([$f[] | select(.[0] == "mappings") | .[1:] | join(" ")] | first // ""),
        central: (if $n == "ctl1" then {
          nbListening: ([$f[] | select(.[0] == "listen" and .[1] == "nb") | .[2] == "yes"] | first // false),
          sbListening: ([$f[] | select(.[0] == "listen" and .[1] == "sb") | .[2] == "yes"] | first // false),
          neutronRestarts: ([$f[] | select(.[0] == "neutron_restarts") | .[1] | tonumber? ] | first // null),
          crLrpChassis: ([$f[] | select(.[0] == "crlrp") | .[1]] | first // "-")
        } elif $controller then {
          nbListening: ([$f[] | select(.[0] == "listen" and .[1] == "nb") | .[2] == "yes"] | first // false),
          sbListening: ([$f[] | select(.[0] == "listen" and .[1] == "sb") | .[2] == "yes"] | first // false)
        } else null end)}]' <<<"$nodes_json")
  done
  rm -rf "$tmp"
  gw=$(gateway_status)
  jq -n --argjson nodes "$nodes_json" --arg gw "$gw" --arg gwhost "$(gateway_host 2>/dev/null || true)" \
    --arg faults "$( [[ -f $LAB_FAULTS_FILE ]] && cat "$LAB_FAULTS_FILE" || true)" --arg inv "$LAB_INVENTORY" \
    --argjson cluster "$(lab_cluster_json)" --argjson controllers "$(lab_controller_count)" '
    {inventory: $inv, controllers: $controllers, faults: ($faults | split("\n") | map(select(length > 0))), nodes: $nodes,
     cluster: $cluster,
     neutron: {endpoint: "'"$LAB_API"'", gatewayPort: $gw, gatewayHost: $gwhost}}'
}

# The clustered shape: per controller and database its RAFT status (cluster/status), and
# each controller's ovn-northd status (active/standby/paused). null on the standalone shape.
lab_cluster_json() {
  lab_clustered || { echo null; return; }
  local members northd
  members=$(ovn_cluster_facts)
  northd=$(northd_states)
  jq -n --arg m "$members" --arg d "$northd" '
    {members: ($m | split("\n") | map(select(length > 0) | split(" ") |
       {node: .[0], db: .[1], status: (.[2] | gsub("_"; " ")), role: .[3], term: (.[4] | tonumber? // null), leader: .[5]})),
     northd: ($d | split("\n") | map(select(length > 0) | split(" ") | {node: .[0], status: .[1]}))}'
}

# Problems as lines of text; empty output = healthy.
health_problems_from_json() {
  local js; js=$(cat)
  jq -r '
    .nodes[] as $n |
    (if ($n.running | not) then "\($n.name): not running" else empty end),
    (if $n.ssh != "ok" then "\($n.name): ssh as ovnscope: \($n.ssh)" else empty end),
    ($n.units | to_entries[] | select(.value != "active") | "\($n.name): unit \(.key) is \(.value)"),
    (if $n.running and $n.chassis and $n.ovnController != "connected" then "\($n.name): ovn-controller \($n.ovnController)" else empty end),
    (if ($n.roles | index("network")) and ($n.bridgeMappings | test("physnet1:br-ex") | not) then "\($n.name): ovn-bridge-mappings lacks physnet1:br-ex" else empty end),
    (if $n.central then
       (if $n.central.nbListening | not then "\($n.name): nothing listens on 6641 (NB)" else empty end),
       (if $n.central.sbListening | not then "\($n.name): nothing listens on 6642 (SB)" else empty end),
       (if $n.central.crLrpChassis == "-" then "cr-lrp (router gateway) is bound to no chassis" else empty end)
     else empty end),
    (if $n.central and ($n.central.neutronRestarts // 0) > 0 then "\($n.name): neutron-server restarted \($n.central.neutronRestarts) time(s) by systemd (crash loop?)" else empty end)
  ' <<<"$js"
  jq -r 'if .neutron.gatewayPort != "ACTIVE" then "router gateway port: \(.neutron.gatewayPort)" else empty end' <<<"$js"
  jq -r 'select(.cluster != null) | .cluster |
    (.members[] | select(.status != "cluster member") | "\(.node): \(.db | ascii_upcase) member \(.status)"),
    ((["nb", "sb"][]) as $db | [.members[] | select(.db == $db and .role == "leader")] | length |
      if . != 1 then "\($db | ascii_upcase) cluster has \(.) leader(s)" else empty end),
    ([.northd[] | select(.status == "active")] | length | if . != 1 then "\(.) ovn-northd active (want exactly 1)" else empty end),
    (.northd[] | select(.status != "active" and .status != "standby") | "\(.node): ovn-northd \(.status)")' <<<"$js"
}

lab_health_problems() { lab_status_json | health_problems_from_json; }

# Wait until `lab status` finds no problem; die with the problems after $1 seconds.
lab_wait_healthy() {  # timeout what
  # Healthy on two checks in a row, 2 s apart: right after a change the chassis can claim the
  # gateway's cr-lrp and let it go again while they settle (seen in CI: heal returned, then
  # "cr-lrp bound to no chassis").
  local problems end=$(($(date +%s) + $1)) streak=0
  while :; do
    problems=$(lab_health_problems)
    if [[ -z $problems ]]; then streak=$((streak + 1)); else streak=0; fi
    ((streak >= 2 || $(date +%s) >= end)) && break
    sleep 2
  done
  if [[ -n $problems ]]; then
    printf '%s\n' "$problems" | sed 's/^/  unhealthy: /' >&2
    die "$2 finished but the lab is not healthy"
  fi
}

lab_status() {  # json(0|1)
  preflight
  [[ -f $LAB_TOPOLOGY ]] || { ((${1})) && echo '{"up":false}' || echo "lab: not up (run: lab/bin/lab up)"; return 1; }
  local js problems
  js=$(lab_status_json)
  problems=$(health_problems_from_json <<<"$js")
  if (($1)); then
    jq --arg p "$problems" '. + {up: true, healthy: ($p == ""), problems: ($p | split("\n") | map(select(length > 0)))}' <<<"$js"
  else
    jq -r '
      "lab: \(.nodes | length) nodes, faults: \(if (.faults | length) > 0 then (.faults | join(", ")) else "none" end)",
      (.nodes[] |
        "\n\(.name)  \(.address)  [\(.roles | join(", "))]  running: \(if .running then "yes" else "NO" end)  ssh(ovnscope): \(.ssh)  ovn-controller: \(.ovnController)" +
        (if .bridgeMappings != "" then "  bridge-mappings: \(.bridgeMappings)" else "" end),
        (.units | to_entries | map("    \(.key | . + " " * (26 - length))\(.value)") | .[]),
        (if .central then
          "    NB 6641: \(if .central.nbListening then "listening" else "NOT listening" end)   SB 6642: \(if .central.sbListening then "listening" else "NOT listening" end)" + (if .central | has("neutronRestarts") then "   neutron-server restarts: \(.central.neutronRestarts)   cr-lrp chassis: \(.central.crLrpChassis)" else "" end)
         else empty end)),
      (if .cluster then
        "\nOVN central: NB and SB clustered (RAFT), \(.cluster.members | length) members",
        (.cluster.members[] | "    \(.node) \(.db | ascii_upcase)  \(.status)  role \(.role)  term \(.term // "-")  leader \(.leader)"),
        "    ovn-northd: \(.cluster.northd | map("\(.node) \(.status)") | join(", "))"
       else empty end),
      "\nNeutron API \(.neutron.endpoint): router gateway port \(.neutron.gatewayPort)\(if .neutron.gatewayHost != "" then " (binding:host_id \(.neutron.gatewayHost))" else "" end)"' <<<"$js"
    if [[ -n $problems ]]; then
      echo; echo "UNHEALTHY:"; sed 's/^/  - /' <<<"$problems"
    else
      echo; echo "healthy"
    fi
  fi
  [[ -z $problems ]]
}
