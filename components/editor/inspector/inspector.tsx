import { useState } from 'react';
import { Lock } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import { Tabs } from '@/components/ui/tabs';
import { useEditorStore, useIsReadOnly } from '../state/editor-context';
import { NodeRunData } from '../run-view/node-run-data';
import { useShownRun } from '../run-view/run-overlay';
import { NodeForm } from './node-form';

type Tab = 'settings' | 'data';

/** The right-hand panel: the selected node's settings and, beside them, its data in the shown run. */
export function Inspector() {
  const selectedIds = useEditorStore(useShallow((s) => s.nodes.filter((node) => node.selected).map((node) => node.id)));
  const isReadOnly = useIsReadOnly();
  const [onlyId] = selectedIds;
  return (
    <aside aria-label="Inspector" className="flex h-full min-h-0 flex-col bg-white">
      {isReadOnly && (
        <p className="flex shrink-0 items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-4 py-2 text-xs text-zinc-600">
          <Lock aria-hidden="true" className="size-3.5" />
          Your role can view this mastery, not change it.
        </p>
      )}
      {selectedIds.length === 1 && onlyId !== undefined ? (
        <NodeTabs key={onlyId} id={onlyId} isReadOnly={isReadOnly} />
      ) : (
        <p className="p-4 text-sm text-zinc-500">
          {selectedIds.length > 1 ? `${selectedIds.length} nodes selected.` : isReadOnly ? 'Select a node to see its settings.' : 'Select a node to edit it, or add one from the palette.'}
        </p>
      )}
    </aside>
  );
}

/** Opens on Data when the shown run has a step for the node (what a person looks for after a run), else on Settings. */
function NodeTabs({ id, isReadOnly }: { id: string; isReadOnly: boolean }) {
  const node = useEditorStore(useShallow((s) => {
    const found = s.nodes.find((n) => n.id === id);
    return found ? { nodeType: found.data.nodeType, name: found.data.name || id } : null;
  }));
  const shown = useShownRun();
  const hasStep = shown?.run.steps.some((step) => step.nodeId === id) ?? false;
  const [chosen, setChosen] = useState<Tab | null>(null);
  if (!node) return null;
  if (node.nodeType === 'note') return <div className="overflow-y-auto p-4"><NodeForm id={id} isReadOnly={isReadOnly} /></div>;
  return (
    <Tabs
      label={`${node.name} views`}
      value={chosen ?? (hasStep ? 'data' : 'settings')}
      onValueChange={(value) => setChosen(value === 'data' ? 'data' : 'settings')}
      className="flex-1"
      items={[
        { value: 'settings', label: 'Settings', content: <div className="p-4"><NodeForm id={id} isReadOnly={isReadOnly} /></div> },
        { value: 'data', label: 'Data', content: <NodeRunData nodeId={id} nodeType={node.nodeType} name={node.name} /> },
      ]}
    />
  );
}
