// ListTable is a page's list of rows: "loading" until the list comes, the
// empty text for none, else a table that scrolls sideways in its own box
// on a phone, with an edit button per row.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface Column<T> {
  head: string;
  cell: (row: T) => ReactNode;
  key?: string; // data-key of the cell, for tests
}

interface ListTableProps<T> {
  id: string;
  label: string;
  rows: T[] | null;
  empty: string;
  columns: Column<T>[];
  rowKey: (row: T) => string | number;
  rowData?: (row: T) => Record<string, string | number>;
  // action is the row's button: its text, what it does, its data attributes.
  action?: (row: T) => { text: string; onClick: () => void; data?: Record<string, string | number> };
}

export function ListTable<T>({ id, label, rows, empty, columns, rowKey, rowData, action }: ListTableProps<T>) {
  const { t } = useTranslation();
  if (rows === null) return <p>{t("app.loading")}</p>;
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table id={id}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.head}>{c.head}</th>
            ))}
            {action ? <th scope="col"><span className="visually-hidden">{t("ports.edit")}</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const a = action?.(r);
            return (
              <tr key={rowKey(r)} {...dataAttrs(rowData?.(r))}>
                {columns.map((c) => (
                  <td key={c.head} data-key={c.key}>{c.cell(r)}</td>
                ))}
                {a ? (
                  <td>
                    <button type="button" className="secondary" onClick={a.onClick} {...dataAttrs(a.data)}>{a.text}</button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// dataAttrs turns {port: 1} into {"data-port": 1}.
function dataAttrs(d: Record<string, string | number> | undefined): Record<string, string | number> {
  return Object.fromEntries(Object.entries(d ?? {}).map(([k, v]) => [`data-${k}`, v]));
}
