import { useMemo } from 'react';
import { useCatalog } from '../state/catalog-context';
import { useEditorStoreApi } from '../state/editor-context';
import type { Command } from './command-palette';

/** What the command palette (Ctrl+K) offers: every node type to add, and the editor's actions. */
export function useCommands(actions: { onLayout(): void; onExport(): void; onSave(): void; onHelp(): void; onSettings(): void; onRuns(): void }, isReadOnly: boolean): Command[] {
  const store = useEditorStoreApi();
  const { entries } = useCatalog();
  return useMemo(() => {
    const always: Command[] = [
      { id: 'export', label: 'Export JSON', run: actions.onExport },
      { id: 'help', label: 'Keyboard shortcuts', run: actions.onHelp },
      { id: 'settings', label: 'Mastery settings', run: actions.onSettings },
      { id: 'runs', label: 'Show or hide runs', run: actions.onRuns },
    ];
    if (isReadOnly) return always;
    const add = (type: string, title: string): Command => ({
      id: `add-${type}`,
      label: `Add ${title}`,
      run: () => void store.getState().addNode(type, { x: store.getState().nodes.length * 30, y: 0 }),
    });
    return [
      ...entries.map((entry) => add(entry.type, entry.title)),
      add('note', 'Sticky note'),
      { id: 'layout', label: 'Auto-layout', run: actions.onLayout },
      { id: 'save', label: 'Save a new draft', run: actions.onSave },
      { id: 'undo', label: 'Undo', run: () => store.getState().undo() },
      { id: 'redo', label: 'Redo', run: () => store.getState().redo() },
      ...always,
    ];
  }, [actions, entries, isReadOnly, store]);
}
