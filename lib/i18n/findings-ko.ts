/** Texts of the diagnosis' findings (lib/diagnose): f.<rule>[.<variant>].<part>. */
import type { findingsEn } from "./findings-en";

export const findingsKo: Record<keyof typeof findingsEn, string> = {
  "f.node-access.unreachable.title": "{node}에 접속할 수 없음",
  "f.node-access.unreachable.explain":
    "ovnscope가 SSH로 {node}({address})에 접속하지 못했습니다: {error}. 서비스는 마지막으로 읽은 데이터(오래됨 표시)로 보여 줍니다. 접속 불가는 중단과 같지 않습니다.",
  "f.node-access.refused.title": "{node} 거부: 호스트 키 불일치",
  "f.node-access.refused.explain":
    "{node}({address})가 인벤토리에 고정되지 않은 호스트 키를 제시했습니다: {error}. 고정 값을 확인하고 갱신할 때까지 ovnscope는 이 노드와 통신하지 않습니다.",
  "f.node-access.denied.title": "{node} 접근 거부",
  "f.node-access.denied.explain": "ovnscope가 {node}에 접속했지만 읽을 권한이 없습니다: {error}.",
  "f.node-access.partial.title": "{node}를 일부만 읽음",
  "f.node-access.partial.explain":
    "{node}의 일부 수집 항목이 실패했습니다: {error}. 읽은 부분만 보여 주며 나머지는 알 수 없음입니다.",
  "f.node-access.unreachable.action":
    "노드의 전원과 네트워크, 그리고 sshd가 SSH 포트에서 수신 대기하는지 확인하세요.",
  "f.node-access.refused.action":
    "노드 콘솔에서 키를 확인하세요(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). 의도적으로 재설치했다면 인벤토리의 hostKey를 갱신하고, 아니라면 위장 가능성으로 다루세요.",
  "f.node-access.denied.action":
    "노드에 ovnscope 사용자의 키와 deploy/sudoers.d/ovnscope를 설치하세요(deploy/README.md).",
  "f.node-access.partial.action": "노드 페이지를 여세요. 실패한 구간에 원인이 나와 있습니다.",
  "f.service.down.title": "{node}의 {service} 중단",
  "f.service.down.explain": "{unit} 상태는 {state}입니다: {reasons}.",
  "f.service.down.action": "이 항목의 런북을 여세요. 의존하는 서비스가 올라온 뒤에만 시작하세요.",
  "f.service.masked.title": "{node}의 {service}가 마스크됨",
  "f.service.masked.explain":
    "{unit}이 마스크되어 있습니다. 마스크를 해제하기 전에는 손으로든 런북으로든 systemd가 이 유닛을 시작하지 않습니다.",
  "f.service.masked.action":
    "관리자가 마스크했으며, 의도한 것일 수 있습니다(유지보수, 서비스 이전 등). 해제(`systemctl unmask {unit}`)하기 전에 먼저 확인하세요. ovnscope는 유닛의 마스크를 해제하지 않습니다.",
  "f.service.degraded.title": "{node}의 {service} 저하",
  "f.service.degraded.explain": "{unit} 상태는 {state}이지만: {reasons}.",
  "f.service.degraded.action":
    "아래 증거를 확인하세요. 노드 페이지에 소켓, 프로세스, 저널이 있습니다.",
  "f.service.api.title": "{node}의 {service}는 실행 중이지만 API가 응답하지 않음",
  "f.service.api.explain":
    "{unit} 상태는 {state}이지만, 이 서버 자체의 API({endpoint})가 ovnscope의 클라우드 API 조회에 응답하지 않았습니다: {error}. 클라우드 엔드포인트({api}) 뒤에서 이 서버로 가는 요청은 멈추거나 실패하고, 다른 서버가 처리하는 요청만 응답합니다.",
  "f.service.api.cause":
    "워커가 응답하지 않는 대상을 기다리고 있습니다. 대개 OVN입니다. NB/SB 클러스터가 과반수를 잃었다가 되찾은 뒤, neutron-server는 재시작할 때까지 API가 멈춘 채로 남을 수 있습니다.",
  "f.service.api.action":
    "먼저 클러스터 관련 항목을 확인하세요. NB와 SB에 리더가 생긴 뒤 Neutron 서버를 하나씩 재시작하고(런북), 저널에서 OVN 재연결 로그를 확인하세요.",
  "f.db-endpoint.closed.title": "{connection}({db} DB)에서 수신 대기하는 것이 없음",
  "f.db-endpoint.closed.explain":
    "{configNode}의 neutron-server는 ({source}에 따라) {connection}에서 OVN {db} 데이터베이스에 접속하도록 설정되어 있는데, {node}에서 {port} 포트로 수신 대기하는 것이 없습니다. 이 연결 없이는 Neutron이 시작하거나 동작할 수 없습니다.",
  "f.db-endpoint.closed.cause":
    "{node}의 {db} ovsdb-server가 실행 중이 아니거나 TCP {port}에서 수신 대기하지 않습니다.",
  "f.db-endpoint.closed.action":
    "OVN 중앙 복구: {db} 데이터베이스를 시작하고 {connection}에서 응답하는지 확인한 뒤 클라이언트를 시작하세요.",
  "f.db-endpoint.no-tcp-remote.title":
    "{node}의 {db} DB는 실행 중이지만 TCP로 수신하지 않음: Neutron이 {connection}에 접속할 수 없음",
  "f.db-endpoint.no-tcp-remote.explain":
    "{configNode}의 neutron-server는 OVN {db} 데이터베이스에 {connection}로 접속하도록 설정되어 있습니다({source}). {node}의 {db} ovsdb-server는 실행 중이지만 remote가 {remotes}뿐이라 TCP/SSL 수신이 전혀 없고, 포트 {port}에서 아무것도 수신하지 않습니다.",
  "f.db-endpoint.no-tcp-remote.cause":
    "TCP remote가 설정되지 않았습니다. /etc/default/ovn-central의 OVN_CTL_OPTS에 --db-{dbLower}-create-insecure-remote=yes(또는 SSL 설정)가 없고 {db} Connection 테이블도 비어 있습니다.",
  "f.db-endpoint.no-tcp-remote.action":
    '재시작으로는 해결되지 않습니다. 데이터베이스에 TCP remote를 주세요: /etc/default/ovn-central의 OVN_CTL_OPTS에 "--db-{dbLower}-create-insecure-remote=yes …"를 넣고 유지보수 시간에 {db} 유닛을 재시작하거나, 즉시 `ovn-{dbLower}ctl set-connection ptcp:{port}:<주소>`를 실행하세요.',
  "f.db-endpoint.wrong-port.title":
    "Neutron은 {connection}을 가리키지만 {db} DB는 {dbPort}에서 수신 대기",
  "f.db-endpoint.wrong-port.explain":
    "{configNode}의 neutron-server는 ({source}에 따라) {connection}에서 OVN {db} 데이터베이스에 접속하도록 설정되어 있는데, {node}에서 {port} 포트로 수신 대기하는 것이 없습니다. 이 연결 없이는 Neutron이 시작하거나 동작할 수 없습니다.",
  "f.db-endpoint.wrong-port.cause":
    "{configNode}의 {source}에 있는 주소나 포트가 데이터베이스의 수신 대기 위치와 다릅니다.",
  "f.db-endpoint.wrong-port.action":
    "{source}의 ovn_{dbLower}_connection을 고친 뒤(DB는 {dbPort}에서 수신 대기) neutron-server를 재시작하세요.",
  "f.northd-stops-dbs.title": "{node}에서 ovn-northd와 함께 OVN NB/SB가 중지됨",
  "f.northd-stops-dbs.explain":
    "ovn-northd를 중지하거나 재시작하는 동안 {dbs}가 비활성 상태가 되었고 다시 시작되지 않았습니다. ovn-northd의 ExecStop은 `{execStop}`({source})을 실행합니다. --ovn-manage-ovsdb=no가 없으면 ovn-ctl stop_northd가 NB와 SB ovsdb-server까지 중지합니다.",
  "f.northd-stops-dbs.cause":
    "ovn-northd의 중지 명령이 자신이 소유하지 않은 데이터베이스까지 중지하며, 정상 종료였으므로 systemd가 다시 시작하지 않습니다.",
  "f.northd-stops-dbs.action":
    "지금 OVN 중앙 복구를 실행하세요. 그리고 재발하지 않도록 유닛을 고치세요: ExecStop에 --ovn-manage-ovsdb=no가 들어가도록 {source}를 제거하거나 수정하세요. 고치기 전까지는 ovn-northd를 재시작할 때마다 데이터베이스가 다시 중지됩니다.",
  "f.northd-stops-dbs.hazard.title": "{node}에서 ovn-northd를 재시작하면 OVN 데이터베이스도 중지됨",
  "f.northd-stops-dbs.hazard.explain":
    "ovn-northd의 ExecStop이 --ovn-manage-ovsdb=no 없이 `{execStop}`({source})을 실행하므로, `systemctl restart ovn-northd`나 `stop`을 하면 {dbs}도 중지되고 그대로 내려가 있게 됩니다.",
  "f.northd-stops-dbs.hazard.cause": "이것이 원래 장애가 시작된 방식입니다.",
  "f.northd-stops-dbs.hazard.action":
    "여기서는 systemctl로 ovn-northd를 재시작하지 마세요. 'ovn-northd 안전 재시작' 런북을 쓰고, 드롭인으로 ExecStop에 --ovn-manage-ovsdb=no를 추가하세요.",
  "f.neutron-crashloop.refused.title":
    "{node}의 neutron-server가 계속 종료됨: {endpoint}의 OVN에 접속 불가",
  "f.neutron-crashloop.refused.explain":
    "{unit}이 종료되고 systemd가 재시작합니다(지금까지 {restarts}회). 저널에 {endpoint} 연결이 거부되었다고 나오며, Neutron API는 중단 상태입니다.",
  "f.neutron-crashloop.refused.cause":
    "neutron-server는 시작할 때 OVN NB와 SB 데이터베이스가 필요하며, 접속할 수 없으면 종료합니다.",
  "f.neutron-crashloop.refused-running.title":
    "{node}의 neutron-server가 실행 중이지만 {endpoint}의 OVN에 접속 불가",
  "f.neutron-crashloop.refused-running.explain":
    "{unit}은 시작된 뒤 계속 실행 중이며(재시작 {restarts}회), 저널에 {endpoint} 연결이 거부되었다고 나옵니다. 데이터베이스를 기다리고 있어 Neutron API가 응답하지 않습니다.",
  "f.neutron-crashloop.refused-running.cause":
    "시작 후 접속했던 OVN 데이터베이스가 사라졌고(클러스터에서는 알던 멤버들이 멈춤), 종료하지 않고 계속 재시도합니다.",
  "f.neutron-crashloop.generic.title": "{node}의 neutron-server가 계속 종료됨",
  "f.neutron-crashloop.generic.explain":
    "{unit}이 종료되고 systemd가 재시작합니다(지금까지 {restarts}회). Neutron API는 중단 상태입니다. 아래 저널에 원인이 있습니다.",
  "f.neutron-crashloop.action.dbs-down":
    "먼저 OVN 데이터베이스를 복구하세요(OVN 중앙 복구). 그러면 neutron-server가 스스로, 또는 순차 재시작으로 올라옵니다.",
  "f.neutron-crashloop.action.endpoint":
    "{endpoint}에서 수신 대기하는 것이 없고, 접속하려는 데이터베이스는 중단 상태가 아닙니다. neutron-server를 재시작해도 소용없습니다. Neutron의 [ovn] 설정과 데이터베이스의 수신 대기 위치를 일치시킨 뒤(어느 쪽이 틀렸는지는 위 항목에 있습니다) neutron-server를 재시작하세요.",
  "f.neutron-crashloop.action.open":
    "이제 {endpoint}에서 수신 대기 중입니다. neutron-server는 다음 시작 때 스스로 접속합니다. 그래도 계속 종료되면 재시작하세요(순차 재시작).",
  "f.neutron-crashloop.action.unknown":
    "종료 원인은 아래 저널에 있습니다. 그 원인을 먼저 해결한 뒤 재시작하세요(순차 재시작).",
  "f.controller.disconnected.title": "{node}의 ovn-controller가 SB DB에 연결되지 않음",
  "f.controller.disconnected.explain":
    'connection-status가 "{status}"입니다. 설정된 접속 대상은 {remote}입니다. 이 섀시의 플로우가 갱신되지 않고, 호스팅해야 할 게이트웨이 포트를 가져갈 수 없습니다.',
  "f.controller.disconnected.cause":
    "SB DB가 중단되었거나, {remote}가 틀렸거나 이 노드에서 막혀 있습니다.",
  "f.controller.disconnected.action":
    "SB DB가 살아 있고 다른 곳에서 접속된다면 {node}에서 {remote}로 가는 경로와 방화벽을 확인한 뒤 섀시를 다시 연결하세요.",
  "f.controller.chassis-missing.title": "섀시 {chassis}({node})가 SB DB에 없음",
  "f.controller.chassis-missing.explain":
    "{node}의 ovn-controller는 연결됨이라고 하지만 {sbNode}의 SB DB에 {chassis} 섀시가 없습니다.",
  "f.controller.chassis-missing.cause":
    "섀시가 다른 이름으로 등록되었거나(system-id 변경) 행이 삭제되었습니다.",
  "f.controller.chassis-missing.action":
    "system-id를 /etc/openvswitch/system-id.conf와 비교하고 {node}의 ovn-controller를 재시작하세요.",
  "f.stale-chassis.no-controller.title":
    "SB에 섀시 {chassis}가 남아 있지만 {node}에서 ovn-controller가 실행되지 않음",
  "f.stale-chassis.no-controller.explain":
    "{sbNode}의 SB DB에 {node}의 Chassis 행이 남아 있지만 그곳에서 ovn-controller 프로세스가 실행되지 않습니다. 행을 지우지 않고 종료한 컨트롤러가 남긴 행입니다. {node}에서는 아무도 SB를 따르지 않으므로 그곳에 배치된 포트와 게이트웨이가 동작하지 않고, agent_down_time이 지나면 Neutron은 OVN Controller 에이전트를 죽은 것으로 보고합니다.",
  "f.stale-chassis.no-controller.cause":
    "ovn-controller가 `exit --restart`로 중지되었거나(패키지 업그레이드처럼) 강제 종료된 뒤 다시 시작되지 않았습니다.",
  "f.stale-chassis.no-controller.action":
    "{node}에서 ovn-controller를 다시 시작하세요(섀시 재연결). 자신의 Chassis 행을 다시 가져갑니다.",
  "f.stale-chassis.unanswered.title": "SB DB에 오래된 섀시 {chassis}({hostname})",
  "f.stale-chassis.unanswered.explain":
    "{sbNode}의 SB DB에 인벤토리의 어떤 노드도 실행하지 않는 섀시 {chassis}가 있으며, 다른 섀시들은 현재 nb_cfg를 확인했는데 이 섀시는 {seconds}초 동안 확인하지 않았습니다. ovn-controller가 사라졌지만 OVN은 여전히 게이트웨이 포트를 이 섀시에 배치할 수 있습니다.",
  "f.stale-chassis.unanswered.cause":
    "섀시를 지우지 않고 노드를 제거하거나 재설치했거나, 인벤토리 밖 노드의 ovn-controller가 멈췄습니다.",
  "f.stale-chassis.unanswered.action":
    "{hostname}이 아직 운영 중이면 인벤토리에 추가하고 ovn-controller를 시작하세요. 사라진 노드라면 `ovn-sbctl chassis-del {chassis}`로 직접 행을 지우세요(ovnscope는 OVN 레코드를 지우지 않습니다).",
  "f.stray-ovsdb.outside.title": "{node}의 OVN {db} ovsdb-server가 systemd 밖에서 실행 중",
  "f.stray-ovsdb.outside.explain":
    "{unit}은 {state} 상태인데 ovsdb-server {pids}가 {db} 데이터베이스를 서비스하고 있습니다. 유닛 밖에서 시작된 서버입니다. systemd는 이 서버를 감시하거나 재시작하거나 중지하지 않으며, 이 서버가 도는 동안 {unit}을 시작하면 두 서버가 데이터베이스 잠금을 다투게 됩니다.",
  "f.stray-ovsdb.outside-locked.title":
    "{node}에서 systemd 밖의 OVN {db} ovsdb-server가 {db} 데이터베이스를 점유 중",
  "f.stray-ovsdb.outside-locked.explain":
    "{unit}은 {state} 상태이고, ovsdb-server {pids}가 유닛 밖에서 {db} 데이터베이스를 서비스하고 있습니다. 저널에 DB 파일 잠금 오류가 있습니다. 다른 서버가 쥔 잠금을 유닛의 서버가 얻지 못했습니다.",
  "f.stray-ovsdb.second.title": "{node}에서 systemd 밖의 두 번째 OVN {db} ovsdb-server 실행 중",
  "f.stray-ovsdb.second.explain":
    "{unit}이 {db} 데이터베이스를 실행 중이며(MainPID {owned}), ovsdb-server {pids}가 같은 데이터베이스를 유닛 밖에서 서비스하고 있습니다. 한 파일에 서버 둘이 잠금을 다툽니다.",
  "f.stray-ovsdb.second-locked.title":
    "{node}에서 systemd 밖의 두 번째 OVN {db} ovsdb-server 실행 중",
  "f.stray-ovsdb.second-locked.explain":
    "{unit}이 {db} 데이터베이스를 실행 중이며(MainPID {owned}), ovsdb-server {pids}가 같은 데이터베이스를 유닛 밖에서 서비스하고 있고, 저널에 DB 파일 잠금 오류가 있습니다. 한 파일에 서버 둘이 잠금을 다툽니다.",
  "f.stray-ovsdb.locked.title": "{node}의 {unit}이 {db} 데이터베이스 잠금을 얻지 못해 실패함",
  "f.stray-ovsdb.locked.explain":
    "{unit}은 {state} 상태이고, 저널에 {db} DB 파일 잠금 오류가 있습니다. 지금은 {db} 데이터베이스를 서비스하는 ovsdb-server가 없습니다.",
  "f.stray-ovsdb.locked.cause":
    "유닛이 시작할 때 다른 ovsdb-server가 파일 잠금을 쥐고 있었습니다(관리 방식 혼용). 그 서버는 이제 없습니다.",
  "f.stray-ovsdb.locked.action":
    "OVN 중앙 복구를 실행하세요. DB 파일을 백업한 뒤 유닛을 시작합니다.",
  "f.stray-ovsdb.cause":
    "systemd가 관리하는 데이터베이스를 ovn-ctl(start_{dbLower}_ovsdb)로 직접 시작했습니다(관리 방식 혼용).",
  "f.stray-ovsdb.action":
    "OVN 중앙 복구를 실행하세요. DB 파일을 백업하고, systemd 밖의 서버를 중지한 뒤 유닛을 시작합니다.",
  "f.gateway.unverifiable.title":
    "라우터 게이트웨이 포트를 확인할 수 없음: Neutron API를 읽을 수 없음",
  "f.gateway.unverifiable.explain":
    "{node}를 통해 Neutron을 읽지 못했습니다: {error}. 게이트웨이 포트 상태는 알 수 없으며, 각 게이트웨이의 OVN 쪽은 계속 확인합니다.",
  "f.gateway.unverifiable.action": "neutron-server를 복구하면 저절로 해소됩니다.",
  "f.gateway.neutron-port.title":
    "Neutron은 {router}의 게이트웨이 포트를 {status}로 보고하지만 OVN은 {chassis}에 바인딩",
  "f.gateway.neutron-port.explain":
    "게이트웨이의 OVN 연결은 모두 정상이지만 Neutron이 반영하지 않았습니다. Neutron은 cr-lrp 바인딩 변경을 볼 때만 상태를 바꿉니다.",
  "f.gateway.neutron-port.cause": "게이트웨이 연결 고리에서 처음 끊긴 곳은 {link}입니다: {fact}",
  "f.gateway.neutron-port.action":
    "라우터의 외부 게이트웨이를 해제 후 다시 설정하거나 neutron-server를 재시작해 다시 동기화하세요.",
  "f.gateway.logical-router-port.title": "{router}의 게이트웨이 포트에 OVN 논리 라우터 포트가 없음",
  "f.gateway.logical-router-port.explain":
    "Neutron과 OVN NB DB가 다릅니다. 포트가 Neutron에만 있습니다.",
  "f.gateway.logical-router-port.cause":
    "게이트웨이 연결 고리에서 처음 끊긴 곳은 {link}입니다: {fact}",
  "f.gateway.logical-router-port.action":
    "neutron-ovn-db-sync-util을 log 모드로 실행해 차이를 본 뒤 복구하세요.",
  "f.gateway.gateway-chassis.title": "{router}의 게이트웨이에 쓸 수 있는 게이트웨이 섀시가 없음",
  "f.gateway.gateway-chassis.explain":
    "ovn-cms-options에 enable-chassis-as-gw가 있으면서 ovn-bridge-mappings에 {physnet}을 매핑한 섀시가 없어 Neutron이 아무것도(또는 neutron-ovn-invalid-chassis를) 배정하지 못했습니다.",
  "f.gateway.gateway-chassis.cause": "게이트웨이 연결 고리에서 처음 끊긴 곳은 {link}입니다: {fact}",
  "f.gateway.gateway-chassis.action":
    "네트워크 노드에서 ovn-cms-options=enable-chassis-as-gw를 설정하고 ovn-bridge-mappings에 {physnet}을 매핑하세요(ovs-vsctl set open . external_ids:…).",
  "f.gateway.cr-lrp-binding.title":
    "{router}의 게이트웨이 포트를 호스팅하는 섀시가 없음(cr-lrp 바인딩 없음)",
  "f.gateway.cr-lrp-binding.explain":
    "게이트웨이 섀시 후보는 있지만 아무도 cr-lrp-{port}를 가져가지 않았습니다. 해당 ovn-controller가 끊겼거나 섀시가 중단되었을 수 있습니다.",
  "f.gateway.cr-lrp-binding.cause": "게이트웨이 연결 고리에서 처음 끊긴 곳은 {link}입니다: {fact}",
  "f.gateway.cr-lrp-binding.action":
    "후보 섀시의 ovn-controller(connection-status)와 SB DB를 확인하세요.",
  "f.gateway.unclaimed.bfd-off.title":
    "{router}의 게이트웨이를 아무도 가져가지 않음: {from}의 {to} 방향 터널에서 BFD가 꺼짐",
  "f.gateway.unclaimed.bfd-off.explain":
    "후보({candidates})가 연결되어 있고 {physnet}을 매핑하는데도 cr-lrp-{port}에 섀시가 없습니다. 후보가 둘 이상이면 ovn-controller는 BFD 세션으로 보이는 후보 중 우선순위가 가장 높을 때만 포트를 가져갑니다. {from}이 {to}로 가는 터널에서 BFD를 돌리지 않아 어느 게이트웨이도 자신이 활성이라고 보지 않습니다.",
  "f.gateway.unclaimed.bfd-off.cause":
    "{from}의 ovn-controller가 {to}로 가는 터널의 BFD를 끄고 다시 켜지 않았습니다: {fact}",
  "f.gateway.unclaimed.bfd-off.action":
    "라우터 게이트웨이 재바인딩을 실행하세요: 우선순위가 가장 높은 후보({chassis})부터 ovn-controller를 재시작하고 포트가 바인딩된 채 유지되는지 확인합니다.",
  "f.gateway.unclaimed.bfd-down.title":
    "{from}와 {to} 사이 BFD 중단: 어느 게이트웨이도 자신이 활성이라고 보지 않음",
  "f.gateway.unclaimed.bfd-down.explain":
    "후보({candidates})가 연결되어 있고 {physnet}을 매핑하는데도 cr-lrp-{port}에 섀시가 없습니다. ovn-controller는 BFD 세션으로 다른 후보가 보일 때만 포트를 가져가는데, {from}와 {to} 사이 세션이 중단되었습니다.",
  "f.gateway.unclaimed.bfd-down.cause": "{from}의 {to} 방향 터널 BFD: {fact}",
  "f.gateway.unclaimed.bfd-down.action":
    "{from}와 {to} 사이 터널 언더레이(ovn-encap-ip)를 확인하세요. BFD가 올라오면 우선순위가 가장 높은 후보({chassis})가 스스로 포트를 가져갑니다. 그렇지 않으면 라우터 게이트웨이 재바인딩을 실행하세요.",
  "f.gateway.unclaimed.no-tunnel.title":
    "{router}의 게이트웨이를 아무도 가져가지 않음: {from}에서 {to}로 가는 터널 없음",
  "f.gateway.unclaimed.no-tunnel.explain":
    "후보({candidates})가 연결되어 있고 {physnet}을 매핑하는데도 cr-lrp-{port}에 섀시가 없습니다. 두 후보 사이에 터널이 없으면 BFD 세션도 없어 어느 쪽도 자신이 활성이라고 보지 않습니다.",
  "f.gateway.unclaimed.no-tunnel.cause": "터널 없음: {fact}",
  "f.gateway.unclaimed.no-tunnel.action":
    "두 섀시의 ovn-encap-type, ovn-encap-ip(및 SB Encap 행)를 확인한 뒤 라우터 게이트웨이 재바인딩을 실행하세요.",
  "f.gateway.unclaimed.bfd-up.title":
    "후보 사이 BFD가 정상인데도 {router}의 게이트웨이를 아무도 가져가지 않음",
  "f.gateway.unclaimed.bfd-up.explain":
    "후보({candidates})가 연결되어 있고 {physnet}을 매핑하며 BFD로 서로 보이는데도 cr-lrp-{port}에 섀시가 없습니다. 우선순위가 가장 높은 후보({chassis})가 가져갔어야 합니다.",
  "f.gateway.unclaimed.bfd-up.cause":
    "후보 섀시 ovn-controller 자체의 바인딩 상태(BFD, 터널, 설정은 정상).",
  "f.gateway.unclaimed.bfd-up.action":
    "라우터 게이트웨이 재바인딩을 실행하세요: {chassis}부터 ovn-controller를 재시작하고 다음 후보로 넘어가며 포트가 바인딩된 채 유지되는지 확인합니다.",
  "f.gateway.chassis.title": "{router} 게이트웨이의 섀시({chassis})가 연결되지 않음",
  "f.gateway.chassis.explain":
    "게이트웨이를 호스팅하는(또는 해야 할) 섀시가 SB DB와 통신하지 못해 바인딩을 최신으로 유지할 수 없습니다.",
  "f.gateway.chassis.cause": "게이트웨이 연결 고리에서 처음 끊긴 곳은 {link}입니다: {fact}",
  "f.gateway.chassis.action": "섀시를 다시 연결하세요(해당 ovn-controller 항목 참고).",
  "f.gateway.bridge-mapping.title":
    "{chassis}에 {physnet} 브리지 매핑이 없음({router}의 외부 네트워크)",
  "f.gateway.bridge-mapping.explain":
    '외부 네트워크는 물리 네트워크 {physnet}에 있는데 게이트웨이 섀시의 ovn-bridge-mappings에 해당 항목이 없습니다: {fact}. 이 섀시로는 트래픽이 나갈 수 없습니다(ovn-controller 로그 "bridge not found for localnet port")',
  "f.gateway.bridge-mapping.cause": "게이트웨이 연결 고리에서 처음 끊긴 곳은 {link}입니다: {fact}",
  "f.gateway.bridge-mapping.action":
    "해당 노드에서 {physnet}:<브리지>를 포함해 ovs-vsctl set open . external_ids:ovn-bridge-mappings=…로 추가하세요. 매핑은 ml2_conf.ini가 아니라 각 섀시의 Open vSwitch에 있습니다.",
  "f.gateway.bridge.title": "{chassis}에서 {physnet}에 매핑된 브리지가 없음",
  "f.gateway.bridge.explain": "{fact}.",
  "f.gateway.bridge.cause": "게이트웨이 연결 고리에서 처음 끊긴 곳은 {link}입니다: {fact}",
  "f.gateway.bridge.action":
    "물리 인터페이스와 함께 브리지를 만들거나(ovs-vsctl add-br) 매핑을 고치세요.",
  "f.gateway.physnet.title": "{router} 외부 네트워크의 물리 네트워크를 알 수 없음",
  "f.gateway.physnet.explain":
    "Neutron도 NB localnet 포트도 외부 네트워크의 물리 네트워크를 알려 주지 않습니다.",
  "f.gateway.physnet.cause": "게이트웨이 연결 고리에서 처음 끊긴 곳은 {link}입니다: {fact}",
  "f.gateway.physnet.action": "네트워크의 provider:physical_network를 확인하세요.",
  "f.neutron-ovn-disagree.active-unbound.title":
    "Neutron은 {router}의 게이트웨이를 ACTIVE라 하지만 OVN에는 섀시가 없음",
  "f.neutron-ovn-disagree.active-unbound.explain":
    "SB DB에서 cr-lrp-{port}에 섀시가 없는데도 Neutron은 여전히 포트를 ACTIVE로 보고합니다. Neutron은 바인딩 이벤트 때만 상태를 바꾸며, 섀시가 사라져도 DOWN으로 되돌리지 않습니다.",
  "f.neutron-ovn-disagree.active-unbound.cause":
    "Neutron의 상태가 오래된 것이며, OVN의 바인딩이 사실입니다.",
  "f.neutron-ovn-disagree.active-unbound.action":
    "OVN을 믿으세요. 게이트웨이 연결 고리를 먼저 고치면 cr-lrp가 다시 바인딩될 때 Neutron이 따라옵니다.",
  "f.neutron-ovn-disagree.down-bound.title":
    "Neutron은 {router}의 게이트웨이를 DOWN이라 하지만 OVN은 {chassis}에 바인딩",
  "f.neutron-ovn-disagree.down-bound.explain":
    "SB DB에서 cr-lrp-{port}가 {chassis}에 바인딩되어 있지만 Neutron이 반영하지 않았습니다.",
  "f.neutron-ovn-disagree.down-bound.cause":
    "Neutron이 바인딩 이벤트를 놓쳤습니다(neutron-server 시작 직후에 보임).",
  "f.neutron-ovn-disagree.down-bound.action":
    "라우터의 외부 게이트웨이를 해제 후 다시 설정해 Neutron이 바인딩을 다시 보게 하세요.",
  "f.bridge-mappings.typo.title":
    '{node}가 어떤 네트워크도 쓰지 않는 "{physnet}"을 매핑함 — {near}의 오타인가요?',
  "f.bridge-mappings.typo.explain":
    "{node}의 ovn-bridge-mappings가 {physnet}을 {bridge}에 매핑하지만 네트워크들은 {used}을 씁니다. 이름이 틀린 매핑은 아무 효과가 없습니다.",
  "f.bridge-mappings.typo.action":
    "항목 이름을 {near}로 바꾸세요(ovs-vsctl set open . external_ids:ovn-bridge-mappings=…).",
  "f.bridge-mappings.unused.title": '{node}가 어떤 네트워크도 쓰지 않는 "{physnet}"을 매핑함',
  "f.bridge-mappings.unused.explain":
    "{node}의 ovn-bridge-mappings가 {physnet}을 {bridge}에 매핑합니다. 네트워크들은 {used}을 씁니다.",
  "f.bridge-mappings.unused.action": "의도한 것이면 문제없습니다. 아니라면 이름을 확인하세요.",
  "f.chassis-settings-skew.title": "섀시 {chassis}가 {keys}를 other_config에만 게시함",
  "f.chassis-settings-skew.explain":
    "이 OVN은 {keys}를 SB Chassis.other_config에 씁니다. Chassis.external_ids를 읽는 Neutron 릴리스(예: Neutron 21)는 이를 보지 못해 여기에 게이트웨이를 배정하지 않습니다.",
  "f.chassis-settings-skew.cause": "Neutron과 OVN의 버전 차이.",
  "f.chassis-settings-skew.action":
    "other_config를 읽는 Neutron 릴리스로 올리거나 external_ids를 동기화하세요.",
  "f.neutron-unknown-option.title":
    "{node}의 {file}에 있는 [{section}] {name}은(는) 아무 효과가 없음",
  "f.neutron-unknown-option.explain":
    "{file}이(가) [{section}] {name} = {value}을(를) 설정하지만 {node}에 설치된 Neutron({version})의 [{section}]에는 {name} 옵션이 없습니다. oslo.config는 모르는 옵션을 아무 말 없이 무시하므로 이 설정은 효과가 없습니다. 비슷한 알려진 이름: {hint}.",
  "f.neutron-unknown-option.cause":
    "옵션 이름 오타, 다른 릴리스나 구성 요소의 옵션, 또는 잘못된 섹션에 넣은 옵션입니다.",
  "f.neutron-unknown-option.action":
    "삭제하거나 Neutron이 아는 옵션(힌트 참고)으로 고친 뒤 neutron-server를 재시작해야 적용됩니다.",
  "f.neutron-unknown-option.bridge-mappings.title":
    "{node}의 {file}에 있는 [ovn] bridge_mappings는 아무 효과가 없음",
  "f.neutron-unknown-option.bridge-mappings.explain":
    "{file}이(가) [ovn] bridge_mappings = {value}을(를) 설정하지만 {node}에 설치된 Neutron({version})에는 그런 옵션이 없어 oslo.config가 아무 말 없이 무시합니다. ML2/OVN에서 물리 네트워크와 브리지의 매핑은 Neutron 파일이 아니라 각 섀시의 Open vSwitch(external_ids:ovn-bridge-mappings)에 있습니다. 비슷한 알려진 이름: {hint}.",
  "f.neutron-unknown-option.bridge-mappings.cause":
    "원래 장애 때의 변경: ML2/OVN이 전혀 읽지 않는 곳에 매핑을 적었습니다.",
  "f.neutron-unknown-option.bridge-mappings.action":
    "{file}에서 삭제하세요. 대신 각 게이트웨이 섀시에서 외부 네트워크가 실제로 쓰는 물리 네트워크 이름으로 매핑을 설정하세요: ovs-vsctl set open . external_ids:ovn-bridge-mappings=<physnet>:<bridge>.",
  "f.start-order.gave-up.title":
    "{node}의 {unit}이(가) {db}가 뜨기 전에 포기했고 다시 시작되지 않음",
  "f.start-order.gave-up.explain":
    "{unit}은(는) {db}에 연결하지 못해 {clientAt}에 멈췄는데, {db}는 {dbUp}에야 활성화되었습니다. 데이터베이스가 뜬 뒤에도 {unit}을(를) 다시 시작한 것이 없어 여전히 멈춰 있습니다.",
  "f.start-order.gave-up.cause":
    "{db}가 아직 실행되지 않았을 때 시작되었고(잘못된 순서의 시작 또는 재시작), 재시작 횟수가 다 했거나 재시작 설정이 없습니다.",
  "f.start-order.gave-up.action":
    "{db}가 응답하니 이제 {unit}을(를) 시작하세요. 데이터베이스를 먼저 시작해 확인한 다음 클라이언트를 시작하세요.",
  "f.start-order.gave-up.no-after.title":
    "{node}의 {unit}이(가) {db}가 뜨기 전에 포기했고 다시 시작되지 않음",
  "f.start-order.gave-up.no-after.explain":
    "{unit}은(는) {db}에 연결하지 못해 {clientAt}에 멈췄는데, {db}는 {dbUp}에야 활성화되었습니다. 데이터베이스가 뜬 뒤에도 {unit}을(를) 다시 시작한 것이 없어 여전히 멈춰 있습니다.",
  "f.start-order.gave-up.no-after.cause":
    "{unit}은(는) {db} 뒤로 순서가 정해져 있지 않아(After={db} 없음) 부팅 때도 systemd가 둘을 동시에 시작하므로, {unit}이(가) 아직 없는 데이터베이스를 만날 수 있습니다.",
  "f.start-order.gave-up.no-after.action":
    "{db}가 응답하니 이제 {unit}을(를) 시작하세요. 부팅 때 반복되지 않도록 드롭인으로 {unit}에 After={db}(및 Wants=)를 추가하세요.",
  "f.start-order.not-reconnected.title":
    "{node}의 {unit}이(가) {dbUp}부터 떠 있는 {db}에 여전히 연결하지 못함",
  "f.start-order.not-reconnected.explain":
    "{unit}은(는) {db}가 마지막으로 활성화된 {dbUp}보다 앞선 {clientAt}부터 실행 중이며, 데이터베이스가 뜬 지 한참 뒤에도 저널에 그 데이터베이스로의 연결 실패가 계속 보입니다. 다시 연결하지 못했습니다.",
  "f.start-order.not-reconnected.cause":
    "{db}가 {unit}보다 나중에 (재)시작되었고 {unit}이(가) 데이터베이스에 다시 붙지 못했습니다.",
  "f.start-order.not-reconnected.action":
    "{db}가 응답하니 {unit}을(를) (런북으로) 재시작하고, 증거 줄에서 어디로 연결하려 하는지 확인하세요.",
  "f.start-order.not-reconnected.no-after.title":
    "{node}의 {unit}이(가) {dbUp}부터 떠 있는 {db}에 여전히 연결하지 못함",
  "f.start-order.not-reconnected.no-after.explain":
    "{unit}은(는) {db}가 마지막으로 활성화된 {dbUp}보다 앞선 {clientAt}부터 실행 중이며, 데이터베이스가 뜬 지 한참 뒤에도 저널에 그 데이터베이스로의 연결 실패가 계속 보입니다. 다시 연결하지 못했습니다.",
  "f.start-order.not-reconnected.no-after.cause":
    "{unit}이(가) {db}보다 먼저 시작되었습니다. {db} 뒤로 순서가 정해져 있지 않아(After={db} 없음) 부팅 때도 systemd가 먼저 시작할 수 있습니다.",
  "f.start-order.not-reconnected.no-after.action":
    "{db}가 응답하니 {unit}을(를) (런북으로) 재시작하고, 데이터베이스 뒤에 시작되도록 드롭인으로 {unit}에 After={db}를 추가하세요.",
  "f.ovn-cluster.quorum-lost.title":
    "{db} 클러스터가 쿼럼을 잃었습니다: 멤버 {size}개 중 {up}개만 동작, {quorum}개 필요",
  "f.ovn-cluster.quorum-lost.explain":
    "클러스터형 {db} 데이터베이스의 서버 {size}개 중 {up}개만 실행 중이어서 RAFT 과반({quorum}개)에 못 미칩니다. 리더를 선출할 수 없어 모든 쓰기가 거부됩니다. Neutron은 OVN에서 아무것도 만들거나 바꾸거나 지울 수 없고, ovn-northd는 변환하지 못하며, 리더만 쓰는 클라이언트는 계속 다시 연결합니다. 응답하지 않는 멤버: {missing}.",
  "f.ovn-cluster.quorum-lost.cause":
    "멤버의 절반 이상이 멈추었거나, 죽었거나, 닿지 않습니다(여러 컨트롤러를 한꺼번에 재시작, 유닛 중지, 노드 다운).",
  "f.ovn-cluster.quorum-lost.action":
    "멈춘 멤버를 로그가 가장 새로운 것부터 시작하세요(Recover OVN central). 과반이 모이면 몇 초 안에 리더가 선출됩니다. 그러려고 멤버의 데이터베이스 파일을 지우거나 새로 만들지 마세요.",
  "f.ovn-cluster.no-leader.title": "{db} 클러스터에 리더가 없습니다(멤버 {size}개 중 {up}개 동작)",
  "f.ovn-cluster.no-leader.explain":
    "클러스터형 {db} 데이터베이스의 과반이 응답하지만 리더라고 말하는 멤버가 없습니다(term {term}). 선출될 때까지 쓰기는 기다리거나 실패하고, 리더 전용 클라이언트는 다시 연결합니다.",
  "f.ovn-cluster.no-leader.cause":
    "선출이 진행 중이거나(리더가 방금 멈춤), 선출이 계속 실패합니다: 부하에 비해 너무 낮은 election timer, 또는 raft 포트로 서로 닿지 않는 멤버.",
  "f.ovn-cluster.no-leader.action":
    "몇 초 뒤 새로 고치세요. 선출은 election timer 하나 정도 걸립니다. 리더가 나타나지 않으면 증거에 있는 멤버들의 raft 연결과 저널을 확인하세요.",
  "f.ovn-cluster.split.title":
    "{db} 데이터베이스가 갈라졌습니다: 멤버들이 클러스터에 대해 서로 다르게 말합니다",
  "f.ovn-cluster.split.explain":
    "{db}의 멤버들이 둘 이상의 클러스터(클러스터 {clusterId}와 {others})로 응답하거나, 같은 term에 리더가 둘 이상입니다. 서로 다른 멤버에 붙은 클라이언트는 서로 다른 데이터베이스를 봅니다.",
  "f.ovn-cluster.split.cause":
    "데이터베이스 파일을 지우고 새 클러스터로 다시 만든 멤버, 또는 다른 클러스터의 파일로 시작한 멤버.",
  "f.ovn-cluster.split.action":
    "과반이 있는 클러스터를 유지하세요. 어긋난 멤버의 파일을 백업한 뒤 옆으로 옮기고, 그 멤버가 다른 멤버를 통해 클러스터에 다시 합류하게 하세요(파일은 지우지 마세요).",
  "f.ovn-cluster.stale-member.title":
    "{db} 클러스터가 더는 응답하지 않는 서버 {sid}({address})를 아직 목록에 둡니다",
  "f.ovn-cluster.stale-member.explain":
    "{db}의 구성에 서버 {sid}({address})가 남아 있지만, {node}는 그 주소에서 서버 {current}로 응답합니다. 노드를 다시 만들고 새 id로 다시 합류한 것입니다. 옛 id가 여전히 과반 계산에 들어가므로, 클러스터가 쓰기 가능하려면 실제보다 멤버가 하나 더 필요합니다.",
  "f.ovn-cluster.stale-member.cause":
    "컨트롤러를 다시 만들면서(데이터베이스 파일을 잃거나 바꿈) 옛 서버를 제거하지 않고 다시 합류했습니다.",
  "f.ovn-cluster.stale-member.action":
    "정상 멤버에서 옛 서버를 제거하세요(런북 '오래된 클러스터 서버 제거'가 백업 후 수행): `ovn-appctl -t {ctl} cluster/kick {name} {sid}`. 그리고 서버 목록에서 사라졌는지 확인하세요.",
  "f.ovn-cluster.election-storm.title":
    "{db} 클러스터가 {minutes}분 동안 리더를 {elections}번 선출함 (term {first}~{last})",
  "f.ovn-cluster.election-storm.explain":
    "정상적인 {db} 클러스터는 리더를 잃을 때마다 한 번 선출합니다. 서버 {size}대를 차례로 재시작해도 선출은 최대 {size}번입니다. 그보다 많으면 리더를 계속 잃고 있다는 뜻입니다. 선출마다 최소 선출 타임아웃 동안 모든 쓰기가 멈추고, 클라이언트는 새 리더를 찾아 다시 연결합니다. 선출에서 이긴 노드: {winners}; 너무 이르다며 무시된 투표: {early}.",
  "f.ovn-cluster.election-storm.cause":
    "리더의 ovsdb-server가 계속 종료되거나 멈춤(크래시, 재시작 반복, CPU 부족이나 스와핑으로 하트비트를 놓치는 컨트롤러), 또는 클러스터의 부하와 지연에 비해 너무 낮은 선출 타이머.",
  "f.ovn-cluster.election-storm.action":
    "해당 term 전후의 리더 ovsdb-server 로그와 유닛 재시작을 확인하세요. 바쁜 리더가 하트비트를 놓친다면 리더에서 `cluster/change-election-timer`로 선출 타이머를 올리세요(한 번에 최대 두 배).",
  "f.ovn-cluster.election-timer.title":
    "{db} 리더 {node}가 실행 중에 리더십을 잃음: {timer} ms 선출 타이머보다 오래 응답 없음",
  "f.ovn-cluster.election-timer.explain":
    "{node}의 {db} 서버는 term {term}의 리더였고, 크래시나 재시작 없이 {winner}를 term {newTerm}의 리더로 알게 되었습니다. 다른 멤버들이 선출 타이머({timer} ms) 내내 아무것도 받지 못해 새 리더를 선출한 것입니다. 깨어날 때 기록한 가장 긴 멈춤: {stall}. 이런 상실마다 선출 동안 쓰기가 멈추고 클라이언트가 다시 연결합니다. 최근 {minutes}분 동안 {losses}번.",
  "f.ovn-cluster.election-timer.cause":
    "리더가 타이머가 허용하는 것보다 오래 멈추거나(큰 데이터베이스의 압축이나 스냅샷, CPU 부족이나 스와핑 중인 컨트롤러, 쓰기를 막는 스토리지), 멤버 사이 네트워크가 그동안 하트비트를 잃습니다. raft 기본 타이머는 작고 한가한 클러스터에만 맞습니다.",
  "f.ovn-cluster.election-timer.action":
    "{node}가 왜 멈추거나 하트비트를 잃는지 찾으세요. 멈춤이 부하의 일부라면 리더({leader})에서 선출 타이머를 올리세요: `ovn-appctl -t {ctl} cluster/change-election-timer {name} MS`, 한 번에 최대 두 배씩(예: {target} ms). 변경은 클러스터 로그로 합의되므로 재시작 후에도 유지됩니다.",
  "f.ovn-cluster.member-down.title":
    "{db} 클러스터 멤버 {member}가 다운되었습니다({size}개 중 {up}개 동작)",
  "f.ovn-cluster.member-down.explain":
    "서버 {member}는 클러스터형 {db} 데이터베이스의 구성에 있지만 멤버로 응답하지 않습니다. 클러스터는 아직 과반({size}개 중 {up}개, {quorum}개 필요)이 있어 동작하지만, 하나만 더 실패하면 모든 쓰기가 멈춥니다.",
  "f.ovn-cluster.member-down.cause": "ovsdb-server가 멈추었거나 죽었거나, 노드에 닿지 않습니다.",
  "f.ovn-cluster.member-down.action":
    "멤버의 데이터베이스 유닛을 다시 시작하세요(Recover OVN central). 리더로부터 따라잡습니다.",
  "f.ovn-cluster.not-member.title": "{node}의 {db} 멤버 상태: {status}",
  "f.ovn-cluster.not-member.explain":
    '{node}의 {db} 서버가 "cluster member"가 아니라 "{status}"라고 말합니다. 현재 데이터를 제공하지 않고 과반 계산에도 들어가지 않습니다.',
  "f.ovn-cluster.not-member.cause":
    "다른 멤버에 닿지 못해 합류하지 못한 멤버이거나, 클러스터에서 제거된 멤버입니다.",
  "f.ovn-cluster.not-member.action":
    "{node}가 raft 포트로 다른 멤버에 닿는지와 멤버의 저널을 확인하세요. 오래 합류 중인 멤버는 새 파일로(옮겨 두고, 지우지 말고) 다시 합류해야 할 수 있습니다.",
  "f.northd-active.none.title": "활성 ovn-northd가 없습니다({statuses})",
  "f.northd-active.none.explain":
    "응답하는 모든 ovn-northd가 standby 또는 paused입니다({statuses}). Northbound를 Southbound로 변환하는 것이 없어, Neutron이 쓰는 라우터, 포트, 게이트웨이 변경이 NB에 머물고 어떤 섀시에도 닿지 않습니다.",
  "f.northd-active.none.cause":
    "인스턴스가 일시 정지되었거나(`ovn-appctl -t ovn-northd pause`), 어느 것도 SB의 잠금을 얻지 못합니다(SB에 리더가 없거나 닿지 않음).",
  "f.northd-active.none.action":
    "하나를 재개하거나(`ovn-appctl -t ovn-northd resume`) 컨트롤러에서 ovn-northd를 안전하게 재시작하세요. SB에 리더가 없으면 먼저 OVN central을 복구하세요.",
  "f.northd-active.several.title": "활성 ovn-northd가 둘 이상입니다({nodes})",
  "f.northd-active.several.explain":
    "{nodes}의 ovn-northd가 각각 active라고 말합니다. SB의 잠금은 하나만 가질 수 있으므로, 서로 다른 Southbound 데이터베이스의 잠금을 가진 것입니다. 데이터베이스가 갈라졌거나 인스턴스가 서로 다른 데이터베이스를 가리킵니다.",
  "f.northd-active.several.cause":
    "서로 다른 클러스터로 응답하는 NB/SB 멤버, 또는 --ovnsb-db가 서로 다르게 설정된 northd 인스턴스.",
  "f.northd-active.several.action":
    "먼저 클러스터 결과(분할)를 확인하고, 모든 ovn-northd가 같은 NB/SB 멤버를 가리키게 한 뒤 어긋난 것을 안전하게 재시작하세요.",
  "f.ovn-cluster.client-list.title":
    "{node}의 Neutron이 {db} 클러스터 멤버를 실제와 다르게 나열합니다",
  "f.ovn-cluster.client-list.explain":
    "{node}의 Neutron {option}은 {connection}입니다. 빠진 멤버: {missing}. 멤버가 아닌 호스트: {strangers}. Neutron은 나열된 멤버로만 장애 조치할 수 있고, 멤버가 아닌 주소는 응답하지 않거나 다른 데이터베이스가 응답합니다.",
  "f.ovn-cluster.client-list.cause":
    "멤버를 추가, 이동 또는 재구축하면서 Neutron의 [ovn] 연결을 갱신하지 않았습니다.",
  "f.ovn-cluster.client-list.action":
    "Neutron ML2 설정의 {option}에 {db} 클러스터의 모든 멤버를, 멤버만 나열하고 Neutron 서버를 (한 노드씩) 재시작하세요.",
  "f.ovn-cluster.log-lag.title":
    "{db} 멤버 {member}가 리더보다 {behind}개 항목 뒤처졌고 {silentS}초 동안 응답이 없습니다",
  "f.ovn-cluster.log-lag.explain":
    "{leader}의 리더가 {member}로부터 {silentS}초 동안(선거 타이머 {timerMs} ms보다 길게) 소식을 듣지 못했고, {member}는 마지막 로그 항목 {behind}개를 저장하지 않았습니다. 서버 프로세스는 실행 중이므로 멈춘 것이 아니라 정지·자원 부족·단절 상태입니다. 클러스터는 이 멤버 없이 과반을 유지하지만, 멤버 하나를 더 잃으면 모든 쓰기가 멈춥니다.",
  "f.ovn-cluster.log-lag.cause":
    "멤버의 ovsdb-server가 정지됨(SIGSTOP, 디버거), CPU나 디스크 부족, 큰 데이터베이스 압축 중, 또는 리더에서 raft 포트에 닿지 않음.",
  "f.ovn-cluster.log-lag.action":
    "멤버 노드를 확인하세요(부하, 디스크, `ovn-appctl -t <ctl> cluster/status`, 로그의 'Unreasonably long' 줄). 계속 멈춰 있는 서버는 그 노드에서(파일은 유지한 채) 재시작하면 리더로부터 따라잡습니다.",
  "f.ovn-cluster.clients-stuck.title":
    "{db} 클라이언트 {count}개가 클러스터에 속하지 않은 {node}에 연결되어 있습니다({status})",
  "f.ovn-cluster.clients-stuck.explain":
    '{db} 클러스터의 리더는 {leader}에 있지만, "{status}" 상태인 {node}의 ovsdb-server가 {clients}와 세션을 유지하고 있습니다. 클러스터 밖의 멤버는 자기 사본을 제공하므로, 이 클라이언트들은 클러스터의 변경을 보지 못하고, 쓰는 내용은 사라지거나 다른 데이터베이스로 갑니다.',
  "f.ovn-cluster.clients-stuck.cause":
    "파일이 새로 만들어져 독자 클러스터로 시작했거나 다른 멤버와 끊긴 멤버에, 전에 연결했거나 그 멤버를 먼저 나열해 옮겨 가지 않는 클라이언트가 붙어 있습니다.",
  "f.ovn-cluster.clients-stuck.action":
    "{node}를 다시 멤버로 만들거나(다른 클러스터 ID면 재합류 런북), 그 {db} 서버를 멈춰 클라이언트가 다른 멤버로 다시 연결하게 하세요. 그다음 모든 클라이언트가 멤버만 나열하는지 확인하세요.",
};
