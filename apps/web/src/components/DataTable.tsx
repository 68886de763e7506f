/**
 * A table in the NL Design System's (Utrecht) table markup: an optional caption, one header row
 * of column headers, and a row per item. The column marked `rowHeader` names its row (a `th` with
 * scope="row"), so screen readers read each cell with its row and column. Every list page uses
 * it; a page says what its columns are, not how a table is built.
 *
 *   <DataTable caption="3 trajecten" rows={items} rowKey={(item) => item.id}
 *     columns={[{ header: 'Traject', cell: (item) => item.id, rowHeader: true }, …]} />
 */
import type { ReactNode } from 'react';

export interface DataColumn<Row> {
  readonly header: ReactNode;
  readonly cell: (row: Row) => ReactNode;
  /** This column's cell names the row. */
  readonly rowHeader?: boolean;
  /** Numbers line up on the right. */
  readonly numeric?: boolean;
}

interface Props<Row> {
  readonly columns: ReadonlyArray<DataColumn<Row>>;
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
  readonly caption?: ReactNode;
  readonly className?: string;
}

export function DataTable<Row>({ columns, rows, rowKey, caption, className }: Props<Row>) {
  return (
    <table className={['utrecht-table', className].filter(Boolean).join(' ')}>
      {caption !== undefined && <caption className="utrecht-table__caption">{caption}</caption>}
      <thead className="utrecht-table__header">
        <tr className="utrecht-table__row">
          {columns.map((column, index) => (
            <th key={index} className={cellClass('utrecht-table__header-cell', column)} scope="col">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="utrecht-table__body">
        {rows.map((row) => (
          <tr className="utrecht-table__row" key={rowKey(row)}>
            {columns.map((column, index) =>
              column.rowHeader ? (
                <th key={index} className={cellClass('utrecht-table__header-cell', column)} scope="row">
                  {column.cell(row)}
                </th>
              ) : (
                <td key={index} className={cellClass('utrecht-table__cell', column)}>
                  {column.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function cellClass(base: string, column: DataColumn<never>): string {
  return column.numeric ? `${base} ${base}--numeric-column` : base;
}
