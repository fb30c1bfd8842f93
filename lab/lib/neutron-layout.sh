# shellcheck shell=bash
# lab/lib/neutron-layout.sh — which units run Neutron's server on ctl1 (ctl2, on the
# clustered shape, runs the monolithic neutron-server.service whatever ctl1's layout is).
#
#   monolithic (default)  neutron-server.service: the eventlet server, API and RPC in one
#                         process tree (the unit name operators and the seed incident know)
#   split                 neutron-api.service (the API under uWSGI, Debian's unit) beside
#                         neutron-rpc-server.service: how Neutron runs since 2025.1, and what
#                         Debian 12's Neutron 21 already ships (present, disabled in the base)
#
# The layout is kept in ctl1's node directory, so `lab down` forgets it with the node; heal and
# the faults restart whatever units the layout runs.

neutron_layout_file() { echo "$(node_dir "$LAB_CENTRAL")/neutron-layout"; }
neutron_layout() {  # prints monolithic | split
  local f; f=$(neutron_layout_file)
  if [[ -s $f ]]; then cat "$f"; else echo monolithic; fi
}
# The units carrying Neutron's server in the current layout, RPC first (it owns OVN's
# maintenance; the API's workers connect to NB/SB on their first request).
neutron_units() {
  if [[ $(neutron_layout) == split ]]; then echo neutron-rpc-server neutron-api; else echo neutron-server; fi
}
# The same on any node running Neutron: ctl1 follows the layout; ctl2 (the clustered shape's
# second neutron-server) always runs the monolithic unit.
neutron_units_on() {  # node
  if [[ $1 == "$LAB_CENTRAL" ]]; then neutron_units; else echo neutron-server; fi
}

# uWSGI's API workers each load Neutron on their first request (lazy-apps, ~25 s here): the
# lab runs 2 processes instead of the packaged 8 so a start costs less memory and time, with 1
# thread each instead of 32 (Neutron 21's eventlet under uWSGI threads logs "greenlet.error:
# cannot switch to a different thread"). The packaged ini is otherwise kept as Debian ships it.
# Neutron 21 (Zed) predates OVN's WSGI support (2024.2, LP #1912359): under uWSGI its API
# workers never connect to NB/SB, and every OVN-backed read (GET routers) waits forever, each
# taking one of the workers for good. The lab's entry point (lab/files/ctl1/neutron-api-lab.wsgi)
# announces each worker's start as eventlet's API workers do, so they connect as current
# Neutron's do; the packaged /usr/bin/neutron-api still builds the application.
NEUTRON_API_PROCESSES=2
NEUTRON_API_THREADS=1

lab_neutron_layout() {  # monolithic | split | (none: print the current one)
  local want=${1:-}
  if [[ -z $want ]]; then neutron_layout; return; fi
  [[ $want == monolithic || $want == split ]] || die "neutron-layout: monolithic or split, not '$want'"
  lab_require_up
  if [[ $want == split ]]; then
    node_sh "$LAB_CENTRAL" "
      sed -i -e 's/^processes = .*/processes = $NEUTRON_API_PROCESSES/' \
        -e 's/^threads = .*/threads = $NEUTRON_API_THREADS/' \
        -e 's|^wsgi-file = .*|wsgi-file = /etc/neutron/lab-neutron-api.wsgi|' /etc/neutron/neutron-api-uwsgi.ini
      systemctl disable --now neutron-server.service >/dev/null 2>&1
      systemctl enable --now neutron-rpc-server.service neutron-api.service >/dev/null 2>&1"
  else
    node_sh "$LAB_CENTRAL" "
      systemctl disable --now neutron-api.service neutron-rpc-server.service >/dev/null 2>&1
      systemctl enable --now neutron-server.service >/dev/null 2>&1"
  fi
  echo "$want" >"$(neutron_layout_file)"
  log "ctl1: Neutron runs as $(neutron_units | sed 's/ / + /')"
  neutron_wait_api 180
  wait_for 60 neutron_answers_lists ||
    warn "the Neutron API answers but does not list routers yet (its workers are still loading)"
  log "neutron-layout $want: API answering"
}

# The API lists routers (under uWSGI each worker loads Neutron on its first request).
neutron_answers_lists() { curl -s -f -m 10 -o /dev/null "$LAB_API/v2.0/routers"; }
