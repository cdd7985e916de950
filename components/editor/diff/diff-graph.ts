/**
 * The canvas of a comparison: the newer version's graph, with the steps and connections the older one had
 * and lost put back as ghosts at their old positions, and each step and connection marked added, removed
 * or changed. Pure, so the server page builds it and the browser only draws it.
 */
import type { Graph } from '@/server/engine/graph';
import type { GraphDiff } from '@/server/versions/diff';

export type DiffKind = 'added' | 'removed' | 'changed';

export interface CanvasDiff {
  graph: Graph;
  nodeKinds: Record<string, DiffKind>;
  edgeKinds: Record<string, DiffKind>;
}

export function canvasDiff(from: Graph, to: Graph, diff: GraphDiff): CanvasDiff {
  const nodeKinds = Object.fromEntries(diff.nodes.map((change) => [change.id, change.kind]));
  const edgeKinds = Object.fromEntries(diff.edges.map((change) => [change.id, change.kind]));
  const removedNodes = from.nodes.filter((node) => nodeKinds[node.id] === 'removed');
  const removedEdges = from.edges.filter((edge) => edgeKinds[edge.id] === 'removed');
  return {
    graph: { ...to, nodes: [...to.nodes, ...removedNodes], edges: [...to.edges, ...removedEdges] },
    nodeKinds,
    edgeKinds,
  };
}

/** The mark beside the colour, so that a kind is told apart without seeing colours. */
export const DIFF_MARK: Record<DiffKind, string> = { added: '+', removed: '−', changed: '~' };
export const DIFF_WORD: Record<DiffKind, string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };
/** Stroke colours of connections (the success, danger and warning tones of the theme). */
export const DIFF_STROKE: Record<DiffKind, string> = { added: '#15803d', removed: '#dc2626', changed: '#b45309' };
