import { useShallow } from 'zustand/react/shallow';
import { useEditorStore, useIsReadOnly } from '../state/editor-context';
import { NodeForm } from './node-form';

/** The right-hand panel: the selected node's form, or a hint. */
export function Inspector() {
  const selectedIds = useEditorStore(useShallow((s) => s.nodes.filter((node) => node.selected).map((node) => node.id)));
  const isReadOnly = useIsReadOnly();
  const [onlyId] = selectedIds;
  return (
    <aside aria-label="Inspector" className="flex w-80 shrink-0 flex-col gap-3 overflow-y-auto border-l border-zinc-200 bg-white p-4">
      {selectedIds.length === 1 && onlyId !== undefined ? (
        <NodeForm key={onlyId} id={onlyId} isReadOnly={isReadOnly} />
      ) : (
        <p className="text-sm text-zinc-500">
          {selectedIds.length > 1 ? `${selectedIds.length} nodes selected.` : isReadOnly ? 'Select a node to see its settings.' : 'Select a node to edit it, or add one from the palette.'}
        </p>
      )}
    </aside>
  );
}
