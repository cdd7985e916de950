import { useEffect } from 'react';
import { validateGraph } from '@/server/engine/validate';
import { useCatalog } from '../state/catalog-context';
import { useEditorStore, useEditorStoreApi } from '../state/editor-context';
import { toGraph } from '../canvas/graph-convert';

const DEBOUNCE_MS = 120;
/** The first run waits for the canvas to paint: a 1,000-node graph shows before it is checked. */
const FIRST_RUN_DELAY_MS = 250;

/** The engine's own validator, run in the browser: re-validates after each change other than a move, a moment after typing stops. */
export function useLiveValidation(): void {
  const store = useEditorStoreApi();
  const revision = useEditorStore((s) => s.revision);
  const { registry } = useCatalog();
  useEffect(() => {
    const timer = setTimeout(() => {
      const { nodes, edges, settings, setProblems } = store.getState();
      setProblems(validateGraph(toGraph(nodes, edges, settings), registry).problems);
    }, revision === 0 ? FIRST_RUN_DELAY_MS : DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [store, registry, revision]);
}
