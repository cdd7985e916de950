import type { ReactNode } from 'react';
import { Tooltip, TooltipProvider } from '@/components/ui/tooltip';

export interface MetricsRow {
  id: string;
  /** The row's header cell: a name, or a link to what it names. */
  name: ReactNode;
  /** One formatted value per column after the first. */
  values: readonly string[];
}

/** A column header, with its hint (how precise its figures are) on hover and keyboard focus. */
function Header({ column, hint }: { column: string; hint: string | undefined }) {
  if (hint === undefined) return column;
  return (
    <Tooltip content={hint}>
      <span tabIndex={0} className="cursor-help underline decoration-zinc-400 decoration-dotted underline-offset-2">
        {column}
      </span>
    </Tooltip>
  );
}

/** A table of names and right-aligned figures, shared by the masteries and agents sections. */
export function MetricsTable({ label, columns, rows, hints = {} }: { label: string; columns: readonly string[]; rows: readonly MetricsRow[]; hints?: Readonly<Record<string, string>> }) {
  return (
    <TooltipProvider delayDuration={200}>
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
                  <Header column={column} hint={hints[column]} />
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
    </TooltipProvider>
  );
}
