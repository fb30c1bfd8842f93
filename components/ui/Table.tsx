/** A column heading: its words, and on which side it sits (a number column: right). */
export type Column = React.ReactNode | { label: React.ReactNode; align: "right" };

const isAligned = (c: Column): c is { label: React.ReactNode; align: "right" } =>
  typeof c === "object" && c !== null && "align" in c;

/**
 * The table every page uses: full width, a muted heading row, and the rows given as children
 * (`<tr className="border-t border-line …">`). For plain rows of cells, `Table` below.
 */
export function TableFrame({
  head,
  testId,
  children,
}: {
  head: Column[];
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <table className="w-full text-left" data-testid={testId}>
      <thead className="text-xs text-muted">
        <tr>
          {head.map((h, i) =>
            isAligned(h) ? (
              <th key={i} className="px-3 py-1.5 text-right font-normal">
                {h.label}
              </th>
            ) : (
              <th key={i} className="px-3 py-1.5 font-normal">
                {h}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A dense table with a heading row; cells are given as rows of nodes. */
export function Table({
  head,
  rows,
  testId,
  rowData,
}: {
  head: string[];
  rows: React.ReactNode[][];
  testId?: string;
  /** data-* attributes per row (tests and deep links find rows by them). */
  rowData?: Record<`data-${string}`, string>[];
}) {
  return (
    <TableFrame head={head} testId={testId}>
      {rows.map((cells, i) => (
        <tr key={i} className="border-t border-line align-top" {...rowData?.[i]}>
          {cells.map((c, j) => (
            <td key={j} className="px-3 py-1 break-words">
              {c}
            </td>
          ))}
        </tr>
      ))}
    </TableFrame>
  );
}
