import type { ReactNode } from 'react';

export interface MetricsRow {
  id: string;
  /** The row's header cell: a name, or a link to what it names. */
  name: ReactNode;
  /** One formatted value per column after the first. */
  values: readonly string[];
}

/** A table of names and right-aligned figures, shared by the masteries and agents sections. */
export function MetricsTable({ label, columns, rows }: { label: string; columns: readonly string[]; rows: readonly MetricsRow[] }) {
  return (
    <div className="relative -mx-5 overflow-x-auto">
      <table aria-label={label} className="min-w-full divide-y divide-zinc-200">
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th
                key={column}
                scope="col"
                className={`px-4 py-2 text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-600 uppercase ${index === 0 ? 'text-left' : 'text-right'}`}
              >
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className="px-4 py-2.5 text-left text-sm font-medium text-zinc-900">
                {row.name}
              </th>
              {row.values.map((value, index) => (
                // Keyed by column, not by text: two cells of a row may hold the same figure.
                <td key={columns[index + 1] ?? index} className="px-4 py-2.5 text-right text-sm whitespace-nowrap text-zinc-700 tabular-nums">
                  {value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
