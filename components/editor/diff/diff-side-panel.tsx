/**
 * Beside a comparison on the canvas: the selected step's changes field by field, or, with nothing
 * selected, the whole comparison as text.
 */
import { Badge } from '@/components/ui/badge';
import { FieldDiffView } from '@/components/versions/field-diff-view';
import { GraphDiffView } from '@/components/versions/graph-diff-view';
import { useEditorStore } from '../state/editor-context';
import { DIFF_MARK, DIFF_WORD } from './diff-graph';
import type { DiffOverlay } from './diff-overlay';

const KIND_TONE = { added: 'success', removed: 'danger', changed: 'warning' } as const;

export function DiffSidePanel({ overlay }: { overlay: DiffOverlay }) {
  const selectedId = useEditorStore((s) => s.nodes.find((node) => node.selected)?.id ?? null);
  const change = selectedId === null ? undefined : overlay.diff.nodes.find((node) => node.id === selectedId);
  return (
    <aside aria-label="Changes" className="flex h-full min-h-0 min-w-0 flex-col overflow-y-auto border-l border-zinc-200 bg-white p-3">
      <h2 className="text-sm font-semibold text-zinc-900">
        Changes from v{overlay.fromNumber} to v{overlay.toNumber}
      </h2>
      {selectedId === null ? (
        <div className="mt-3">
          <p className="mb-3 text-xs text-zinc-500">Select a step to see its changes alone.</p>
          <GraphDiffView diff={overlay.diff} />
        </div>
      ) : change === undefined ? (
        <p className="mt-3 text-sm text-zinc-600">Step &quot;{selectedId}&quot; is the same in both versions.</p>
      ) : (
        <section aria-label={`Changes of ${change.id}`} className="mt-3 flex flex-col gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={KIND_TONE[change.kind]}>
              <span aria-hidden="true">{DIFF_MARK[change.kind]}&nbsp;</span>
              {DIFF_WORD[change.kind]}
            </Badge>
            <span className="font-medium text-zinc-900">{change.name || change.id}</span>
            <span className="font-mono text-xs text-zinc-500">
              {change.id} ({change.type})
            </span>
          </div>
          {change.kind === 'changed' ? (
            <ul aria-label={`Fields of ${change.id}`}>
              {change.fields.map((field) => (
                <FieldDiffView key={field.path} change={field} />
              ))}
            </ul>
          ) : (
            <p className="text-sm text-zinc-600">{change.kind === 'added' ? `Only in v${overlay.toNumber}.` : `Only in v${overlay.fromNumber}: shown where it was.`}</p>
          )}
        </section>
      )}
    </aside>
  );
}
