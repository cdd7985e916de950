import { useEffect } from 'react';
import { useCatalog } from '../state/catalog-context';
import { useEditorStoreApi } from '../state/editor-context';
import { startValidator } from '../state/validation-client';
import { toGraph } from '../canvas/graph-convert';

const DEBOUNCE_MS = 120;
/** The first run waits for the canvas to paint: a 1,000-node graph shows before it is checked. */
const FIRST_RUN_DELAY_MS = 250;

/**
 * The engine's own validator, run in a web worker: re-validates after each change other than a move, a
 * moment after typing stops. Typing never waits for it; an answer that a newer change overtook is dropped.
 */
export function useLiveValidation(): void {
  const store = useEditorStoreApi();
  const { entries, registry } = useCatalog();
  useEffect(() => {
    const validator = startValidator(entries, registry);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asked = 0;
    const schedule = (delayMs: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const { nodes, edges, settings } = store.getState();
        const id = (asked += 1);
        void validator.validate(toGraph(nodes, edges, settings)).then((problems) => {
          if (id === asked) store.getState().setProblems(problems);
        });
      }, delayMs);
    };
    schedule(FIRST_RUN_DELAY_MS);
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.revision === previous.revision) return;
      asked += 1;
      schedule(DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
      validator.close();
    };
  }, [store, entries, registry]);
}
