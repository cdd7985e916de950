import { layoutGraph } from '../canvas/layout';
import type { EditorStore } from '../state/store';
import { toGraph } from '../canvas/graph-convert';

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

/** Lays the steps out with elkjs, using the sizes React Flow measured; sticky notes stay where they are. */
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
  store.getState().setPositions(positions);
}
