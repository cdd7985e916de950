import type { RouterOutputs } from '@/components/trpc/types';
import { formatJson } from './version-format';

type FieldChange = RouterOutputs['versions']['compare']['diff']['settings'][number];

const LINE_STYLE = { added: 'bg-success-50 text-success-700', removed: 'bg-danger-50 text-danger-700 line-through', same: 'text-zinc-600' } as const;
const LINE_MARK = { added: '+ ', removed: '- ', same: '  ' } as const;

/** One changed field: before → after, or a line diff for long texts. */
export function FieldDiffView({ change }: { change: FieldChange }) {
  return (
    <li className="py-1 text-sm">
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
          {change.kind !== 'added' && <code className="rounded bg-danger-50 px-1 text-danger-700">{formatJson(change.before)}</code>}
          {change.kind === 'changed' && ' → '}
          {change.kind !== 'removed' && <code className="rounded bg-success-50 px-1 text-success-700">{formatJson(change.after)}</code>}
        </span>
      )}
    </li>
  );
}
