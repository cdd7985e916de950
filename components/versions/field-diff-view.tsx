import type { RouterOutputs } from '@/components/trpc/types';
import { formatJson } from './version-format';

type FieldChange = RouterOutputs['versions']['compare']['diff']['settings'][number];

const LINE_STYLE = { added: 'bg-success-50 text-success-700', removed: 'bg-danger-50 text-danger-700 line-through', same: 'text-zinc-600' } as const;
const LINE_MARK = { added: '+ ', removed: '- ', same: '  ' } as const;

/** An object or array is laid out on lines of its own; any value breaks anywhere rather than widen its card. */
function Value({ value, className }: { value: unknown; className: string }) {
  const isStructured = typeof value === 'object' && value !== null;
  const text = isStructured ? JSON.stringify(value, null, 2) : formatJson(value);
  return isStructured ? (
    <pre className={`mt-1 rounded px-1 text-xs whitespace-pre-wrap wrap-anywhere ${className}`}>{text}</pre>
  ) : (
    <code className={`rounded px-1 wrap-anywhere ${className}`}>{text}</code>
  );
}

/** One changed field: before → after, or a line diff for long texts. */
export function FieldDiffView({ change }: { change: FieldChange }) {
  return (
    <li className="min-w-0 py-1 text-sm">
      <span className="font-mono text-zinc-900">{change.path}</span>{' '}
      {change.lines ? (
        <pre aria-label={`Line diff of ${change.path}`} className="mt-1 overflow-x-auto rounded border border-zinc-200 bg-white p-2 text-xs">
          {change.lines.flatMap((part, index) =>
            part.text.split(/(?<=\n)/).map((line, lineIndex) => (
              <span key={`${index}-${lineIndex}`} className={`block ${LINE_STYLE[part.kind]}`}>
                {LINE_MARK[part.kind]}
                {line.replace(/\n$/, '')}
              </span>
            )),
          )}
        </pre>
      ) : (
        <span className="text-zinc-700">
          {change.kind === 'added' ? 'added: ' : change.kind === 'removed' ? 'removed: ' : ''}
          {change.kind !== 'added' && <Value value={change.before} className="bg-danger-50 text-danger-700" />}
          {change.kind === 'changed' && ' → '}
          {change.kind !== 'removed' && <Value value={change.after} className="bg-success-50 text-success-700" />}
        </span>
      )}
    </li>
  );
}
