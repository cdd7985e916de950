import { layoutGraph } from '../canvas/layout';
import type { EditorStore } from '../state/store';
import { toGraph } from '../canvas/graph-convert';

/**
 * Steps moved per frame by an auto-layout. Moving every card of a graph of 1,707 steps at once blocked the
 * page for some 150 ms (React Flow re-rendering each card's wrapper, the browser restyling it and its
 * mini-map box); a few hundred a frame keeps each block well under 100 ms.
 */
const MOVES_PER_FRAME = 250;

const afterNextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** The graph being edited, as the JSON that export writes and import reads. */
export function graphJson(store: EditorStore): string {
  const { nodes, edges, settings } = store.getState();
  return JSON.stringify(toGraph(nodes, edges, settings), null, 2);
}

/** Downloads the graph being edited as `<name>.mastery.json`. */
export function exportGraph(store: EditorStore, name: string): void {
  const blob = new Blob([graphJson(store)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name.replace(/[^\w-]+/g, '-').toLowerCase() || 'mastery'}.mastery.json`;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * Lays the steps out (layout.ts), using the sizes React Flow measured; sticky notes stay where they are.
 * One undo step however many frames the move takes; an edit or an undo meanwhile stops what is left of it.
 */
export async function autoLayout(store: EditorStore, outputsOf: (nodeType: string) => readonly string[]): Promise<void> {
  const { nodes, edges } = store.getState();
  const steps = nodes.filter((node) => node.type === 'step');
  const positions = await layoutGraph(
    steps.map((node) => ({
      id: node.id,
      width: node.measured?.width ?? 224,
      height: node.measured?.height ?? 64,
      outputs: outputsOf(node.data.nodeType),
    })),
    edges,
  );
  if (positions.size <= MOVES_PER_FRAME) return store.getState().setPositions(positions);
  const { checkpoint, movePositions, requestFit, revision } = store.getState();
  checkpoint();
  const moves = [...positions];
  for (let at = 0; at < moves.length; at += MOVES_PER_FRAME) {
    // The first part too: the task that got the layout has already read it.
    await afterNextPaint();
    if (store.getState().revision !== revision) return;
    movePositions(new Map(moves.slice(at, at + MOVES_PER_FRAME)));
  }
  requestFit();
}
