import { DIFF_MARK, DIFF_WORD, type DiffKind } from './diff-graph';

const SWATCH: Record<DiffKind, string> = {
  added: 'border-success-700 bg-success-50 text-success-700',
  removed: 'border-dashed border-danger-600 bg-danger-50 text-danger-700',
  changed: 'border-warning-700 bg-warning-50 text-warning-700',
};

/** What the colours on the canvas mean, each with its sign. */
export function DiffLegend({ summary }: { summary: Record<DiffKind, number> }) {
  return (
    <ul aria-label="Legend" className="flex items-center gap-3 text-xs text-zinc-700">
      {(['added', 'removed', 'changed'] as const).map((kind) => (
        <li key={kind} className="flex items-center gap-1">
          <span aria-hidden="true" className={`inline-flex size-4 items-center justify-center rounded border font-bold ${SWATCH[kind]}`}>
            {DIFF_MARK[kind]}
          </span>
          {DIFF_WORD[kind]} ({summary[kind]})
        </li>
      ))}
    </ul>
  );
}
