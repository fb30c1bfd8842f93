/** Texts of the diagnosis' findings (lib/diagnose): f.<rule>[.<variant>].<part>. */
export const findingsEn = {
  "f.node-access.unreachable.title": "{node} is unreachable",
  "f.node-access.unreachable.explain":
    "ovnscope could not reach {node} ({address}) over SSH: {error}. Its services are shown from the last data read, marked stale; unreachable is not the same as down.",
  "f.node-access.refused.title": "{node} refused: host key does not match",
  "f.node-access.refused.explain":
    "{node} ({address}) presented a host key the inventory does not pin: {error}. ovnscope will not talk to it until the pin is checked and updated.",
  "f.node-access.denied.title": "{node} denied access",
  "f.node-access.denied.explain": "ovnscope reached {node} but may not read it: {error}.",
  "f.node-access.partial.title": "{node} was read only in part",
  "f.node-access.partial.explain":
    "Some probes on {node} failed: {error}. What was read is shown; the rest is unknown.",
  "f.node-access.unreachable.action":
    "Check the node's power and network, and that sshd listens on its SSH port.",
  "f.node-access.refused.action":
    "Verify the node's key on its console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). If it was reinstalled on purpose, update hostKey in the inventory; otherwise treat it as a possible impersonation.",
  "f.node-access.denied.action":
    "Install the ovnscope user's key and deploy/sudoers.d/ovnscope on the node (deploy/README.md).",
  "f.node-access.partial.action": "Open the node page: the failed sections say what went wrong.",
  "f.service.down.title": "{service} is down on {node}",
  "f.service.down.explain": "{unit} is {state}: {reasons}.",
  "f.service.down.action":
    "Open the finding's runbook; start the service only after what it depends on is up.",
  "f.service.masked.title": "{service} on {node} is masked",
  "f.service.masked.explain":
    "{unit} is masked: systemd will not start it, by hand or by a runbook, until it is unmasked.",
  "f.service.masked.action":
    "An administrator masked it, perhaps on purpose (maintenance, a service moved elsewhere). Ask before unmasking it (`systemctl unmask {unit}`); ovnscope never unmasks a unit.",
  "f.service.degraded.title": "{service} is degraded on {node}",
  "f.service.degraded.explain": "{unit} is {state}, but: {reasons}.",
  "f.service.degraded.action":
    "Check the evidence below; the node page shows its sockets, processes and journal.",
  "f.service.api.title": "{service} on {node} runs, but its API does not answer",
  "f.service.api.explain":
    "{unit} is {state}, but its own API at {endpoint} did not answer the read ovnscope makes of the cloud's API: {error}. Behind the cloud's endpoint ({api}) the requests that reach this server hang or fail, while those served by another answer.",
  "f.service.api.cause":
    "Its workers wait on something that does not answer them, most often OVN: after an NB/SB cluster lost and regained its majority, a neutron-server can keep its API hanging until it is restarted.",
  "f.service.api.action":
    "Check the cluster findings first; once NB and SB have a leader, restart Neutron's servers one at a time (the runbook), and check its journal for OVN reconnection lines.",
  "f.db-endpoint.closed.title": "Nothing listens on {connection} ({db} DB)",
  "f.db-endpoint.closed.explain":
    "neutron-server on {configNode} is configured ({source}) to reach the OVN {db} database at {connection}, and nothing on {node} listens on port {port}. Neutron cannot start or work without it.",
  "f.db-endpoint.closed.cause":
    "The {db} ovsdb-server on {node} is not running or not listening on TCP {port}.",
  "f.db-endpoint.closed.action":
    "Recover OVN central: start the {db} database, verify it answers on {connection}, then its clients.",
  "f.db-endpoint.no-tcp-remote.title":
    "The {db} DB on {node} runs but does not listen on TCP: Neutron cannot reach {connection}",
  "f.db-endpoint.no-tcp-remote.explain":
    "neutron-server on {configNode} is configured ({source}) to reach the OVN {db} database at {connection}. The {db} ovsdb-server on {node} is running, but its remotes are {remotes}: no TCP or SSL listener at all, so nothing listens on port {port}.",
  "f.db-endpoint.no-tcp-remote.cause":
    "The TCP remote is not configured: OVN_CTL_OPTS in /etc/default/ovn-central lacks --db-{dbLower}-create-insecure-remote=yes (or the SSL equivalent), and the {db} Connection table is empty.",
  "f.db-endpoint.no-tcp-remote.action":
    'Restarting does not help. Give the database its TCP remote: OVN_CTL_OPTS="--db-{dbLower}-create-insecure-remote=yes …" in /etc/default/ovn-central and restart the {db} unit in a maintenance window, or at once with `ovn-{dbLower}ctl set-connection ptcp:{port}:<address>`.',
  "f.db-endpoint.wrong-port.title":
    "Neutron points at {connection}, but the {db} DB listens on {dbPort}",
  "f.db-endpoint.wrong-port.explain":
    "neutron-server on {configNode} is configured ({source}) to reach the OVN {db} database at {connection}, and nothing on {node} listens on port {port}. Neutron cannot start or work without it.",
  "f.db-endpoint.wrong-port.cause":
    "The address or port in {source} on {configNode} does not match where the database listens.",
  "f.db-endpoint.wrong-port.action":
    "Correct ovn_{dbLower}_connection in {source} (the DB listens on {dbPort}), then restart neutron-server.",
  "f.northd-stops-dbs.title": "OVN NB/SB stopped together with ovn-northd on {node}",
  "f.northd-stops-dbs.explain":
    "{dbs} went inactive while ovn-northd was being stopped or restarted, and nothing started them again. ovn-northd's ExecStop runs `{execStop}` (from {source}): without --ovn-manage-ovsdb=no, ovn-ctl stop_northd also stops the NB and SB ovsdb-servers.",
  "f.northd-stops-dbs.cause":
    "ovn-northd's stop command stops the databases it does not own; systemd does not restart them because they exited cleanly.",
  "f.northd-stops-dbs.action":
    "Recover OVN central now. Then fix the unit so this cannot happen again: remove or correct {source} so ExecStop passes --ovn-manage-ovsdb=no. Until then every restart of ovn-northd stops the databases again.",
  "f.northd-stops-dbs.hazard.title": "Restarting ovn-northd on {node} also stops the OVN databases",
  "f.northd-stops-dbs.hazard.explain":
    "ovn-northd's ExecStop runs `{execStop}` (from {source}) without --ovn-manage-ovsdb=no, so `systemctl restart ovn-northd` or `stop` will also stop {dbs}, and they stay down.",
  "f.northd-stops-dbs.hazard.cause": "This is how the seed incident started.",
  "f.northd-stops-dbs.hazard.action":
    "Do not restart ovn-northd with systemctl here; use the 'Restart ovn-northd safely' runbook, and add --ovn-manage-ovsdb=no to ExecStop in a drop-in.",
  "f.neutron-crashloop.refused.title":
    "neutron-server on {node} keeps exiting: it cannot reach OVN at {endpoint}",
  "f.neutron-crashloop.refused.explain":
    "{unit} exits and systemd restarts it ({restarts} restarts so far). Its journal says the connection to {endpoint} is refused, so the Neutron API is down.",
  "f.neutron-crashloop.refused.cause":
    "neutron-server needs the OVN NB and SB databases at start; when they are not reachable it exits.",
  "f.neutron-crashloop.refused-running.title":
    "neutron-server on {node} runs but cannot reach OVN at {endpoint}",
  "f.neutron-crashloop.refused-running.explain":
    "{unit} has run since it was started ({restarts} restarts), and its journal says the connection to {endpoint} is refused: it waits on the databases, and the Neutron API does not serve.",
  "f.neutron-crashloop.refused-running.cause":
    "The OVN databases it connected to went away after it started (on a cluster: the members it knew stopped), and it keeps retrying instead of exiting.",
  "f.neutron-crashloop.generic.title": "neutron-server on {node} keeps exiting",
  "f.neutron-crashloop.generic.explain":
    "{unit} exits and systemd restarts it ({restarts} restarts so far); the Neutron API is down. The journal lines below say why.",
  "f.neutron-crashloop.action.dbs-down":
    "Bring the OVN databases back first (Recover OVN central); neutron-server then starts by itself or with a rolling restart.",
  "f.neutron-crashloop.action.endpoint":
    "Nothing listens at {endpoint}, and the database it is meant for is not down: restarting neutron-server does not help. Make Neutron's [ovn] setting and the database's listener agree (the finding above says which is wrong), then restart neutron-server.",
  "f.neutron-crashloop.action.open":
    "{endpoint} is listening now: neutron-server gets through at its next start by itself; if it still exits, restart it (rolling restart).",
  "f.neutron-crashloop.action.unknown":
    "The journal lines below say why it exits; mend that first, then restart it (rolling restart).",
  "f.controller.disconnected.title": "ovn-controller on {node} is not connected to the SB DB",
  "f.controller.disconnected.explain":
    'connection-status says "{status}"; it is configured to reach {remote}. Flows on this chassis are not updated, and gateway ports it should host cannot be claimed.',
  "f.controller.disconnected.cause":
    "The SB DB is down, or {remote} is wrong or blocked from this node.",
  "f.controller.disconnected.action":
    "If the SB DB is up and reachable from elsewhere, check {node}'s route and firewall to {remote}; then reconnect the chassis.",
  "f.controller.chassis-missing.title": "Chassis {chassis} ({node}) is missing from the SB DB",
  "f.controller.chassis-missing.explain":
    "ovn-controller on {node} reports connected, but the SB DB on {sbNode} has no Chassis named {chassis}.",
  "f.controller.chassis-missing.cause":
    "The chassis registered under another name (system-id changed), or its row was deleted.",
  "f.controller.chassis-missing.action":
    "Compare system-id with /etc/openvswitch/system-id.conf and restart ovn-controller on {node}.",
  "f.stale-chassis.no-controller.title":
    "SB still lists chassis {chassis}, but no ovn-controller runs on {node}",
  "f.stale-chassis.no-controller.explain":
    "The SB DB on {sbNode} keeps the Chassis row of {node}, yet no ovn-controller process runs there: the row is left from a controller that exited without removing it. Nothing on {node} follows SB, ports and gateways scheduled there are not served, and Neutron reports its OVN Controller agent dead once agent_down_time passes.",
  "f.stale-chassis.no-controller.cause":
    "ovn-controller was stopped with `exit --restart` (as a package upgrade does) or killed, and not started again.",
  "f.stale-chassis.no-controller.action":
    "Start ovn-controller on {node} again (Reconnect a chassis); it takes its Chassis row back.",
  "f.stale-chassis.unanswered.title": "Stale chassis {chassis} ({hostname}) in the SB DB",
  "f.stale-chassis.unanswered.explain":
    "The SB DB on {sbNode} lists chassis {chassis}, which no node in the inventory runs, and it has not acknowledged the current nb_cfg for {seconds} s while the other chassis did. Its ovn-controller is gone; OVN can still schedule gateway ports on it.",
  "f.stale-chassis.unanswered.cause":
    "A node removed or reinstalled without deleting its chassis, or a node outside the inventory whose ovn-controller stopped.",
  "f.stale-chassis.unanswered.action":
    "If {hostname} is still in service, add it to the inventory and start its ovn-controller; if it is gone, remove the row by hand with `ovn-sbctl chassis-del {chassis}` (ovnscope never deletes OVN records).",
  "f.stray-ovsdb.outside.title": "The OVN {db} ovsdb-server on {node} runs outside systemd",
  "f.stray-ovsdb.outside.explain":
    "{unit} is {state}, yet ovsdb-server {pids} serves the {db} database: it was started outside the unit. systemd does not watch, restart or stop it, and starting {unit} while it runs makes two servers fight over the database's lock.",
  "f.stray-ovsdb.outside-locked.title":
    "An OVN {db} ovsdb-server outside systemd holds the {db} database on {node}",
  "f.stray-ovsdb.outside-locked.explain":
    "{unit} is {state}, and ovsdb-server {pids} serves the {db} database outside the unit. The journal shows lock errors on the DB file: the unit's own server could not take the lock the other one holds.",
  "f.stray-ovsdb.second.title": "A second OVN {db} ovsdb-server runs outside systemd on {node}",
  "f.stray-ovsdb.second.explain":
    "{unit} runs the {db} database (MainPID {owned}), and ovsdb-server {pids} serves the same database outside the unit. Two servers for one file fight over its lock.",
  "f.stray-ovsdb.second-locked.title":
    "A second OVN {db} ovsdb-server runs outside systemd on {node}",
  "f.stray-ovsdb.second-locked.explain":
    "{unit} runs the {db} database (MainPID {owned}), and ovsdb-server {pids} serves the same database outside the unit; the journal shows lock errors on the DB file. Two servers for one file fight over its lock.",
  "f.stray-ovsdb.locked.title": "{unit} on {node} failed on the {db} database's lock",
  "f.stray-ovsdb.locked.explain":
    "{unit} is {state}, and the journal shows lock errors on the {db} DB file; no ovsdb-server serves the {db} database now.",
  "f.stray-ovsdb.locked.cause":
    "Another ovsdb-server held the file's lock when the unit started (mixed management); it is gone now.",
  "f.stray-ovsdb.locked.action":
    "Recover OVN central: it backs up the DB files and starts the unit.",
  "f.stray-ovsdb.cause":
    "The database was started by hand with ovn-ctl (start_{dbLower}_ovsdb) while systemd also manages it (mixed management).",
  "f.stray-ovsdb.action":
    "Recover OVN central: it backs up the DB files, stops the server outside systemd, and starts the unit.",
  "f.gateway.unverifiable.title":
    "Router gateway ports cannot be verified: the Neutron API is not readable",
  "f.gateway.unverifiable.explain":
    "Reading Neutron through {node} failed: {error}. Gateway port status is unknown; the OVN side of each gateway is still checked.",
  "f.gateway.unverifiable.action": "Bring neutron-server back; this clears by itself.",
  "f.gateway.neutron-port.title":
    "Neutron reports {router}'s gateway port {status}, while OVN binds it to {chassis}",
  "f.gateway.neutron-port.explain":
    "Every OVN link of the gateway holds, but Neutron did not record it: Neutron sets the status only when it sees the cr-lrp binding change.",
  "f.gateway.neutron-port.cause": "The first broken link of the gateway chain is {link}: {fact}",
  "f.gateway.neutron-port.action":
    "Unset and set the router's external gateway, or restart neutron-server so it resynchronises.",
  "f.gateway.logical-router-port.title": "{router}'s gateway port has no OVN logical router port",
  "f.gateway.logical-router-port.explain":
    "Neutron and the OVN NB DB disagree: the port exists in Neutron only.",
  "f.gateway.logical-router-port.cause":
    "The first broken link of the gateway chain is {link}: {fact}",
  "f.gateway.logical-router-port.action":
    "Run neutron-ovn-db-sync-util in log mode to see the drift, then repair it.",
  "f.gateway.gateway-chassis.title": "{router}'s gateway has no usable gateway chassis",
  "f.gateway.gateway-chassis.explain":
    "No chassis both has enable-chassis-as-gw in ovn-cms-options and maps {physnet} in ovn-bridge-mappings, so Neutron scheduled none (or neutron-ovn-invalid-chassis).",
  "f.gateway.gateway-chassis.cause": "The first broken link of the gateway chain is {link}: {fact}",
  "f.gateway.gateway-chassis.action":
    "On a network node set ovn-cms-options=enable-chassis-as-gw and map {physnet} in ovn-bridge-mappings (ovs-vsctl set open . external_ids:…).",
  "f.gateway.cr-lrp-binding.title": "No chassis hosts {router}'s gateway port (cr-lrp unbound)",
  "f.gateway.cr-lrp-binding.explain":
    "Gateway chassis candidates exist but none has claimed cr-lrp-{port}; its ovn-controller may be disconnected or the chassis down.",
  "f.gateway.cr-lrp-binding.cause": "The first broken link of the gateway chain is {link}: {fact}",
  "f.gateway.cr-lrp-binding.action":
    "Check the candidate chassis' ovn-controller (connection-status) and the SB DB.",
  "f.gateway.unclaimed.bfd-off.title":
    "Nobody claims {router}'s gateway: BFD is off on {from}'s tunnel to {to}",
  "f.gateway.unclaimed.bfd-off.explain":
    "cr-lrp-{port} has no chassis although its candidates ({candidates}) are connected and map {physnet}. With more than one candidate, ovn-controller claims the port only while it is the highest-priority candidate its BFD sessions see; {from} runs no BFD on its tunnel to {to}, so neither gateway believes it is active.",
  "f.gateway.unclaimed.bfd-off.cause":
    "ovn-controller on {from} turned BFD off on its tunnel to {to} and did not turn it on again: {fact}",
  "f.gateway.unclaimed.bfd-off.action":
    "Run Rebind router gateways: it restarts ovn-controller on the highest-priority candidate first ({chassis}), then the next, and verifies the port stays bound.",
  "f.gateway.unclaimed.bfd-down.title":
    "BFD down between {from} and {to}: neither gateway believes it is active",
  "f.gateway.unclaimed.bfd-down.explain":
    "cr-lrp-{port} has no chassis although its candidates ({candidates}) are connected and map {physnet}. ovn-controller claims the port only while its BFD sessions see the other candidates; the session between {from} and {to} is down.",
  "f.gateway.unclaimed.bfd-down.cause": "BFD over {from}'s tunnel to {to}: {fact}",
  "f.gateway.unclaimed.bfd-down.action":
    "Check the tunnel underlay between {from} and {to} (their ovn-encap-ip). Once BFD is up the highest-priority candidate ({chassis}) claims the port by itself; if it does not, run Rebind router gateways.",
  "f.gateway.unclaimed.no-tunnel.title":
    "Nobody claims {router}'s gateway: {from} has no tunnel to {to}",
  "f.gateway.unclaimed.no-tunnel.explain":
    "cr-lrp-{port} has no chassis although its candidates ({candidates}) are connected and map {physnet}. Without a tunnel between two candidates there is no BFD session, so neither believes it is active.",
  "f.gateway.unclaimed.no-tunnel.cause": "No tunnel: {fact}",
  "f.gateway.unclaimed.no-tunnel.action":
    "Check ovn-encap-type and ovn-encap-ip on both chassis (and their SB Encap rows); then run Rebind router gateways.",
  "f.gateway.unclaimed.bfd-up.title":
    "Nobody claims {router}'s gateway although BFD is up between its candidates",
  "f.gateway.unclaimed.bfd-up.explain":
    "cr-lrp-{port} has no chassis although its candidates ({candidates}) are connected, map {physnet} and see each other over BFD: the highest-priority one ({chassis}) should have claimed it.",
  "f.gateway.unclaimed.bfd-up.cause":
    "ovn-controller's own binding state on the candidates (BFD, tunnels and configuration are fine).",
  "f.gateway.unclaimed.bfd-up.action":
    "Run Rebind router gateways: it restarts ovn-controller on {chassis} first, then the next candidate, and verifies the port stays bound.",
  "f.gateway.chassis.title": "The chassis for {router}'s gateway ({chassis}) is not connected",
  "f.gateway.chassis.explain":
    "The chassis that hosts (or should host) the gateway cannot talk to the SB DB, so the binding cannot be kept current.",
  "f.gateway.chassis.cause": "The first broken link of the gateway chain is {link}: {fact}",
  "f.gateway.chassis.action": "Reconnect the chassis (see its ovn-controller finding).",
  "f.gateway.bridge-mapping.title":
    "{chassis} has no bridge mapping for {physnet} ({router}'s external network)",
  "f.gateway.bridge-mapping.explain":
    'The external network is on physical network {physnet}, and the gateway chassis\' ovn-bridge-mappings has no entry for it: {fact}. Traffic cannot leave through this chassis (ovn-controller logs "bridge not found for localnet port").',
  "f.gateway.bridge-mapping.cause": "The first broken link of the gateway chain is {link}: {fact}",
  "f.gateway.bridge-mapping.action":
    "Add it on that node: ovs-vsctl set open . external_ids:ovn-bridge-mappings=… including {physnet}:<bridge>. The mapping lives in Open vSwitch on each chassis, not in ml2_conf.ini.",
  "f.gateway.bridge.title": "The bridge mapped for {physnet} on {chassis} does not exist",
  "f.gateway.bridge.explain": "{fact}.",
  "f.gateway.bridge.cause": "The first broken link of the gateway chain is {link}: {fact}",
  "f.gateway.bridge.action":
    "Create the bridge (ovs-vsctl add-br) with the physical interface, or fix the mapping.",
  "f.gateway.physnet.title": "The physical network of {router}'s external network is unknown",
  "f.gateway.physnet.explain":
    "Neither Neutron nor the NB localnet port says which physical network the external network is on.",
  "f.gateway.physnet.cause": "The first broken link of the gateway chain is {link}: {fact}",
  "f.gateway.physnet.action": "Check the network's provider:physical_network.",
  "f.neutron-ovn-disagree.active-unbound.title":
    "Neutron says {router}'s gateway is ACTIVE, but OVN has no chassis for it",
  "f.neutron-ovn-disagree.active-unbound.explain":
    "cr-lrp-{port} has no chassis in the SB DB, yet Neutron still reports the port ACTIVE. Neutron sets the status only on binding events and does not set it back to DOWN when the chassis goes away.",
  "f.neutron-ovn-disagree.active-unbound.cause":
    "Neutron's status is stale; OVN's binding is the fact.",
  "f.neutron-ovn-disagree.active-unbound.action":
    "Trust OVN: fix the gateway chain first; Neutron follows when the cr-lrp is bound again.",
  "f.neutron-ovn-disagree.down-bound.title":
    "Neutron says {router}'s gateway is DOWN, but OVN binds it to {chassis}",
  "f.neutron-ovn-disagree.down-bound.explain":
    "cr-lrp-{port} is bound to {chassis} in the SB DB, but Neutron never recorded it.",
  "f.neutron-ovn-disagree.down-bound.cause":
    "Neutron missed the binding event (seen right after neutron-server starts).",
  "f.neutron-ovn-disagree.down-bound.action":
    "Unset and set the router's external gateway to make Neutron see the binding again.",
  "f.bridge-mappings.typo.title":
    '{node} maps "{physnet}", which no network uses — did you mean {near}?',
  "f.bridge-mappings.typo.explain":
    "ovn-bridge-mappings on {node} maps {physnet} to {bridge}, but the networks use {used}. A mapping with the wrong name does nothing.",
  "f.bridge-mappings.typo.action":
    "Rename the entry to {near} (ovs-vsctl set open . external_ids:ovn-bridge-mappings=…).",
  "f.bridge-mappings.unused.title": '{node} maps "{physnet}", which no network uses',
  "f.bridge-mappings.unused.explain":
    "ovn-bridge-mappings on {node} maps {physnet} to {bridge}; networks use {used}.",
  "f.bridge-mappings.unused.action": "Harmless if intended; otherwise check the name.",
  "f.chassis-settings-skew.title": "Chassis {chassis} publishes {keys} only in other_config",
  "f.chassis-settings-skew.explain":
    "This OVN writes {keys} to SB Chassis.other_config; Neutron releases that read Chassis.external_ids (e.g. Neutron 21) do not see them and schedule no gateway here.",
  "f.chassis-settings-skew.cause": "Version skew between Neutron and OVN.",
  "f.chassis-settings-skew.action":
    "Upgrade Neutron to a release that reads other_config, or keep external_ids in sync.",
  "f.neutron-unknown-option.title": "[{section}] {name} in {file} on {node} does nothing",
  "f.neutron-unknown-option.explain":
    "{file} sets [{section}] {name} = {value}, but the Neutron installed on {node} ({version}) has no option {name} in [{section}]. oslo.config ignores unknown options without a word, so this setting has no effect. Known names close to it: {hint}.",
  "f.neutron-unknown-option.cause":
    "A misspelt option, one from another release or component, or one put under the wrong section.",
  "f.neutron-unknown-option.action":
    "Remove it, or write the option Neutron knows (see the hint), then restart neutron-server for it to take effect.",
  "f.neutron-unknown-option.bridge-mappings.title":
    "[ovn] bridge_mappings in {file} on {node} does nothing",
  "f.neutron-unknown-option.bridge-mappings.explain":
    "{file} sets [ovn] bridge_mappings = {value}, but the Neutron installed on {node} ({version}) has no such option: oslo.config ignores it without a word. Under ML2/OVN a physical network is mapped to a bridge on each chassis, in Open vSwitch (external_ids:ovn-bridge-mappings), not in Neutron's files. Known names close to it: {hint}.",
  "f.neutron-unknown-option.bridge-mappings.cause":
    "The seed incident's change: a mapping written where ML2/OVN never reads it.",
  "f.neutron-unknown-option.bridge-mappings.action":
    "Remove it from {file}. Set the mapping on each gateway chassis instead: ovs-vsctl set open . external_ids:ovn-bridge-mappings=<physnet>:<bridge>, with the physical network name the external network really uses.",
  "f.start-order.gave-up.title":
    "{unit} on {node} gave up before {db} was up, and was never started again",
  "f.start-order.gave-up.explain":
    "{unit} went down at {clientAt} after failing to reach {db}, which became active only at {dbUp}. Nothing started {unit} again once the database was there, so it is still down.",
  "f.start-order.gave-up.cause":
    "It was started while {db} was not running yet (a start or restart in the wrong order), and its restarts ran out or it has none.",
  "f.start-order.gave-up.action":
    "Start {unit} now that {db} answers. Start the databases first, verify them, then their clients.",
  "f.start-order.gave-up.no-after.title":
    "{unit} on {node} gave up before {db} was up, and was never started again",
  "f.start-order.gave-up.no-after.explain":
    "{unit} went down at {clientAt} after failing to reach {db}, which became active only at {dbUp}. Nothing started {unit} again once the database was there, so it is still down.",
  "f.start-order.gave-up.no-after.cause":
    "{unit} is not ordered after {db} (no After={db}), so systemd starts both at the same time, at boot too, and {unit} can find the database not there yet.",
  "f.start-order.gave-up.no-after.action":
    "Start {unit} now that {db} answers. To stop it happening at boot, add After={db} (and Wants=) to {unit} in a drop-in.",
  "f.start-order.not-reconnected.title":
    "{unit} on {node} still cannot reach {db}, which has been up since {dbUp}",
  "f.start-order.not-reconnected.explain":
    "{unit} runs since {clientAt}, before {db} last became active at {dbUp}, and its journal still shows failed connections to that database well after it came up: it has not reconnected.",
  "f.start-order.not-reconnected.cause":
    "{db} was (re)started after {unit}, and {unit} did not pick the database up again.",
  "f.start-order.not-reconnected.action":
    "Restart {unit} (its runbook) now that {db} answers, and check the evidence lines for where it is trying to connect.",
  "f.start-order.not-reconnected.no-after.title":
    "{unit} on {node} still cannot reach {db}, which has been up since {dbUp}",
  "f.start-order.not-reconnected.no-after.explain":
    "{unit} runs since {clientAt}, before {db} last became active at {dbUp}, and its journal still shows failed connections to that database well after it came up: it has not reconnected.",
  "f.start-order.not-reconnected.no-after.cause":
    "{unit} started before {db}: it is not ordered after it (no After={db}), so systemd may start it first, at boot too.",
  "f.start-order.not-reconnected.no-after.action":
    "Restart {unit} (its runbook) now that {db} answers; add After={db} to {unit} in a drop-in so it starts after the database.",
  "f.ovn-cluster.quorum-lost.title":
    "The {db} cluster has lost its quorum: {up} of {size} members up, {quorum} needed",
  "f.ovn-cluster.quorum-lost.explain":
    "Only {up} of the {size} servers of the clustered {db} database run, fewer than the {quorum} a RAFT majority needs. No leader can be elected, so every write is refused: Neutron cannot create, change or delete anything in OVN, ovn-northd cannot translate, and clients that insist on the leader keep reconnecting. Members not answering: {missing}.",
  "f.ovn-cluster.quorum-lost.cause":
    "More than half of the members are stopped, crashed or unreachable (a restart of several controllers at once, a stopped unit, a node down).",
  "f.ovn-cluster.quorum-lost.action":
    "Start the members that are down, the one with the newest log first (Recover OVN central); a majority elects a leader within seconds. Never delete or re-create a member's database file to get there.",
  "f.ovn-cluster.no-leader.title": "The {db} cluster has no leader ({up} of {size} members up)",
  "f.ovn-cluster.no-leader.explain":
    "A majority of the clustered {db} database answers, yet no member says it leads (term {term}). Until one is elected, writes wait or fail and leader-only clients reconnect.",
  "f.ovn-cluster.no-leader.cause":
    "An election is under way (a leader just stopped), or elections keep failing: an election timer too low for the load, or members that cannot reach each other on the raft port.",
  "f.ovn-cluster.no-leader.action":
    "Refresh in a few seconds: an election takes about one election timer. If no leader appears, check the members' raft connections in the evidence and their journals.",
  "f.ovn-cluster.split.title": "The {db} database is split: members disagree on the cluster",
  "f.ovn-cluster.split.explain":
    "Members of {db} answer for more than one cluster (cluster {clusterId} and {others}), or more than one leads in the same term. Clients connected to different members see different databases.",
  "f.ovn-cluster.split.cause":
    "A member whose database file was deleted and created again as a new cluster, or a member started with another cluster's file.",
  "f.ovn-cluster.split.action":
    "Keep the cluster with the majority. Back up the odd member's file, move it aside and let that member join the cluster again through the others (never delete the file).",
  "f.ovn-cluster.stale-member.title":
    "The {db} cluster still lists server {sid} at {address}, which no longer answers",
  "f.ovn-cluster.stale-member.explain":
    "The configuration of {db} keeps server {sid} at {address}, but {node} answers there as server {current}: the node was rebuilt and joined again under a new id. The old id still counts toward the majority, so the cluster needs one member more than it has to stay writable.",
  "f.ovn-cluster.stale-member.cause":
    "A controller rebuilt (its database files lost or replaced) and joined again without the old server being removed.",
  "f.ovn-cluster.stale-member.action":
    "Remove the old server from a healthy member (the runbook Remove stale cluster servers does it after a backup): `ovn-appctl -t {ctl} cluster/kick {name} {sid}`, and check it is gone from the servers list.",
  "f.ovn-cluster.election-storm.title":
    "The {db} cluster elected {elections} leaders in {minutes} minutes (terms {first} to {last})",
  "f.ovn-cluster.election-storm.explain":
    "A healthy {db} cluster elects a leader once each time it loses one: restarting each of its {size} servers in turn costs at most {size} elections. More means the leader keeps being lost. Every election stalls all writes for at least an election timeout, and clients reconnect to find the new leader. Elections won on: {winners}; votes ignored as too early: {early}.",
  "f.ovn-cluster.election-storm.cause":
    "The leader's ovsdb-server keeps exiting or stalling (a crash, a restart loop, a CPU-starved or swapping controller missing its heartbeats), or an election timer too low for the cluster's load and latency.",
  "f.ovn-cluster.election-storm.action":
    "Read the leaders' ovsdb-server logs around those terms and their units' restarts; if a busy leader misses heartbeats, raise the election timer on the leader with `cluster/change-election-timer` (at most doubling it each time).",
  "f.ovn-cluster.election-timer.title":
    "{db} leader {node} lost its leadership while running: silent longer than the {timer} ms election timer",
  "f.ovn-cluster.election-timer.explain":
    "The {db} server on {node} led term {term} and, without crashing or restarting, learned {winner} as the leader of term {newTerm}: the other members heard nothing from it for a whole election timer ({timer} ms) and elected a new leader. Its longest stall it logged on waking: {stall}. Each such loss stops writes for an election and makes clients reconnect; {losses} in the last {minutes} minutes.",
  "f.ovn-cluster.election-timer.cause":
    "The leader stalls longer than the timer allows (compacting or snapshotting a large database, a CPU-starved or swapping controller, storage that blocks writes), or the network between the members drops its heartbeats for that long. raft's default timer suits small, idle clusters only.",
  "f.ovn-cluster.election-timer.action":
    "Find why {node} stalls or drops heartbeats; if its pauses are part of the load, raise the election timer on the leader ({leader}): `ovn-appctl -t {ctl} cluster/change-election-timer {name} MS`, at most doubling it each time (for example to {target} ms). The change is agreed through the cluster's log, so it outlasts restarts.",
  "f.ovn-cluster.member-down.title": "{db} cluster member {member} is down ({up} of {size} up)",
  "f.ovn-cluster.member-down.explain":
    "Server {member} is in the configuration of the clustered {db} database but does not answer as a member. The cluster still has its majority ({up} of {size}, {quorum} needed), so it works, but one more failure would stop every write.",
  "f.ovn-cluster.member-down.cause":
    "Its ovsdb-server is stopped or crashed, or its node is unreachable.",
  "f.ovn-cluster.member-down.action":
    "Start the member's database unit again (Recover OVN central); it catches up from the leader.",
  "f.ovn-cluster.not-member.title": "{db} member on {node} says: {status}",
  "f.ovn-cluster.not-member.explain":
    'The {db} server on {node} does not say "cluster member" but "{status}": it serves no current data and does not count toward the majority.',
  "f.ovn-cluster.not-member.cause":
    "A member that cannot reach the others to join, or one that was removed from the cluster.",
  "f.ovn-cluster.not-member.action":
    "Check that {node} reaches the other members on the raft port, and the member's journal; a member stuck joining for long may need to join again with fresh files (moved aside, never deleted).",
  "f.northd-active.none.title": "No ovn-northd is active ({statuses})",
  "f.northd-active.none.explain":
    "Every ovn-northd that answers is standby or paused ({statuses}). Nothing translates the Northbound database into the Southbound one: routers, ports and gateway changes Neutron writes stay in NB and reach no chassis.",
  "f.northd-active.none.cause":
    "The instances were paused (`ovn-appctl -t ovn-northd pause`), or none can take the lock in SB (SB has no leader or is unreachable from them).",
  "f.northd-active.none.action":
    "Resume one (`ovn-appctl -t ovn-northd resume`) or restart ovn-northd safely on a controller; if SB has no leader, recover OVN central first.",
  "f.northd-active.several.title": "More than one ovn-northd is active ({nodes})",
  "f.northd-active.several.explain":
    "ovn-northd on {nodes} each say active. Only one can hold SB's lock, so they hold the locks of different Southbound databases: the databases are split, or the instances point at different ones.",
  "f.northd-active.several.cause":
    "NB/SB members answering for different clusters, or northd instances configured with different --ovnsb-db.",
  "f.northd-active.several.action":
    "Check the cluster findings first (a split); then point every ovn-northd at the same NB/SB members and restart the odd one safely.",
  "f.ovn-cluster.client-list.title":
    "Neutron on {node} does not list the {db} cluster's members as they are",
  "f.ovn-cluster.client-list.explain":
    "Neutron's {option} on {node} is {connection}. Members it leaves out: {missing}; hosts it names that are no member: {strangers}. Neutron can only fail over to the members it lists, and an address that is no member answers nothing or another database.",
  "f.ovn-cluster.client-list.cause":
    "A member added, moved or rebuilt without Neutron's [ovn] connections being updated.",
  "f.ovn-cluster.client-list.action":
    "List every member of the {db} cluster, and only them, in {option} of Neutron's ML2 configuration, then restart Neutron's server (one node at a time).",
  "f.ovn-cluster.log-lag.title":
    "{db} member {member} is {behind} entries behind the leader and silent for {silentS} s",
  "f.ovn-cluster.log-lag.explain":
    "The leader on {leader} has not heard from {member} for {silentS} s, longer than the {timerMs} ms election timer, and {member} has not stored the last {behind} log entries. Its server runs, so it is stalled, starved or cut off, not stopped: the cluster keeps its majority without it, but one more member lost would stop every write.",
  "f.ovn-cluster.log-lag.cause":
    "The member's ovsdb-server stopped (SIGSTOP, a debugger), starved of CPU or disk, compacting a large database, or its raft port unreachable from the leader.",
  "f.ovn-cluster.log-lag.action":
    "Look at the member's node (load, disk, `ovn-appctl -t <ctl> cluster/status`, its log's 'Unreasonably long' lines); a server that stays stuck can be restarted on its own node (its files kept): it catches up from the leader.",
  "f.ovn-cluster.clients-stuck.title":
    "{count} {db} clients are connected to {node}, which is not part of the cluster ({status})",
  "f.ovn-cluster.clients-stuck.explain":
    "The {db} cluster has a leader on {leader}, but {node}'s ovsdb-server, which says {status}, holds sessions with {clients}. A member outside the cluster serves its own copy: those clients see none of the cluster's changes, and what they write goes nowhere or into another database.",
  "f.ovn-cluster.clients-stuck.cause":
    "A member started as a cluster of its own (its files re-created) or cut off from the others, with clients that connected to it before, or that list it first and do not move on.",
  "f.ovn-cluster.clients-stuck.action":
    "Make {node} a member again (the rejoin runbook for another cluster id), or stop its {db} server so its clients reconnect to the others; then check that every client lists only the members.",
} as const;
