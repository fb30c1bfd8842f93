"use client";

import { useT } from "@/components/i18n/I18nProvider";
import { Badge } from "@/components/ui/Badge";
import { HealthBadge } from "@/components/ui/HealthBadge";
import type { ClusterModel, MemberColumn, MemberFields } from "@/lib/views/clusters";

/** A value as the tool printed it; a failing one in the down colour with a mark (never colour alone). */
function Value({
  children,
  bad = false,
  behind = false,
}: {
  children: React.ReactNode;
  bad?: boolean;
  behind?: boolean;
}) {
  if (bad)
    return (
      <span className="font-medium text-down" data-bad="true">
        <span aria-hidden="true">✕ </span>
        {children}
      </span>
    );
  if (behind)
    return (
      <span className="text-degraded" data-behind="true">
        <span aria-hidden="true">! </span>
        {children}
      </span>
    );
  return <>{children}</>;
}

interface Row {
  key: string;
  label: React.ReactNode;
  /** Absent on a group's heading row. */
  cell?: (f: MemberFields, col: MemberColumn) => React.ReactNode;
}

/** Who a server is: its node and short id, or its id alone. */
const serverName = (sid: string, node: string | null) => (node ? `${node} (${sid})` : sid);

function rowsOf(t: ReturnType<typeof useT>, c: ClusterModel): Row[] {
  const plain = (v: number | string | null) => (v === null ? "—" : String(v));
  const rows: Row[] = [
    {
      key: "serverId",
      label: t("clusters.row.serverId"),
      cell: (f) => f.serverId,
    },
    {
      key: "clusterId",
      label: t("clusters.clusterId"),
      cell: (f, col) => (
        <Value bad={col.kind === "foreign"}>
          <span title={f.clusterId ?? ""}>{f.clusterId ?? "—"}</span>
        </Value>
      ),
    },
    { key: "address", label: t("clusters.row.address"), cell: (f) => f.address },
    {
      key: "status",
      label: t("clusters.row.status"),
      cell: (f) => <Value bad={f.statusBad}>{f.status}</Value>,
    },
    {
      key: "role",
      label: t("clusters.row.role"),
      cell: (f) => (
        <Value bad={f.roleBad}>
          <span className={f.role === "leader" ? "font-semibold" : undefined}>{f.role}</span>
        </Value>
      ),
    },
    {
      key: "term",
      label: t("clusters.row.term"),
      cell: (f) => <Value behind={f.termBehind}>{f.term}</Value>,
    },
    {
      key: "leader",
      label: t("clusters.row.leader"),
      cell: (f) => (
        <Value bad={f.leaderBad}>
          {f.leader}
          {f.leaderNode && <span className="text-muted"> ({f.leaderNode})</span>}
        </Value>
      ),
    },
    { key: "vote", label: t("clusters.row.vote"), cell: (f) => f.vote },
    {
      key: "electionTimer",
      label: t("clusters.row.electionTimer"),
      cell: (f) => plain(f.electionTimerMs),
    },
    {
      key: "log",
      label: t("clusters.row.log"),
      cell: (f) => (f.log ? `[${f.log.start}, ${f.log.next}]` : "—"),
    },
    {
      key: "notCommitted",
      label: t("clusters.row.notCommitted"),
      cell: (f) => f.notCommitted,
    },
    { key: "notApplied", label: t("clusters.row.notApplied"), cell: (f) => f.notApplied },
    {
      key: "connections",
      label: t("clusters.row.connections"),
      cell: (f) =>
        f.connections.length === 0 ? (
          "—"
        ) : (
          <span className="flex flex-wrap gap-x-2">
            {f.connections.map((x) => {
              // As cluster/status prints them: ->out, <-in, a failing one in parentheses.
              const text = `${x.direction === "out" ? "->" : "<-"}${x.sid}`;
              return (
                <span key={`${x.direction}${x.sid}`} data-connection={text}>
                  <Value bad={x.failing}>{x.failing ? `(${text})` : text}</Value>
                </span>
              );
            })}
          </span>
        ),
    },
    {
      key: "disconnections",
      label: t("clusters.row.disconnections"),
      cell: (f) => f.disconnections,
    },
    {
      // Who talks to this member (its ovsdb-server's accepted sessions), not raft's own links.
      key: "clients",
      label: t("clusters.row.clients"),
      cell: (_f, col) =>
        col.clients === null ? (
          <span className="text-muted">—</span>
        ) : col.clients.length === 0 ? (
          <span className="text-muted">{t("clusters.noClients")}</span>
        ) : (
          <span className="flex flex-col" data-clients={col.clients.length}>
            {col.clients.map((c) => (
              <span key={c.who}>
                <Value bad={col.kind !== "member"}>
                  {c.who}
                  {c.count > 1 ? ` ×${c.count}` : ""}
                </Value>
              </span>
            ))}
          </span>
        ),
    },
  ];
  if (c.peers.length > 0) rows.push({ key: "lastMsgGroup", label: t("clusters.row.lastMsgGroup") });
  for (const p of c.peers)
    rows.push({
      key: `lastMsg-${p.sid}`,
      label: t("clusters.row.lastMsg", { server: serverName(p.sid, p.node) }),
      cell: (f) => {
        const m = f.lastMsg[p.sid];
        if (!m) return <span className="text-muted">—</span>;
        if (m.self) return <span className="text-muted">(self)</span>;
        return <Value bad={m.late}>{plain(m.ms)}</Value>;
      },
    });
  return rows;
}

/** A server id is unknown when no member answered (the columns then come from the nodes' options). */
const columnKey = (col: MemberColumn) => `${col.kind}-${col.sid || col.address}`;

/** What a column's heading says besides its name: leader, no answer, stale, foreign… */
function ColumnMarks({ col }: { col: MemberColumn }) {
  const t = useT();
  return (
    <span className="mt-0.5 flex flex-wrap gap-1">
      {col.leader && (
        <Badge
          icon="★"
          label={t("clusters.col.leader")}
          className="border-accent/50 bg-accent/15 text-accent"
        />
      )}
      {col.kind === "missing" && <HealthBadge health="down" label={t("clusters.col.missing")} />}
      {col.kind === "stale" && <HealthBadge health="degraded" label={t("clusters.col.stale")} />}
      {col.kind === "foreign" && (
        <HealthBadge health="degraded" label={t("clusters.col.foreign")} />
      )}
      {col.kind === "not-member" && (
        <HealthBadge health="degraded" label={t("clusters.col.notMember")} />
      )}
      {col.reach && (
        <HealthBadge
          health="unreachable"
          label={t("clusters.col.unread", { reach: t(`reach.${col.reach}`) })}
        />
      )}
      {col.kept && <HealthBadge health="stale" label={t("clusters.col.kept")} />}
    </span>
  );
}

/** Why a column has no values: it did not answer, or its node answers as another id. */
function NoAnswer({ col }: { col: MemberColumn }) {
  const t = useT();
  if (col.kind === "stale" && col.node && col.answersAs)
    return <>{t("clusters.col.answersAs", { node: col.node, sid: col.answersAs })}</>;
  return (
    <>
      {t("clusters.col.missing")}
      {col.reach && ` · ${t("clusters.col.unread", { reach: t(`reach.${col.reach}`) })}`}
    </>
  );
}

/**
 * Rows are cluster/status's fields, columns the servers of the configuration (then members
 * outside it, then members of another cluster): every member's own view, side by side.
 */
export function MembersTable({ cluster: c }: { cluster: ClusterModel }) {
  const t = useT();
  const rows = rowsOf(t, c);
  const shade = (col: MemberColumn) => (col.leader ? " bg-accent/5" : "");
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="cluster-members" data-db={c.db}>
        <thead className="text-xs text-muted">
          <tr>
            <th scope="col" className="w-72 px-3 py-1.5 align-bottom font-normal">
              {t("clusters.field")}
            </th>
            {c.columns.map((col) => (
              <th
                key={columnKey(col)}
                scope="col"
                className={`px-3 py-1.5 align-bottom font-normal${shade(col)}`}
                data-column={col.sid}
                data-node={col.node ?? ""}
                data-kind={col.kind}
                data-leader={col.leader || undefined}
              >
                <span className="block text-sm font-medium text-ink">
                  {col.node ?? col.address}
                </span>
                <ColumnMarks col={col} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={row.key} className="border-t border-line align-top" data-row={row.key}>
              {row.cell ? (
                <th scope="row" className="px-3 py-1 text-xs font-normal text-muted">
                  {row.label}
                </th>
              ) : (
                <th scope="rowgroup" className="px-3 pt-2.5 pb-1 text-xs font-medium text-muted">
                  {row.label}
                </th>
              )}
              {c.columns.map((col) => {
                const key = columnKey(col);
                if (!col.fields)
                  return i === 0 ? (
                    <td
                      key={key}
                      rowSpan={rows.length}
                      className="px-3 py-2 align-middle text-center text-muted italic"
                      data-no-answer={col.sid}
                    >
                      <NoAnswer col={col} />
                    </td>
                  ) : null;
                return (
                  <td
                    key={key}
                    className={`px-3 py-1 font-mono text-xs break-words${shade(col)}${col.kept ? " text-muted" : ""}`}
                  >
                    {row.cell?.(col.fields, col)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
