import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Graph } from '@/server/engine/graph';
import { createEditorStore, type EditorState, type EditorStore } from './store';

const EditorStoreContext = createContext<EditorStore | null>(null);
const ReadOnlyContext = createContext(true);

/** Creates this editor's store once; a second editor on the page (a diff view) gets its own. */
export function EditorStoreProvider({ graph, isReadOnly, children }: { graph: Pick<Graph, 'nodes' | 'edges' | 'settings'>; isReadOnly: boolean; children: ReactNode }) {
  const [store] = useState(() => createEditorStore(graph));
  return (
    <EditorStoreContext.Provider value={store}>
      <ReadOnlyContext.Provider value={isReadOnly}>{children}</ReadOnlyContext.Provider>
    </EditorStoreContext.Provider>
  );
}

export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore must be used inside <EditorStoreProvider>');
  return store;
}

/** Reads the editor store with a selector; wrap object-returning selectors in `useShallow`. */
export function useEditorStore<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}

export function useIsReadOnly(): boolean {
  return useContext(ReadOnlyContext);
}
