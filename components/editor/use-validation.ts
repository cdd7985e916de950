import { useEffect } from 'react';
import { validateGraph } from '@/server/engine/validate';
import { useCatalog } from './catalog-context';
import { useEditorStore, useEditorStoreApi } from './editor-context';
import { toGraph } from './graph-convert';

const DEBOUNCE_MS = 120;

/** The engine's own validator, run in the browser: re-validates after each change other than a move, a moment after typing stops. */
export function useLiveValidation(): void {
  const store = useEditorStoreApi();
  const revision = useEditorStore((s) => s.revision);
  const { registry } = useCatalog();
  useEffect(() => {
    const timer = setTimeout(() => {
      const { nodes, edges, settings, setProblems } = store.getState();
      setProblems(validateGraph(toGraph(nodes, edges, settings), registry).problems);
    }, revision === 0 ? 0 : DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [store, registry, revision]);
}
