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
    <table className="w-full text-left" data-testid={testId}>
      <thead className="text-xs text-muted">
        <tr>
          {head.map((h) => (
            <th key={h} className="px-3 py-1.5 font-normal">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells, i) => (
          <tr key={i} className="border-t border-line align-top" {...rowData?.[i]}>
            {cells.map((c, j) => (
              <td key={j} className="px-3 py-1 break-words">
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
